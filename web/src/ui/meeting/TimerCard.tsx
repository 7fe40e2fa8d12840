// The running timer as everyone sees it, a calm compact card at the top of the stage: the title,
// the time large (mm:ss counting down, or up for a stopwatch) as a `timer` that is not read out
// on every tick, a gentle "Time is up" when a countdown ran out, and with a ready check "I'm
// ready" / "Not ready after all" (and for chairs "3 of 12 ready"). It ticks once a second on
// the node's clock (ours plus the offset). The polite announcements at the start and when time
// is up are useTimerAnnouncement.ts, not here; it sends nothing but the ready mark through its
// callback.
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatClock, isReady, readinessOf, readTimer } from '../../client/timer';
import type { Participant, ParticipantId, RunningTimer } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { useNow } from '../hooks';
import './StageCard.css';
import './TimerCard.css';

export interface TimerCardProps {
  timer: RunningTimer;
  /** The node said the countdown's time is up. */
  expired: boolean;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  selfId: ParticipantId | null;
  /** Everyone inside, self included (for the chairs' count). */
  participants: readonly Participant[];
  chair: boolean;
  onSetReady(ready: boolean): void;
}

export function TimerCard({ timer, expired, clockOffset, selfId, participants, chair, onSetReady }: TimerCardProps) {
  const { t } = useTranslation();
  const countdown = timer.ends_at !== undefined;
  const now = useNow(1000, !(countdown && expired)) + clockOffset;
  const reading = readTimer(timer, expired, now);
  const over = reading.kind === 'countdown' && reading.over;
  const kind = countdown ? t('timer.countdown') : t('timer.stopwatch');
  const label = timer.title === '' ? kind : t('timer.named', { kind, title: timer.title });
  const ready = isReady(timer, selfId);
  const count = timer.ready_check && chair ? readinessOf(timer, participants).ready.length : null;

  return (
    <section className={`stage-card timer-card ${over ? 'stage-card-warm timer-card-over' : ''}`} aria-label={t('timer.title')} data-timer-over={over ? 'true' : 'false'}>
      <Icon name="timer" size={22} className="timer-card-icon" />
      <div className="timer-card-main">
        {timer.title !== '' && <p className="timer-card-title">{timer.title}</p>}
        <div className="timer-card-time" role="timer" aria-label={label}>
          {over ? t('timer.timeUp') : formatClock(reading.seconds)}
        </div>
      </div>
      {timer.ready_check && (
        <div className="timer-card-ready">
          {count !== null && <span className="timer-card-count">{t('timer.readyCount', { ready: count, total: participants.length })}</span>}
          {ready && (
            <span className="timer-card-mine">
              <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                <path d="m5 12.5 4.5 4.5L19 7" />
              </svg>
              {t('timer.youAreReady')}
            </span>
          )}
          {selfId !== null &&
            (ready ? (
              <Button className="btn-stage btn-stage-small" onPress={() => onSetReady(false)}>
                {t('timer.notReady')}
              </Button>
            ) : (
              <Button className="btn-stage btn-stage-small btn-stage-primary" onPress={() => onSetReady(true)}>
                {t('timer.ready')}
              </Button>
            ))}
        </div>
      )}
    </section>
  );
}
