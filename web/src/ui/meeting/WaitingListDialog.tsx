// The waiting list for chairs: everyone in the waiting room in order of arrival, guests marked,
// with how long they have waited, and per person "Admit" and "Reject"; "Admit all" at the end.
// A modal dialog; it sends nothing itself but calls back with the person's id.
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ParticipantId, WaitingPerson } from '../../protocol/generated';
import { useNow } from '../hooks';
import '../components/dialogs.css';
import './moderation.css';

export interface WaitingListDialogProps {
  isOpen: boolean;
  onOpenChange(open: boolean): void;
  waiting: readonly WaitingPerson[];
  /** Node clock minus ours. */
  clockOffset: number;
  onAdmit(id: ParticipantId): void;
  onReject(id: ParticipantId): void;
  onAdmitAll(): void;
}

export function WaitingListDialog({ isOpen, onOpenChange, waiting, clockOffset, onAdmit, onReject, onAdmitAll }: WaitingListDialogProps) {
  const { t } = useTranslation();
  const now = useNow(15_000, isOpen) + clockOffset;
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title" className="dialog-title">
            {t('waitingList.title')}
          </Heading>
          {waiting.length === 0 ? (
            <p>{t('waitingList.empty')}</p>
          ) : (
            <ul className="waiting-list">
              {waiting.map((person) => (
                <li key={person.id} className="waiting-person" aria-label={person.display_name}>
                  <span className="waiting-person-text">
                    <span className="waiting-person-name">{person.display_name}</span>
                    <span className="waiting-person-meta">
                      {person.guest && <span className="role-badge role-badge-guest">{t('role.guest')}</span>}
                      <span>{t('waitingList.since', { count: Math.max(0, Math.floor((now - person.since) / 60_000)) })}</span>
                    </span>
                  </span>
                  <span className="waiting-person-actions">
                    <Button className="btn btn-primary btn-compact" onPress={() => onAdmit(person.id)}>
                      {t('waitingList.admit')}
                    </Button>
                    <Button className="btn btn-compact" onPress={() => onReject(person.id)}>
                      {t('waitingList.reject')}
                    </Button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="dialog-actions">
            <Button className="btn" slot="close">
              {t('common.close')}
            </Button>
            {waiting.length > 0 && (
              <Button className="btn btn-primary" onPress={onAdmitAll}>
                {t('events.admitAll')}
              </Button>
            )}
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
