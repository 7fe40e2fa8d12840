// @vitest-environment jsdom
// Component tests of the timer and the coffee break in a meeting over fake services, on a fake
// clock (Date and setInterval; the node's clock ours or ahead of it): the Timer button only for
// chairs and not in simple mode; starting a countdown (title, quick choice, ready check), a
// stopwatch, the form's checks; the card with the time left ticking once a second, "Time is up"
// and one polite announcement each; the ready check ("I'm ready", "Not ready after all") and the
// chairs' count and lists; the coffee break (started from the panel, the full-screen view with
// the time left and "Back at", camera and microphone switched off, switched on again from the
// view, closed by `break_ended`, shown at once to a late joiner, ended early by a chair); German.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeSocket } from '../../client/fakeSocket';
import type { ClientEnvelope, CoffeeBreak, Participant, RunningTimer, TimerEvent } from '../../protocol/generated';
import { answerPings, controlledBy, joinMeeting, testParticipant as person, testServices, type JoinOptions } from '../testing';

/** Monday, 5 May 2025, 10:30 in Berlin (the tests' time zone). */
const NOW = Date.UTC(2025, 4, 5, 8, 30, 0);

// Captured before the clock is faked: the keep-alive runs on real time.
const realSetInterval = globalThis.setInterval;
const realClearInterval = globalThis.clearInterval;
const stops: (() => void)[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: NOW });
});

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  cleanup();
  vi.useRealTimers();
});

const moderator = person('p1', 'Ada', { roles: ['moderator', 'participant'] });
const bea = person('p2', 'Bea');



function timerEvent(socket: FakeSocket, payload: TimerEvent) {
  act(() => socket.receive({ ts: Date.now(), namespace: 'timer', payload }));
}

function timerSent(socket: FakeSocket): ClientEnvelope[] {
  return socket.sent.filter((e) => e.namespace === 'timer');
}

function lastMediaUpdate(socket: FakeSocket): ClientEnvelope | undefined {
  return socket.sent.filter((e) => e.namespace === 'control' && e.payload.action === 'update_media').at(-1);
}

function countdown(patch: Partial<RunningTimer> = {}): RunningTimer {
  return { title: 'Group work', started_at: NOW, ends_at: NOW + 300_000, ready_check: false, ready: [], by: 'p9', ...patch };
}

const fifteenMinutes: CoffeeBreak = { started_at: NOW, ends_at: NOW + 15 * 60_000, by: 'p9' };

/**
 * Joins (see `joinMeeting`) on the node's clock (`nodeAhead` ms ahead of ours), optionally in
 * the person's simple mode, and keeps the connection alive on the real clock.
 */
async function join(others: Participant[], options: JoinOptions & { nodeAhead?: number; simple?: boolean } = {}) {
  const services = testServices();
  if (options.simple === true) services.services.storage?.setItem('plenum.simpleMode', 'true');
  const joined = await joinMeeting(others, { ...options, services, nodeTime: NOW + (options.nodeAhead ?? 0) });
  stops.push(answerPings(joined.socket, realSetInterval, realClearInterval));
  return joined;
}

function timerPanel(): HTMLElement {
  return controlledBy('Timer');
}

async function openTimer(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Timer' }));
  return within(timerPanel());
}

function announcement(): string {
  return (document.querySelector('[data-timer-announcement]')?.textContent ?? '').replace('\u200b', '');
}

