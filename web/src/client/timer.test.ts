// Unit tests of the timer state: the node's events (snapshot, start replacing a timer, time is
// up, stop, ready marks, the coffee break), what a countdown or stopwatch shows at a moment
// (rounded so 5:00 shows at the start and 0:00 only at the end), the clock format, who is ready
// among the people inside, and the form's checks against the node's limits.
import { describe, expect, it } from 'vitest';
import type { CoffeeBreak, RunningTimer, TimerEvent } from '../protocol/generated';
import {
  breakMinutes,
  breakSecondsLeft,
  cleanTitle,
  countdownSeconds,
  formatClock,
  initialTimerState,
  isReady,
  readinessOf,
  readTimer,
  timerReducer,
  toLocalTime,
  type TimerState,
} from './timer';

const T0 = 1_700_000_000_000;

function countdown(patch: Partial<RunningTimer> = {}): RunningTimer {
  return { title: 'Group work', started_at: T0, ends_at: T0 + 300_000, ready_check: false, ready: [], by: 'p1', ...patch };
}

const stopwatch: RunningTimer = { title: '', started_at: T0, ready_check: false, ready: [], by: 'p1' };
const coffee: CoffeeBreak = { started_at: T0, ends_at: T0 + 600_000, by: 'p1' };

function apply(state: TimerState, at: number, ...events: TimerEvent[]): TimerState {
  return events.reduce((s, e) => timerReducer(s, e, at), state);
}

describe('timerReducer', () => {
  it('starts, says the time is up once, and stops', () => {
    let state = apply(initialTimerState, T0, { event: 'started', timer: countdown() });
    expect(state).toEqual({ timer: countdown(), expired: false, coffeeBreak: null });
    state = apply(state, T0 + 300_000, { event: 'expired' });
    expect(state.expired).toBe(true);
    expect(apply(state, T0 + 300_001, { event: 'expired' })).toBe(state);
    // A new timer replaces the one whose time was up.
    state = apply(state, T0 + 400_000, { event: 'started', timer: countdown({ started_at: T0 + 400_000, ends_at: T0 + 460_000 }) });
    expect(state.expired).toBe(false);
    state = apply(state, T0 + 410_000, { event: 'stopped', by: 'p1' });
    expect(state).toEqual(initialTimerState);
    expect(apply(state, T0, { event: 'stopped', by: 'p1' })).toBe(state);
    expect(apply(state, T0, { event: 'expired' })).toBe(state);
  });

  it('follows the ready marks', () => {
    let state = apply(initialTimerState, T0, { event: 'started', timer: countdown({ ready_check: true }) });
    state = apply(state, T0 + 1000, { event: 'ready_changed', ready: ['p3', 'p2'] });
    expect(state.timer?.ready).toEqual(['p3', 'p2']);
    expect(isReady(state.timer, 'p2')).toBe(true);
    expect(isReady(state.timer, 'p1')).toBe(false);
    expect(isReady(null, 'p2')).toBe(false);
    expect(apply(initialTimerState, T0, { event: 'ready_changed', ready: ['p2'] })).toBe(initialTimerState);
  });

  it('takes the snapshot of a late joiner, knowing a countdown whose end has passed', () => {
    let state = apply(initialTimerState, T0 + 10_000, { event: 'state', timer: countdown(), coffee_break: coffee });
    expect(state).toEqual({ timer: countdown(), expired: false, coffeeBreak: coffee });
    state = apply(initialTimerState, T0 + 300_000, { event: 'state', timer: countdown() });
    expect(state.expired).toBe(true);
    // A stopwatch never runs out.
    expect(apply(initialTimerState, T0 + 900_000_000, { event: 'state', timer: stopwatch }).expired).toBe(false);
    expect(apply(state, T0, { event: 'state' })).toEqual(initialTimerState);
  });

  it('keeps "time is up" when resuming with the same timer, not for another one', () => {
    const up = apply(initialTimerState, T0, { event: 'started', timer: countdown() }, { event: 'expired' });
    // The node's clock said "up"; the snapshot's time may still be a hair before the end.
    expect(apply(up, T0 + 299_000, { event: 'state', timer: countdown() }).expired).toBe(true);
    expect(apply(up, T0 + 299_000, { event: 'state', timer: countdown({ started_at: T0 + 1 }) }).expired).toBe(false);
  });

  it('starts and ends the coffee break', () => {
    let state = apply(initialTimerState, T0, { event: 'break_started', coffee_break: coffee });
    expect(state.coffeeBreak).toEqual(coffee);
    state = apply(state, T0 + 1000, { event: 'break_ended', by: 'p1' });
    expect(state.coffeeBreak).toBeNull();
    expect(apply(state, T0, { event: 'break_ended' })).toBe(state);
  });
});

