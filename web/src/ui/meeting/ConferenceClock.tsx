// The conference clock in the meeting header: time since the conference began and, when the
// meeting has a planned end, how many minutes are left (or how far it runs over). A timer that
// is not announced on every tick. Display only.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { formatDuration } from '../format';

export interface ConferenceClockProps {
  startedAt: number;
  plannedEnd: number | null;
  /** The node's current time (ms since the epoch). */
  now: number;
}

export function ConferenceClock({ startedAt, plannedEnd, now }: ConferenceClockProps) {
  const { t } = useTranslation();
  const left = plannedEnd === null ? null : plannedEnd - now;
  return (
    <div className="clock" role="timer">
      <Icon name="clock" size={18} />
      <span className="visually-hidden">{t('clock.elapsed')}</span>
      <span className="clock-elapsed">{formatDuration(now - startedAt)}</span>
      {left !== null &&
        (left >= 0 ? (
          <span className={`clock-left ${left < 5 * 60_000 ? 'clock-left-soon' : ''}`}>{t('clock.minutesLeft', { count: Math.ceil(left / 60_000) })}</span>
        ) : (
          <span className="clock-left clock-left-over">{t('clock.minutesOver', { count: Math.floor(-left / 60_000) })}</span>
        ))}
    </div>
  );
}
