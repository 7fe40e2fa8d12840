// What the meeting's polite live region says about the timer, once per occasion: a countdown or
// stopwatch started (with "Please confirm that you are ready." for a ready check), the time is
// up (when the node says so), and the coffee break is over. Never on every tick, not again for
// the same timer after resuming. The break's start needs no words here: its view opens as a
// dialog and takes the focus. Text only; MeetingView renders the region.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, type TimerState } from '../../client/timer';

export function useTimerAnnouncement(state: TimerState): string {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const count = useRef(0);
  const translate = useRef(t);
  translate.current = t;

  const { timer, expired, coffeeBreak } = state;
  const key = timer === null ? null : `${timer.started_at}/${timer.by}`;
  const latest = useRef(timer);
  latest.current = timer;

  const say = useRef((words: string) => {
    count.current += 1;
    // An invisible alternating suffix makes a repeated sentence a change the region reads.
    setText(count.current % 2 === 0 ? words : `${words}\u200b`);
  });

  const started = useRef<string | null>(null);
  useEffect(() => {
    const current = latest.current;
    if (key === started.current) return;
    started.current = key;
    if (current === null || expired) return;
    const tr = translate.current;
    const title = current.title;
    let words: string =
      current.ends_at === undefined
        ? title === ''
          ? tr('timer.announce.stopwatch')
          : tr('timer.announce.stopwatchNamed', { title })
        : title === ''
          ? tr('timer.announce.countdown', { time: formatClock((current.ends_at - current.started_at) / 1000) })
          : tr('timer.announce.countdownNamed', { title, time: formatClock((current.ends_at - current.started_at) / 1000) });
    if (current.ready_check) words = `${words} ${tr('timer.announce.readyCheck')}`;
    say.current(words);
  }, [key, expired]);

  const upKey = expired && key !== null ? key : null;
  const announcedUp = useRef<string | null>(null);
  useEffect(() => {
    if (upKey === null || upKey === announcedUp.current) return;
    announcedUp.current = upKey;
    const title = latest.current?.title ?? '';
    const tr = translate.current;
    say.current(title === '' ? tr('timer.announce.timeUp') : tr('timer.announce.timeUpNamed', { title }));
  }, [upKey]);

  const onBreak = coffeeBreak !== null;
  const wasOnBreak = useRef(onBreak);
  useEffect(() => {
    if (wasOnBreak.current && !onBreak) say.current(translate.current('timer.announce.breakOver'));
    wasOnBreak.current = onBreak;
  }, [onBreak]);

  return text;
}
