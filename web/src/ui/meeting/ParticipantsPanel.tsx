// The participant list panel: everyone with name, role, microphone state and a reconnecting
// label. Read-only; moderation tools are not part of it yet.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { avatarColor, initials } from './avatar';

export interface ParticipantsPanelProps {
  id: string;
  participants: readonly Participant[];
  selfId: string | null;
  isMuted(participant: Participant): boolean;
  onClose(): void;
}

export function ParticipantsPanel({ id, participants, selfId, isMuted, onClose }: ParticipantsPanelProps) {
  const { t } = useTranslation();
  const headingId = `${id}-heading`;
  return (
    <aside id={id} className="panel" aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>
          {t('meeting.participants')} <span className="panel-count">({participants.length})</span>
        </h2>
        <Button className="icon-button" aria-label={t('meeting.closePanel')} onPress={onClose}>
          <Icon name="close" size={20} />
        </Button>
      </div>
      <ul className="panel-list">
        {participants.map((p) => {
          const muted = isMuted(p);
          const reconnecting = p.connection === 'reconnecting';
          return (
            <li key={p.id} className={`panel-item ${reconnecting ? 'panel-item-reconnecting' : ''}`} data-participant-item={p.id}>
              <span className="panel-avatar" style={{ backgroundColor: avatarColor(p.id) }} aria-hidden="true">
                {initials(p.display_name)}
              </span>
              <span className="panel-text">
                <span className="panel-name">
                  {p.display_name}
                  {p.id === selfId && <span className="panel-you"> {t('meeting.you')}</span>}
                </span>
                <span className="panel-meta">
                  {t(`role.${p.role}`)}
                  {reconnecting && <span className="panel-reconnecting"> · {t('meeting.participantReconnecting')}</span>}
                </span>
              </span>
              <span className={`panel-mic ${muted ? 'panel-mic-off' : ''}`}>
                <Icon name={muted ? 'micOff' : 'mic'} size={20} />
                <span className="visually-hidden">{muted ? t('meeting.microphoneMuted') : t('meeting.microphoneActive')}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