describe('readTimer', () => {
  it('counts a countdown down, rounding up to whole seconds', () => {
    const timer = countdown();
    expect(readTimer(timer, false, T0)).toEqual({ kind: 'countdown', seconds: 300, over: false });
    // Our estimate of the node's clock may lag behind its start: never more than the length.
    expect(readTimer(timer, false, T0 - 800)).toEqual({ kind: 'countdown', seconds: 300, over: false });
    expect(readTimer(timer, false, T0 + 500)).toEqual({ kind: 'countdown', seconds: 300, over: false });
    expect(readTimer(timer, false, T0 + 1000)).toEqual({ kind: 'countdown', seconds: 299, over: false });
    expect(readTimer(timer, false, T0 + 299_001)).toEqual({ kind: 'countdown', seconds: 1, over: false });
    expect(readTimer(timer, false, T0 + 300_000)).toEqual({ kind: 'countdown', seconds: 0, over: true });
    expect(readTimer(timer, false, T0 + 400_000)).toEqual({ kind: 'countdown', seconds: 0, over: true });
    // The node decides: up is up, even if our clock lags behind.
    expect(readTimer(timer, true, T0 + 298_000)).toEqual({ kind: 'countdown', seconds: 2, over: true });
  });

  it('counts a stopwatch up from its start, never below zero', () => {
    expect(readTimer(stopwatch, false, T0 - 2000)).toEqual({ kind: 'stopwatch', seconds: 0 });
    expect(readTimer(stopwatch, false, T0 + 61_999)).toEqual({ kind: 'stopwatch', seconds: 61 });
  });

  it('uses the node clock: our time plus the offset', () => {
    // Our clock is 5 s behind the node's.
    const offset = 5_000;
    const ours = T0 + 10_000 - offset;
    expect(readTimer(countdown(), false, ours + offset)).toMatchObject({ seconds: 290 });
    expect(breakSecondsLeft(coffee, ours + offset)).toBe(590);
    expect(toLocalTime(coffee.ends_at, offset)).toBe(coffee.ends_at - offset);
  });

  it('counts the break down and stops at zero', () => {
    expect(breakSecondsLeft(coffee, T0)).toBe(600);
    expect(breakSecondsLeft(coffee, T0 + 599_500)).toBe(1);
    expect(breakSecondsLeft(coffee, T0 + 700_000)).toBe(0);
  });
});

describe('formatClock', () => {
  it('shows mm:ss below an hour and h:mm:ss from an hour on', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(5)).toBe('00:05');
    expect(formatClock(245)).toBe('04:05');
    expect(formatClock(3599)).toBe('59:59');
    expect(formatClock(3600)).toBe('1:00:00');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(86_400)).toBe('24:00:00');
    expect(formatClock(-3)).toBe('00:00');
  });
});

describe('readinessOf', () => {
  const people = [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }, { id: 'p4' }];

  it('lists the ready in the order of marking and the rest in the room order', () => {
    const { ready, notYet } = readinessOf({ ready: ['p3', 'p1', 'p3'] }, people);
    expect(ready.map((p) => p.id)).toEqual(['p3', 'p1']);
    expect(notYet.map((p) => p.id)).toEqual(['p2', 'p4']);
  });

  it('counts only people inside', () => {
    const { ready, notYet } = readinessOf({ ready: ['p9', 'p2'] }, people);
    expect(ready.map((p) => p.id)).toEqual(['p2']);
    expect(notYet).toHaveLength(3);
  });
});

describe('the form', () => {
  it('adds minutes and seconds within the node limits', () => {
    expect(countdownSeconds('5', '')).toEqual({ seconds: 300 });
    expect(countdownSeconds(' 1 ', '30')).toEqual({ seconds: 90 });
    expect(countdownSeconds('', '90')).toEqual({ seconds: 90 });
    expect(countdownSeconds('0', '5')).toEqual({ seconds: 5 });
    expect(countdownSeconds('1440', '0')).toEqual({ seconds: 86_400 });
    expect(countdownSeconds('0', '4')).toEqual({ problem: 'too_short' });
    expect(countdownSeconds('', '')).toEqual({ problem: 'too_short' });
    expect(countdownSeconds('1440', '1')).toEqual({ problem: 'too_long' });
    expect(countdownSeconds('2.5', '0')).toEqual({ problem: 'not_a_number' });
    expect(countdownSeconds('-1', '0')).toEqual({ problem: 'not_a_number' });
    expect(countdownSeconds('five', '0')).toEqual({ problem: 'not_a_number' });
  });

  it('accepts breaks of 1 to 120 minutes', () => {
    expect(breakMinutes('1')).toBe(1);
    expect(breakMinutes(' 120 ')).toBe(120);
    expect(breakMinutes('0')).toBeNull();
    expect(breakMinutes('121')).toBeNull();
    expect(breakMinutes('')).toBeNull();
    expect(breakMinutes('7.5')).toBeNull();
  });

  it('cleans the title to one line of at most 100 characters', () => {
    expect(cleanTitle('  Group\nwork  ')).toBe('Group work');
    expect(cleanTitle('')).toBe('');
    expect(Array.from(cleanTitle('😀'.repeat(120)))).toHaveLength(100);
  });
});