function tick(ms: number) {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

describe('the timer', () => {
  it('has a Timer button for chairs only', async () => {
    await join([bea]);
    expect(screen.queryByRole('button', { name: 'Timer' })).toBeNull();
    cleanup();
    await join([bea], { self: moderator });
    const toggle = screen.getByRole('button', { name: 'Timer' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    cleanup();
    await join([bea], { self: moderator, simple: true });
    expect(screen.getByRole('button', { name: 'Mute' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Timer' })).toBeNull();
  });

  it('starts a countdown with a title, a quick choice and a ready check', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    const panel = await openTimer(user);
    expect(panel.getByRole('heading', { name: 'Timer' })).toBeInTheDocument();
    await user.type(panel.getByRole('textbox', { name: 'Title' }), 'Group work');
    expect(panel.getByRole('radio', { name: 'Countdown' })).toBeChecked();
    await user.click(within(panel.getByRole('radiogroup', { name: 'Quick choices' })).getByRole('radio', { name: '3 min' }));
    expect(panel.getByRole('textbox', { name: 'Minutes' })).toHaveValue('3');
    expect(panel.getByRole('textbox', { name: 'Seconds' })).toHaveValue('0');
    await user.click(panel.getByRole('checkbox', { name: 'Ask everyone to confirm they are ready' }));
    await user.click(panel.getByRole('button', { name: 'Start timer' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'start', title: 'Group work', seconds: 180, ready_check: true });

    // Minutes and seconds typed by hand.
    await user.clear(panel.getByRole('textbox', { name: 'Minutes' }));
    await user.type(panel.getByRole('textbox', { name: 'Minutes' }), '1');
    await user.clear(panel.getByRole('textbox', { name: 'Seconds' }));
    await user.type(panel.getByRole('textbox', { name: 'Seconds' }), '30');
    await user.click(panel.getByRole('button', { name: 'Start timer' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'start', title: 'Group work', seconds: 90, ready_check: true });
  });

  it('starts a stopwatch, and checks the countdown against the limits', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    const panel = await openTimer(user);
    await user.clear(panel.getByRole('textbox', { name: 'Minutes' }));
    await user.clear(panel.getByRole('textbox', { name: 'Seconds' }));
    await user.type(panel.getByRole('textbox', { name: 'Seconds' }), '3');
    await user.click(panel.getByRole('button', { name: 'Start timer' }));
    expect(panel.getByRole('alert')).toHaveTextContent('A countdown needs at least 5 seconds.');
    expect(timerSent(socket)).toEqual([]);
    await user.click(panel.getByRole('radio', { name: 'Stopwatch' }));
    expect(panel.queryByRole('textbox', { name: 'Minutes' })).toBeNull();
    await user.click(panel.getByRole('button', { name: 'Start timer' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'start', title: '', ready_check: false });
  });

  it('shows a started countdown with the time left, counts down, and says once that time is up', async () => {
    const { socket } = await join([bea]);
    timerEvent(socket, { event: 'started', timer: countdown() });
    const timer = screen.getByRole('timer', { name: 'Countdown: Group work' });
    expect(timer).toHaveTextContent('05:00');
    expect(screen.getByRole('region', { name: 'Timer' })).toHaveTextContent('Group work');
    expect(announcement()).toBe('Countdown “Group work” of 05:00 has started.');
    // No ready check: no buttons.
    expect(screen.queryByRole('button', { name: "I'm ready" })).toBeNull();
    tick(61_000);
    expect(timer).toHaveTextContent('03:59');
    // Not announced on every tick.
    expect(announcement()).toBe('Countdown “Group work” of 05:00 has started.');
    tick(239_000);
    expect(screen.getByRole('timer', { name: 'Countdown: Group work' })).toHaveTextContent('Time is up');
    timerEvent(socket, { event: 'expired' });
    expect(screen.getByRole('timer', { name: 'Countdown: Group work' })).toHaveTextContent('Time is up');
    expect(announcement()).toBe('Time is up: Group work.');
    timerEvent(socket, { event: 'stopped', by: 'p9' });
    expect(screen.queryByRole('timer', { name: /Countdown/ })).toBeNull();
  });

  it('counts a stopwatch up, also for a late joiner, on the node clock', async () => {
    // The node's clock is 5 s ahead of ours; the stopwatch started 65 s ago on it.
    const stopwatch: RunningTimer = { title: '', started_at: NOW + 5_000 - 65_000, ready_check: false, ready: [], by: 'p9' };
    await join([bea], { snapshot: { timer: { timer: stopwatch } }, nodeAhead: 5_000 });
    const timer = screen.getByRole('timer', { name: 'Stopwatch' });
    expect(timer).toHaveTextContent('01:05');
    tick(3_600_000);
    expect(timer).toHaveTextContent('1:01:05');
  });

  it('lets participants mark themselves ready and not ready again', async () => {
    const { user, socket } = await join([bea]);
    timerEvent(socket, { event: 'started', timer: countdown({ ready_check: true }) });
    expect(announcement()).toBe('Countdown “Group work” of 05:00 has started. Please confirm that you are ready.');
    // Only chairs see the count.
    expect(screen.queryByText(/of 2 ready/)).toBeNull();
    await user.click(screen.getByRole('button', { name: "I'm ready" }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'set_ready', ready: true });
    timerEvent(socket, { event: 'ready_changed', ready: ['p1'] });
    expect(screen.getByText('You are ready.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Not ready after all' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'set_ready', ready: false });
    timerEvent(socket, { event: 'ready_changed', ready: [] });
    expect(screen.getByRole('button', { name: "I'm ready" })).toBeInTheDocument();
  });

  it('shows chairs how many are ready, and who', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    timerEvent(socket, { event: 'started', timer: countdown({ ready_check: true, by: 'p1' }) });
    const card = within(screen.getByRole('region', { name: 'Timer' }));
    expect(card.getByText('0 of 2 ready')).toBeInTheDocument();
    timerEvent(socket, { event: 'ready_changed', ready: ['p2'] });
    expect(card.getByText('1 of 2 ready')).toBeInTheDocument();
    const panel = await openTimer(user);
    expect(panel.getByText('1 of 2 ready')).toBeInTheDocument();
    expect(within(panel.getByRole('list', { name: 'Ready' })).getByText('Bea')).toBeInTheDocument();
    expect(within(panel.getByRole('list', { name: 'Not ready yet' })).getByText('Ada (you)')).toBeInTheDocument();
    expect(panel.getByText('Starting a new timer replaces the running one.')).toBeInTheDocument();
    await user.click(panel.getByRole('button', { name: 'Stop timer' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'stop' });
  });
});

describe('the coffee break', () => {
  it('starts a break from the timer panel', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    const panel = await openTimer(user);
    expect(panel.getByRole('heading', { name: 'Coffee break' })).toBeInTheDocument();
    const lengths = within(panel.getByRole('radiogroup', { name: 'Length of the break' }));
    await user.click(lengths.getByRole('radio', { name: '15 min' }));
    await user.click(panel.getByRole('button', { name: 'Start break' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'start_break', minutes: 15 });
    await user.click(lengths.getByRole('radio', { name: 'Other' }));
    const minutes = panel.getByRole('textbox', { name: 'Minutes (1–120)' });
    await user.type(minutes, '121');
    await user.click(panel.getByRole('button', { name: 'Start break' }));
    expect(panel.getByRole('alert')).toHaveTextContent('Please enter between 1 and 120 minutes.');
    expect(timerSent(socket)).toHaveLength(1);
    await user.clear(minutes);
    await user.type(minutes, '45');
    await user.click(panel.getByRole('button', { name: 'Start break' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'start_break', minutes: 45 });
  });

  it('covers the meeting, switches camera and microphone off, and closes when the break ends', async () => {
    const { user, socket } = await join([bea]);
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { audio: true, video: true } }));
    timerEvent(socket, { event: 'break_started', coffee_break: fifteenMinutes });
    const view = within(await screen.findByRole('dialog', { name: 'Coffee break' }));
    expect(view.getByRole('timer', { name: 'Time left in the coffee break' })).toHaveTextContent('15:00');
    expect(view.getByText('Back at 10:45')).toBeInTheDocument();
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { action: 'update_media', audio: false, video: false } }));
    expect(view.getByText('Your camera and microphone are off. You can still hear the others.')).toBeInTheDocument();
    expect(view.queryByRole('button', { name: 'End break' })).toBeNull();
    expect(view.getByRole('button', { name: 'Leave' })).toBeInTheDocument();
    tick(60_000);
    expect(view.getByRole('timer', { name: 'Time left in the coffee break' })).toHaveTextContent('14:00');
    // Camera and microphone on again, to chat over coffee.
    await user.click(view.getByRole('button', { name: 'Turn camera on' }));
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { video: true } }));
    await user.click(view.getByRole('button', { name: 'Unmute' }));
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { audio: true, video: true } }));
    expect(await view.findByRole('button', { name: 'Mute' })).toBeInTheDocument();
    timerEvent(socket, { event: 'break_ended' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Coffee break' })).toBeNull());
    expect(announcement()).toBe('The coffee break is over.');
    // Camera and microphone stay as they are.
    expect(lastMediaUpdate(socket)).toMatchObject({ payload: { audio: true, video: true } });
  });

  it('shows a late joiner the break at once, and chairs can end it early', async () => {
    const { user, socket } = await join([bea], { self: moderator, snapshot: { timer: { coffee_break: fifteenMinutes } } });
    const view = within(screen.getByRole('dialog', { name: 'Coffee break' }));
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { audio: false, video: false } }));
    await user.click(view.getByRole('button', { name: 'End break' }));
    expect(timerSent(socket).at(-1)?.payload).toEqual({ action: 'end_break' });
    timerEvent(socket, { event: 'break_ended', by: 'p1' });
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Coffee break' })).toBeNull());
  });
});

