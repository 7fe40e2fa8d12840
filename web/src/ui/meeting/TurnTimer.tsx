// Who has the floor, shown in the meeting header: the speaker's name and, during a timed turn,
// a countdown that turns into a gentle "Time is up" (announced once, politely); without a
// limit, how long the turn has lasted. The speaker can end their own turn. Display and one
// callback only.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Turn } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { formatDuration } from '../format';

export interface TurnTimerProps {
  turn: Turn;
  speakerName: string;
  isSelf: boolean;
  /** The node's current time (ms since the epoch). */
  now: number;
  /** The node said the time is up. */
  timeUp: boolean;
  onEndTurn(): void;
}

export function TurnTimer({ turn, speakerName, isSelf, now, timeUp, onEndTurn }: TurnTimerProps) {
  const { t } = useTranslation();
  const left = turn.ends_at === undefined ? null : turn.ends_at - now;
  const over = timeUp || (left !== null && left <= 0);
  return (
    <div className={`turn ${over ? 'turn-over' : ''}`} data-turn-over={over ? 'true' : 'false'}>
      <Icon name="mic" size={18} />
      <span className="turn-speaker">{isSelf ? t('turn.you') : t('turn.speaker', { name: speakerName })}</span>
      <span className="turn-time" role="timer">
        {over ? t('turn.timeUp') : left !== null ? t('turn.left', { time: formatDuration(left + 999) }) : formatDuration(now - turn.started_at)}
      </span>
      <span className="visually-hidden" aria-live="polite">
        {over ? t('turn.timeUpFor', { name: speakerName }) : ''}
      </span>
      {isSelf && (
        <Button className="btn-stage btn-stage-small" onPress={onEndTurn}>
          {t('turn.end')}
        </Button>
      )}
    </div>
  );
}
