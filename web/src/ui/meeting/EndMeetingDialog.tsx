// The confirmation before a chair ends the meeting: "End meeting for everyone" (everyone leaves)
// or "End and debrief" (everyone else leaves, owners and moderators stay together), or Cancel.
// It decides nothing itself; `onEnd` sends the command.
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import '../components/dialogs.css';

export interface EndMeetingDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  onEnd(debrief: boolean): void;
}

export function EndMeetingDialog({ isOpen, onOpenChange, onEnd }: EndMeetingDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog" role="alertdialog">
          <Heading slot="title" className="dialog-title">
            {t('moderation.endTitle')}
          </Heading>
          <p>{t('moderation.endBody')}</p>
          <p>{t('moderation.debriefBody')}</p>
          <div className="dialog-actions">
            <Button className="btn" slot="close">
              {t('common.cancel')}
            </Button>
            <Button className="btn" onPress={() => onEnd(true)}>
              {t('moderation.endAndDebrief')}
            </Button>
            <Button className="btn btn-danger" onPress={() => onEnd(false)}>
              {t('moderation.endForEveryone')}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
