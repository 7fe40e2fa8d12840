// The breakout rooms side panel (chairs only): the form that opens them while none are open (with
// the set-ups prepared with the meeting, for chairs who are signed in), the open rooms to run
// while they are, and the node's refusal of a command sent from here. It
// sends breakout commands through its callback and keeps no room state.
import { useTranslation } from 'react-i18next';
import type { RoomError } from '../../client/roomStore';
import type { BreakoutCommand, BreakoutSession, Participant, ParticipantId, RoomId } from '../../protocol/generated';
import { ErrorLine } from '../components/ErrorLine';
import { BreakoutForm } from './BreakoutForm';
import { BreakoutOverview } from './BreakoutOverview';
import { SidePanel } from './SidePanel';
import { useCommandRefusal } from './useCommandRefusal';
import './breakout.css';
import './moderation.css';

export interface BreakoutPanelProps {
  id: string;
  session: BreakoutSession | null;
  /** Everyone inside, self included. */
  participants: readonly Participant[];
  selfId: ParticipantId | null;
  roomId: RoomId | null;
  /** The set-ups prepared with the room's meeting can be fetched (signed in). */
  showPrepared: boolean;
  /** The room belongs to a meeting. */
  meetingRoom: boolean;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** The node's last refusal (matched against the commands sent from here). */
  lastError: RoomError | null;
  /** Returns the command's id, or null when it could not be sent. */
  onCommand(command: BreakoutCommand): number | null;
  onClose(): void;
}

export function BreakoutPanel(props: BreakoutPanelProps) {
  const { t } = useTranslation();
  const { refusal, sent } = useCommandRefusal(props.lastError);
  const command = (c: BreakoutCommand) => sent(props.onCommand(c));
  return (
    <SidePanel id={props.id} title={t('breakout.title')} closeLabel={t('breakout.close')} onClose={props.onClose}>
      <div className="panel-body moderation breakout-panel">
        <ErrorLine text={refusal === null ? null : t('breakout.failed', { message: refusal })} />
        {props.session === null ? (
          <BreakoutForm
            participants={props.participants}
            selfId={props.selfId}
            roomId={props.roomId}
            showPrepared={props.showPrepared}
            meetingRoom={props.meetingRoom}
            onOpen={(plan) => command({ action: 'start', plan })}
          />
        ) : (
          <BreakoutOverview session={props.session} participants={props.participants} selfId={props.selfId} clockOffset={props.clockOffset} onCommand={command} />
        )}
      </div>
    </SidePanel>
  );
}
