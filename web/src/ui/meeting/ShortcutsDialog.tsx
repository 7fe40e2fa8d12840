// The "Keyboard shortcuts" help dialog: each key (as <kbd>) and what it does, and that they
// never act while typing in a field. A modal dialog; display only.
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { SHORTCUT_LIST } from './shortcuts';
import '../components/dialogs.css';

export function ShortcutsDialog({ isOpen, onOpenChange }: { isOpen: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation();
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title" className="dialog-title">
            {t('shortcuts.title')}
          </Heading>
          <table className="shortcuts">
            <caption className="visually-hidden">{t('shortcuts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('shortcuts.key')}</th>
                <th scope="col">{t('shortcuts.action')}</th>
              </tr>
            </thead>
            <tbody>
              {SHORTCUT_LIST.map((shortcut) => (
                <tr key={shortcut.what}>
                  <td>
                    {shortcut.keys.map((key) => (
                      <kbd key={key}>{key === 'space' ? t('shortcuts.space') : key}</kbd>
                    ))}
                  </td>
                  <td>{t(shortcut.what)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="description">{t('shortcuts.notWhileTyping')}</p>
          <div className="dialog-actions">
            <Button className="btn btn-primary" slot="close">
              {t('common.close')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
