// The meeting's timer and coffee break as the client keeps them: a pure reducer over the node's
// `timer` events (the running countdown or stopwatch with its ready check, whether the node said
// the time is up, the coffee break), what to show at a moment (time left or elapsed, from the
// node's times and the node's "now"), the clock format (mm:ss, h:mm:ss), who is ready and who is
// not yet, and the node's limits for what a moderator may start (the form's checks). It is not
// a ticking clock, it sends nothing and touches no DOM: roomStore.ts holds the state, the UI
// supplies "now" (our clock plus the measured offset) and the Meeting sends the commands.
import type { CoffeeBreak, RunningTimer, TimerEvent } from '../protocol/generated';

/** Shortest and longest countdown the node accepts, in seconds. */
export const MIN_COUNTDOWN_SECONDS = 5;
export const MAX_COUNTDOWN_SECONDS = 86_400;
/** Longest title, in characters (Unicode code points). */
export const MAX_TITLE_CHARS = 100;
/** Shortest and longest coffee break the node accepts, in minutes. */
export const MIN_BREAK_MINUTES = 1;
export const MAX_BREAK_MINUTES = 120;
/** Quick choices offered for a countdown, in minutes. */
export const COUNTDOWN_CHOICES: readonly number[] = [1, 3, 5, 10, 15];
/** Quick choices offered for a coffee break, in minutes. */
export const BREAK_CHOICES: readonly number[] = [5, 10, 15, 30];

export interface TimerState {
  /** The running countdown or stopwatch (also a countdown whose time is up, until stopped). */
  timer: RunningTimer | null;
  /** The node said the countdown's time is up. */
  expired: boolean;
  /** The coffee break, while one runs. */
  coffeeBreak: CoffeeBreak | null;
}

export const initialTimerState: TimerState = { timer: null, expired: false, coffeeBreak: null };

function sameTimer(a: RunningTimer | null, b: RunningTimer | null): boolean {
  return a !== null && b !== null && a.started_at === b.started_at && a.by === b.by;
}

/**
 * The state after one of the node's `timer` events; `at` is when the node sent it (its clock).
 * A snapshot (`state`, also after resuming) keeps "time is up" for the same timer, and knows it
 * for a countdown whose end has passed.
 */
export function timerReducer(state: TimerState, event: TimerEvent, at: number): TimerState {
  switch (event.event) {
    case 'state': {
      const timer = event.timer ?? null;
      const ended = timer?.ends_at !== undefined && timer.ends_at <= at;
      const expired = timer !== null && timer.ends_at !== undefined && (ended || (sameTimer(state.timer, timer) && state.expired));
      return { timer, expired, coffeeBreak: event.coffee_break ?? null };
    }
    case 'started':
      return { ...state, timer: event.timer, expired: false };
    case 'expired':
      return state.timer === null || state.expired ? state : { ...state, expired: true };
    case 'stopped':
      return state.timer === null ? state : { ...state, timer: null, expired: false };
    case 'ready_changed':
      return state.timer === null ? state : { ...state, timer: { ...state.timer, ready: event.ready } };
    case 'break_started':
      return { ...state, coffeeBreak: event.coffee_break };
    case 'break_ended':
      return state.coffeeBreak === null ? state : { ...state, coffeeBreak: null };
  }
}

/** What a timer shows at a moment. */
export type TimerReading =
  /** Whole seconds left (rounded up: 5:00 at the start, 0:00 only at the end); `over` once time is up. */
  | { kind: 'countdown'; seconds: number; over: boolean }
  /** Whole seconds since it started. */
  | { kind: 'stopwatch'; seconds: number };

/** The countdown or stopwatch value at `now` (the node's clock: ours plus the offset). */
export function readTimer(timer: Pick<RunningTimer, 'started_at' | 'ends_at'>, expired: boolean, now: number): TimerReading {
  if (timer.ends_at === undefined) {
    return { kind: 'stopwatch', seconds: Math.floor(Math.max(0, now - timer.started_at) / 1000) };
  }
  // Never more than the countdown's length, even when our estimate of the node's clock lags.
  const left = Math.min(timer.ends_at - timer.started_at, Math.max(0, timer.ends_at - now));
  const seconds = Math.ceil(left / 1000);
  return { kind: 'countdown', seconds, over: expired || seconds === 0 };
}

/** Whole seconds left in a coffee break at `now` (the node's clock), rounded up. */
export function breakSecondsLeft(coffeeBreak: Pick<CoffeeBreak, 'ends_at'>, now: number): number {
  return Math.ceil(Math.max(0, coffeeBreak.ends_at - now) / 1000);
}

/** A node time as a time on our clock (for "Back at 10:45"). */
export function toLocalTime(nodeTime: number, clockOffset: number): number {
  return nodeTime - clockOffset;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Seconds as a clock: `mm:ss` below an hour ("04:05"), `h:mm:ss` from an hour on ("1:02:03"). */
export function formatClock(totalSeconds: number): string {
  const total = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

export interface Readiness<P> {
  /** People inside who marked themselves ready, in the order of marking. */
  ready: P[];
  /** People inside who did not (yet), in the room's order. */
  notYet: P[];
}

/** Who is ready and who not yet, among the people inside (self included). */
export function readinessOf<P extends { id: string }>(timer: Pick<RunningTimer, 'ready'>, participants: readonly P[]): Readiness<P> {
  const byId = new Map(participants.map((p) => [p.id, p]));
  const marked = new Set<string>();
  const ready: P[] = [];
  for (const id of timer.ready) {
    const person = byId.get(id);
    if (person === undefined || marked.has(id)) continue;
    marked.add(id);
    ready.push(person);
  }
  return { ready, notYet: participants.filter((p) => !marked.has(p.id)) };
}

/** Whether `id` marked themselves ready. */
export function isReady(timer: Pick<RunningTimer, 'ready'> | null, id: string | null): boolean {
  return timer !== null && id !== null && timer.ready.includes(id);
}

/** Control characters (the title is one line). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

/** A title as it is sent: control characters removed, trimmed, at most 100 characters. */
export function cleanTitle(title: string): string {
  return Array.from(title.replace(CONTROL, ' ').trim()).slice(0, MAX_TITLE_CHARS).join('').trim();
}

export type CountdownProblem = 'not_a_number' | 'too_short' | 'too_long';

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}

/** A countdown's length from the form's minutes and seconds (empty counts as 0), or why not. */
export function countdownSeconds(minutes: string, seconds: string): { seconds: number } | { problem: CountdownProblem } {
  const m = wholeNumber(minutes);
  const s = wholeNumber(seconds);
  if (m === null || s === null) return { problem: 'not_a_number' };
  const total = m * 60 + s;
  if (total < MIN_COUNTDOWN_SECONDS) return { problem: 'too_short' };
  if (total > MAX_COUNTDOWN_SECONDS) return { problem: 'too_long' };
  return { seconds: total };
}

/** A coffee break's length in minutes from the form (1–120), or null when it is not one. */
export function breakMinutes(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  const minutes = Number(trimmed);
  return minutes >= MIN_BREAK_MINUTES && minutes <= MAX_BREAK_MINUTES ? minutes : null;
}
