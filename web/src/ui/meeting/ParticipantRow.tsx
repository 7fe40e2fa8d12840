// One person in the participant list: avatar, name ("(you)"), role badges and groups, a raised
// hand with its place in the queue, a reconnecting label, the microphone state, for chairs the
// total speaking time (live while they speak) and the actions menu (not for themselves), or for
// everyone else "Send private message to <name>". Display; the actions are ParticipantActions.tsx.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { FloorCommand, Hand, ModerationCommand, Participant } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { formatDuration } from '../format';
import { avatarColor, initials } from './avatar';
import { ParticipantActions } from './ParticipantActions';
import { RoleBadges } from './RoleBadges';

export interface ParticipantRowProps {
  participant: Participant;
  isSelf: boolean;
  muted: boolean;
  hand: { hand: Hand; position: number } | undefined;
  /** Chairs: milliseconds spoken so far (null for everyone else). */
  spokenMs: number | null;
  /** Chairs get the actions menu (null for everyone else). */
  actions: {
    restricted: boolean;
    allowed: boolean;
    moderate(command: ModerationCommand): void;
    floor(command: FloorCommand): void;
  } | null;
  /** Opens a private chat with this person (absent when the chat cannot be used). */
  onMessage?: ((participantId: string) => void) | undefined;
}

export function ParticipantRow({ participant: p, isSelf, muted, hand, spokenMs, actions, onMessage }: ParticipantRowProps) {
  const { t } = useTranslation();
  const reconnecting = p.connection === 'reconnecting';
  return (
    <li className={`panel-item ${reconnecting ? 'panel-item-reconnecting' : ''}`} data-participant-item={p.id}>
      <span className="panel-avatar" style={{ backgroundColor: avatarColor(p.id) }} aria-hidden="true">
        {initials(p.display_name)}
      </span>
      <span className="panel-text">
        <span className="panel-name">
          {p.display_name}
          {isSelf && <span className="panel-you"> {t('meeting.you')}</span>}
        </span>
        <RoleBadges participant={p} />
        {(hand !== undefined || reconnecting || spokenMs !== null) && (
          <span className="panel-meta">
            {hand !== undefined && (
              <span className={`panel-hand ${hand.hand.point_of_order ? 'panel-hand-order' : ''}`}>
                <Icon name={hand.hand.point_of_order ? 'pointOfOrder' : 'hand'} size={16} />
                {hand.hand.point_of_order ? t('hands.pointOfOrderAt', { position: hand.position }) : t('hands.raisedAt', { position: hand.position })}
              </span>
            )}
            {reconnecting && <span className="panel-reconnecting">{t('meeting.participantReconnecting')}</span>}
            {spokenMs !== null && (
              <span className="panel-spoken" data-speaking-time={p.id} data-spoken-ms={Math.round(spokenMs)}>
                {t('hands.spoken', { time: formatDuration(spokenMs) })}
              </span>
            )}
          </span>
        )}
      </span>
      <span className={`panel-mic ${muted ? 'panel-mic-off' : ''}`}>
        <Icon name={muted ? 'micOff' : 'mic'} size={20} />
        <span className="visually-hidden">{muted ? t('meeting.microphoneMuted') : t('meeting.microphoneActive')}</span>
      </span>
      {actions !== null && !isSelf && (
        <ParticipantActions
          participant={p}
          handRaised={hand !== undefined}
          restricted={actions.restricted}
          allowed={actions.allowed}
          moderate={actions.moderate}
          floor={actions.floor}
          {...(onMessage !== undefined ? { onMessage: () => onMessage(p.id) } : {})}
        />
      )}
      {actions === null && !isSelf && onMessage !== undefined && (
        <Button className="icon-button" aria-label={t('chat.sendPrivateTo', { name: p.display_name })} onPress={() => onMessage(p.id)}>
          <Icon name="chat" size={20} />
        </Button>
      )}
    </li>
  );
}
