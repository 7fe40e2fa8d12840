// A modal confirmation ("Delete this meeting?") built on react-aria-components' Modal and
// Dialog: heading, one sentence, "Cancel" and the (usually destructive) confirming action, with
// the failure shown inside. It performs nothing itself; the caller's `onConfirm` does.
import { useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { describeError } from '../errors';
import { ErrorLine } from './ErrorLine';
import './dialogs.css';

export interface ConfirmDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  body: string;
  confirmLabel: string;
  /** Closes the dialog when it resolves; shows the error when it rejects. */
  onConfirm(): Promise<void>;
  danger?: boolean;
  /** The name of the button that closes without acting (default "Cancel"). */
  cancelLabel?: string;
}

export function ConfirmDialog({ isOpen, onOpenChange, title, body, confirmLabel, onConfirm, danger = true, cancelLabel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (e) {
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) setError(null);
        onOpenChange(open);
      }}
      isDismissable={!busy}
    >
      <Modal className="modal">
        <Dialog className="dialog" role="alertdialog">
          <Heading slot="title" className="dialog-title">
            {title}
          </Heading>
          <p>{body}</p>
          <ErrorLine text={error} />
          <div className="dialog-actions">
            <Button className="btn" slot="close" isDisabled={busy}>
              {cancelLabel ?? t('common.cancel')}
            </Button>
            <Button className={danger ? 'btn btn-danger' : 'btn btn-primary'} onPress={() => void confirm()} isDisabled={busy}>
              {confirmLabel}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
