// Where we are while breakout rooms are open, as a calm banner at the top of the stage: "You are
// in Group 1" (or in the main room), the time left counting down on the node's clock (warm in
// the last minute), and for chairs visiting a room "Return to main room". The place is in a
// polite live region, so a move is announced; the countdown is a timer, not read on every tick.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { breakoutSecondsLeft, roomOf } from '../../client/breakout';
import { formatClock } from '../../client/timer';
import type { BreakoutSession, ParticipantId } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { useNow } from '../hooks';
import './StageCard.css';
import './breakout.css';

/** From this many seconds left, the banner turns warm. */
export const LAST_MINUTE_SECONDS = 60;

export interface BreakoutBannerProps {
  session: BreakoutSession;
  selfId: ParticipantId | null;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** Chairs can go back to the main room from here. */
  chair: boolean;
  onReturn(): void;
}

export function BreakoutBanner({ session, selfId, clockOffset, chair, onReturn }: BreakoutBannerProps) {
  const { t } = useTranslation();
  const now = useNow(1000, session.ends_at !== undefined) + clockOffset;
  const secondsLeft = breakoutSecondsLeft(session, now);
  const room = roomOf(session, selfId);
  const soon = secondsLeft !== null && secondsLeft <= LAST_MINUTE_SECONDS;
  return (
    <section className={`stage-card breakout-banner ${soon ? 'stage-card-warm breakout-banner-soon' : ''} ${chair ? 'breakout-banner-start' : ''}`} aria-label={t('breakout.banner')}>
      <Icon name="rooms" size={22} className="breakout-banner-icon" />
      <p className="breakout-banner-room" role="status">
        {room === null ? t('breakout.youAreInMain') : t('breakout.youAreIn', { room: room.name })}
      </p>
      {secondsLeft !== null && (
        <p className="breakout-banner-time" role="timer" aria-label={t('breakout.timeLeftLabel')}>
          {t('breakout.timeLeft', { time: formatClock(secondsLeft) })}
        </p>
      )}
      {chair && room !== null && (
        <Button className="btn-stage btn-stage-small" onPress={onReturn}>
          {t('breakout.returnToMain')}
        </Button>
      )}
    </section>
  );
}