describe('in German', () => {
  it('names the timer, the ready check and the coffee break', async () => {
    const { user, socket } = await join([bea], { self: moderator, languages: ['de'] });
    await user.click(screen.getByRole('button', { name: 'Timer' }));
    const panel = within(timerPanel());
    expect(panel.getByRole('radio', { name: 'Countdown' })).toBeInTheDocument();
    expect(panel.getByRole('radio', { name: 'Stoppuhr' })).toBeInTheDocument();
    expect(panel.getByRole('textbox', { name: 'Titel' })).toBeInTheDocument();
    expect(panel.getByRole('checkbox', { name: 'Alle bitten zu bestätigen, dass sie bereit sind' })).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Timer starten' })).toBeInTheDocument();
    expect(panel.getByRole('heading', { name: 'Kaffeepause' })).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Pause starten' })).toBeInTheDocument();

    timerEvent(socket, { event: 'started', timer: countdown({ ready_check: true }) });
    await user.click(screen.getByRole('button', { name: 'Ich bin bereit' }));
    timerEvent(socket, { event: 'ready_changed', ready: ['p1'] });
    expect(screen.getByRole('button', { name: 'Doch nicht bereit' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Timer' })).getByText('1 von 2 bereit')).toBeInTheDocument();
    expect(panel.getByRole('list', { name: 'Bereit' })).toHaveTextContent('Ada (Sie)');
    timerEvent(socket, { event: 'expired' });
    expect(screen.getByRole('timer', { name: 'Countdown: Group work' })).toHaveTextContent('Zeit ist um');

    timerEvent(socket, { event: 'break_started', coffee_break: fifteenMinutes });
    const view = within(await screen.findByRole('dialog', { name: 'Kaffeepause' }));
    expect(view.getByText('Weiter um 10:45')).toBeInTheDocument();
    expect(view.getByRole('button', { name: 'Pause beenden' })).toBeInTheDocument();
  });
});
