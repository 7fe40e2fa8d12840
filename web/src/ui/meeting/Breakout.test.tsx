// @vitest-environment jsdom
// Component tests of breakout rooms in a meeting over fake services, on a fake clock: the Breakout
// rooms button for chairs only; opening rooms at random by number of rooms (balanced, moderators
// left out, the shuffle from the browser's cryptographic random numbers, "Shuffle again"), by
// participants per room with names, a duration and moderators included, by groups, and by hand; the
// form's checks and the node's refusal; set-ups prepared with the meeting (fetched only for
// signed-in chairs, "Use" fills the form and the rooms open as it says; where to prepare them when
// there are none); running them
// (extend, shorten, an end for rooms without one, a message to all rooms, go to a room and back,
// move someone, end after confirming); the participant list by room; what a participant sees (only
// their room's people and cameras, the banner with the time left, the warning, messages, back in
// the main room); a hand raised in a room in the event console (Answer in chat, Go to <room>);
// German.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlenumApi } from '../../client/api';
import type { FakeSocket } from '../../client/fakeSocket';
import { Session } from '../../client/session';
import type { BreakoutEvent, BreakoutSession, ClientEnvelope, Participant, PreparedBreakout } from '../../protocol/generated';
import {
  answerPings,
  controlledBy,
  fakeApi,
  joinMeeting,
  testConfig,
  testMe,
  testParticipant as person,
  testRoomSummary,
  testServices,
  type JoinOptions,
} from '../testing';

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

const ada = person('p1', 'Ada', { roles: ['moderator', 'participant'] });
const bea = person('p2', 'Bea', { groups: ['Red'] });
const cem = person('p3', 'Cem', { groups: ['Blue'] });
const dan = person('p4', 'Dan', { groups: ['Red'] });
const eva = person('p5', 'Eva');
const fin = person('p6', 'Fin', { groups: ['Blue', 'Red'] });
const mia = person('p7', 'Mia', { roles: ['moderator', 'participant'] });
const everyone = [bea, cem, dan, eva, fin, mia];

function session(patch: Partial<BreakoutSession> = {}): BreakoutSession {
  return {
    rooms: [
      { id: 1, name: 'Group 1' },
      { id: 2, name: 'Group 2' },
    ],
    places: [
      { participant: 'p1', room: 1 },
      { participant: 'p2', room: 1 },
      { participant: 'p3', room: 2 },
      { participant: 'p4', room: 2 },
    ],
    started_at: NOW,
    ends_at: NOW + 600_000,
    assign_late_joiners: true,
    include_moderators: false,
    by: 'p7',
    ...patch,
  };
}

/** Rooms named in German by a German moderator's client. */
const german = session({
  rooms: [
    { id: 1, name: 'Gruppe 1' },
    { id: 2, name: 'Gruppe 2' },
  ],
});

/** Joins (see `joinMeeting`) on the node's clock and keeps the connection alive on the real clock. */
async function join(others: Participant[], options: JoinOptions = {}) {
  const joined = await joinMeeting(others, { ...options, nodeTime: NOW });
  stops.push(answerPings(joined.socket, realSetInterval, realClearInterval));
  return joined;
}

function breakout(socket: FakeSocket, payload: BreakoutEvent) {
  act(() => socket.receive({ ts: Date.now(), namespace: 'breakout', payload }));
}

function breakoutSent(socket: FakeSocket): ClientEnvelope[] {
  return socket.sent.filter((e) => e.namespace === 'breakout');
}

function lastBreakoutCommand(socket: FakeSocket) {
  return breakoutSent(socket).at(-1)?.payload;
}

function subscriptions(socket: FakeSocket): string[][] {
  return socket.sent.flatMap((e) => (e.namespace === 'media' && e.payload.action === 'subscribe' ? [e.payload.video] : []));
}

/** Random numbers that are always `value` (so a shuffle is known in advance). */
function randomAlways(value: number) {
  return vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
    (array as unknown as Uint32Array).fill(value);
    return array;
  });
}

async function openPanel(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Breakout rooms' }));
  return within(controlledBy('Breakout rooms'));
}

/** The names in a preview room (or the main room), as shown. */
function previewOf(panel: ReturnType<typeof within>, heading: string): string[] {
  const field = panel.queryByRole('textbox', { name: heading });
  const room = field === null ? panel.getByRole('heading', { name: heading }).parentElement : field.closest('li');
  return within(room as HTMLElement)
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}

async function choose(user: ReturnType<typeof userEvent.setup>, select: RegExp, option: string) {
  await user.click(screen.getByRole('button', { name: select }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('opening breakout rooms', () => {
  it('has a Breakout rooms button for chairs only', async () => {
    await join(everyone, { self: person('p1', 'Ada') });
    expect(screen.queryByRole('button', { name: 'Breakout rooms' })).toBeNull();
    cleanup();
    await join(everyone, { self: ada });
    const toggle = screen.getByRole('button', { name: 'Breakout rooms' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('opens rooms at random by number of rooms: balanced, without the moderators, as previewed', async () => {
    randomAlways(1);
    const { user, socket } = await join(everyone, { self: ada });
    const panel = await openPanel(user);
    expect(panel.getByRole('heading', { name: 'Breakout rooms', level: 2 })).toBeInTheDocument();
    expect(panel.getByRole('radio', { name: 'Random' })).toBeChecked();
    expect(panel.getByRole('radio', { name: 'Number of rooms' })).toBeChecked();
    expect(panel.getByRole('switch', { name: 'Include moderators' })).not.toBeChecked();
    expect(panel.getByRole('switch', { name: 'Assign late joiners' })).toBeChecked();
    expect(panel.getByRole('radio', { name: 'Unlimited' })).toBeChecked();
    // Each j of the shuffle is 1: Ada, Cem, Dan, Eva, Fin, Mia, Bea; without the moderators.
    expect(previewOf(panel, 'Name of room 1')).toEqual(['Cem', 'Dan', 'Eva']);
    expect(previewOf(panel, 'Name of room 2')).toEqual(['Bea', 'Fin']);
    expect(previewOf(panel, 'Stay in the main room')).toEqual(['Ada (you)', 'Mia']);
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toEqual({
      action: 'start',
      plan: {
        rooms: [
          { name: 'Group 1', members: ['p3', 'p4', 'p5'] },
          { name: 'Group 2', members: ['p6', 'p2'] },
        ],
        assign_late_joiners: true,
        include_moderators: false,
      },
    });

    // Three rooms from a new shuffle (each j is 0: Bea, Cem, Dan, Eva, Fin, Mia, Ada).
    randomAlways(0);
    await user.click(panel.getByRole('button', { name: 'Shuffle again' }));
    await user.clear(panel.getByRole('textbox', { name: 'How many rooms' }));
    await user.type(panel.getByRole('textbox', { name: 'How many rooms' }), '3');
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toMatchObject({
      plan: {
        rooms: [
          { name: 'Group 1', members: ['p2', 'p3'] },
          { name: 'Group 2', members: ['p4', 'p5'] },
          { name: 'Group 3', members: ['p6'] },
        ],
      },
    });
  });

  it('opens rooms by participants per room, with names, a duration and the moderators', async () => {
    randomAlways(0);
    const { user, socket } = await join(everyone, { self: ada });
    const panel = await openPanel(user);
    await user.click(panel.getByRole('radio', { name: 'Participants per room' }));
    await user.clear(panel.getByRole('textbox', { name: 'How many per room' }));
    await user.type(panel.getByRole('textbox', { name: 'How many per room' }), '2');
    await user.click(panel.getByRole('switch', { name: 'Include moderators' }));
    await user.click(panel.getByRole('switch', { name: 'Assign late joiners' }));
    await user.click(panel.getByRole('radio', { name: '10 min' }));
    const second = panel.getByRole('textbox', { name: 'Name of room 2' });
    expect(second).toHaveValue('Group 2');
    await user.clear(second);
    await user.type(second, 'Blue table');
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toEqual({
      action: 'start',
      plan: {
        rooms: [
          { name: 'Group 1', members: ['p2', 'p3'] },
          { name: 'Blue table', members: ['p4', 'p5'] },
          { name: 'Group 3', members: ['p6', 'p7'] },
          { name: 'Group 4', members: ['p1'] },
        ],
        seconds: 600,
        assign_late_joiners: false,
        include_moderators: true,
      },
    });
  });

  it('opens one room per group; people without a group stay in the main room', async () => {
    const { user, socket } = await join(everyone, { self: ada });
    const panel = await openPanel(user);
    await user.click(panel.getByRole('radio', { name: 'By groups' }));
    expect(panel.queryByRole('radio', { name: 'Number of rooms' })).toBeNull();
    expect(panel.getByRole('textbox', { name: 'Name of room 1' })).toHaveValue('Blue');
    expect(previewOf(panel, 'Stay in the main room')).toEqual(['Ada (you)', 'Eva', 'Mia']);
    await user.click(panel.getByRole('radio', { name: 'Other' }));
    await user.type(panel.getByRole('textbox', { name: 'Minutes (1–1440)' }), '45');
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toEqual({
      action: 'start',
      plan: {
        rooms: [
          { name: 'Blue', members: ['p3', 'p6'], group: 'Blue' },
          { name: 'Red', members: ['p2', 'p4'], group: 'Red' },
        ],
        seconds: 2700,
        assign_late_joiners: true,
        include_moderators: false,
      },
    });
  });

  it('says so when no one is in a group', async () => {
    const { user, socket } = await join([person('p2', 'Bea'), person('p3', 'Cem')], { self: ada });
    const panel = await openPanel(user);
    await user.click(panel.getByRole('radio', { name: 'By groups' }));
    expect(panel.getByText(/No one here is in a group yet/)).toBeInTheDocument();
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(panel.getByRole('alert')).toHaveTextContent(/No one here is in a group yet/);
    expect(breakoutSent(socket)).toEqual([]);
  });

  it('assigns each person by hand, starting from the preview', async () => {
    randomAlways(1);
    const { user, socket } = await join(everyone, { self: ada });
    const panel = await openPanel(user);
    await user.click(panel.getByRole('radio', { name: 'Manual' }));
    expect(panel.getByRole('button', { name: /Room for Bea/ })).toHaveTextContent('Group 2');
    expect(panel.queryByRole('button', { name: /Room for Mia/ })).toBeNull();
    await choose(user, /Room for Bea/, 'Group 1');
    await choose(user, /Room for Cem/, 'Main room');
    expect(previewOf(panel, 'Name of room 1')).toEqual(['Bea', 'Dan', 'Eva']);
    expect(previewOf(panel, 'Stay in the main room')).toEqual(['Ada (you)', 'Cem', 'Mia']);
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toMatchObject({
      plan: {
        rooms: [
          { name: 'Group 1', members: ['p2', 'p4', 'p5'] },
          { name: 'Group 2', members: ['p6'] },
        ],
      },
    });
  });

  it('checks the form, and shows the node’s refusal', async () => {
    const { user, socket } = await join(everyone, { self: ada });
    const panel = await openPanel(user);
    const count = panel.getByRole('textbox', { name: 'How many rooms' });
    await user.clear(count);
    await user.type(count, '51');
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(panel.getByRole('alert')).toHaveTextContent('Please enter a number from 1 to 50.');
    await user.clear(count);
    await user.type(count, '2');
    await user.clear(panel.getByRole('textbox', { name: 'Name of room 1' }));
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(panel.getByRole('alert')).toHaveTextContent('Every room needs a name of at most 60 characters.');
    await user.type(panel.getByRole('textbox', { name: 'Name of room 1' }), 'Reds');
    await user.click(panel.getByRole('radio', { name: 'Other' }));
    await user.type(panel.getByRole('textbox', { name: 'Minutes (1–1440)' }), '0');
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(panel.getByRole('alert')).toHaveTextContent('Please enter between 1 and 1440 minutes.');
    expect(breakoutSent(socket)).toEqual([]);

    await user.click(panel.getByRole('radio', { name: '5 min' }));
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    const sent = breakoutSent(socket).at(-1);
    const id = sent?.id ?? -1;
    expect(sent?.payload).toMatchObject({ action: 'start', plan: { seconds: 300, rooms: [{ name: 'Reds' }, { name: 'Group 2' }] } });
    act(() => socket.receive({ ts: NOW, id, namespace: 'error', payload: { event: 'error', code: 'not_found', message: 'someone left' } }));
    expect(await panel.findByRole('alert')).toHaveTextContent('That did not work: someone left');
  });
});

describe('set-ups prepared with the meeting', () => {
  const threes: PreparedBreakout = {
    id: 'b1',
    setup: {
      name: 'Threes',
      settings: { assignment: 'random', split_by: 'size', rooms: 2, size: 3, names: ['Pond'], include_moderators: true, assign_late_joiners: false, minutes: 15 },
    },
  };
  const pairs: PreparedBreakout = {
    id: 'b2',
    setup: {
      name: 'Two tables by hand',
      settings: { assignment: 'manual', split_by: 'rooms', rooms: 2, size: 4, names: ['', 'Quiet'], include_moderators: false, assign_late_joiners: true },
    },
  };

  /** Services of a signed-in user whose room's meeting has these set-ups (a meeting room unless told). */
  function signedIn(listRoomBreakoutSetups = vi.fn((_room: string) => Promise.resolve([threes, pairs])), overrides: Partial<PlenumApi> = {}) {
    const api = fakeApi({ listRoomBreakoutSetups, getRoom: (id) => Promise.resolve(testRoomSummary({ id, title: 'Team meeting' })), ...overrides });
    return { listRoomBreakoutSetups, services: testServices({ api, session: new Session(api, { status: 'ready', config: testConfig(), me: testMe() }) }) };
  }

  it('fills the form with one click; the rooms open as it says, with the people present', async () => {
    randomAlways(0);
    const { listRoomBreakoutSetups, services } = signedIn();
    const { user, socket } = await join(everyone, { self: ada, services });
    const panel = await openPanel(user);
    const prepared = within(await panel.findByRole('region', { name: 'Prepared set-ups' }));
    expect(listRoomBreakoutSetups).toHaveBeenCalledWith('room-1');
    expect(prepared.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Threes3 per room · random · 15 min · moderators included · late joiners stay in the main roomUse',
      'Two tables by hand2 rooms · by hand · no time limitUse',
    ]);
    expect(panel.queryByRole('button', { name: 'Save set-up' })).toBeNull();
    expect(panel.queryByText(/in this browser/)).toBeNull();

    await user.click(prepared.getByRole('button', { name: 'Use “Threes”' }));
    expect(prepared.getByRole('status')).toHaveTextContent('Set-up “Threes” loaded.');
    expect(panel.getByRole('radio', { name: 'Random' })).toBeChecked();
    expect(panel.getByRole('radio', { name: 'Participants per room' })).toBeChecked();
    expect(panel.getByRole('textbox', { name: 'How many per room' })).toHaveValue('3');
    expect(panel.getByRole('switch', { name: 'Include moderators' })).toBeChecked();
    expect(panel.getByRole('switch', { name: 'Assign late joiners' })).not.toBeChecked();
    expect(panel.getByRole('radio', { name: '15 min' })).toBeChecked();
    // Seven people present, three per room; each j of the shuffle is 0: Bea, Cem, Dan, Eva, Fin, Mia, Ada.
    expect(panel.getByRole('textbox', { name: 'Name of room 1' })).toHaveValue('Pond');
    expect(previewOf(panel, 'Name of room 1')).toEqual(['Bea', 'Cem', 'Dan']);
    expect(previewOf(panel, 'Name of room 3')).toEqual(['Ada (you)', 'Mia']);
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toEqual({
      action: 'start',
      plan: {
        rooms: [
          { name: 'Pond', members: ['p2', 'p3', 'p4'] },
          { name: 'Group 2', members: ['p5', 'p6'] },
          { name: 'Group 3', members: ['p7', 'p1'] },
        ],
        seconds: 900,
        assign_late_joiners: false,
        include_moderators: true,
      },
    });
  });

  it('starts a set-up by hand from a shuffle of the people present, to adjust', async () => {
    randomAlways(0);
    const { services } = signedIn();
    const { user, socket } = await join(everyone, { self: ada, services });
    const panel = await openPanel(user);
    await user.click(await panel.findByRole('button', { name: 'Use “Two tables by hand”' }));
    expect(panel.getByRole('radio', { name: 'Manual' })).toBeChecked();
    expect(panel.getByRole('radio', { name: 'Unlimited' })).toBeChecked();
    expect(panel.getByRole('textbox', { name: 'Name of room 2' })).toHaveValue('Quiet');
    expect(panel.getByRole('button', { name: /Room for Bea/ })).toHaveTextContent('Group 1');
    expect(panel.getByRole('button', { name: /Room for Fin/ })).toHaveTextContent('Quiet');
    await choose(user, /Room for Cem/, 'Quiet');
    await user.click(panel.getByRole('button', { name: 'Open breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toEqual({
      action: 'start',
      plan: {
        rooms: [
          { name: 'Group 1', members: ['p2', 'p4'] },
          { name: 'Quiet', members: ['p3', 'p5', 'p6'] },
        ],
        assign_late_joiners: true,
        include_moderators: false,
      },
    });
  });

  it('speaks German', async () => {
    const { services } = signedIn();
    const { user } = await join(everyone, { self: ada, services, languages: ['de'] });
    await user.click(screen.getByRole('button', { name: 'Gruppenräume' }));
    const panel = within(controlledBy('Gruppenräume'));
    const prepared = within(await panel.findByRole('region', { name: 'Vorlagen' }));
    expect(prepared.getByText('3 pro Raum · zufällig · 15 Min. · mit Moderation · später Hinzukommende bleiben im Hauptraum')).toBeInTheDocument();
    await user.click(prepared.getByRole('button', { name: '„Threes“ verwenden' }));
    expect(prepared.getByRole('status')).toHaveTextContent('Vorlage „Threes“ übernommen.');
    expect(panel.getByRole('textbox', { name: 'Name von Raum 1' })).toHaveValue('Pond');
  });

  it('are asked for only by signed-in chairs; where to prepare them is said only in a meeting’s room', async () => {
    // A signed-in participant has no breakout rooms at all.
    let t = signedIn();
    await join(everyone, { self: person('p1', 'Ada'), services: t.services });
    expect(screen.queryByRole('button', { name: 'Breakout rooms' })).toBeNull();
    expect(t.listRoomBreakoutSetups).not.toHaveBeenCalled();
    cleanup();

    // A chair who is not signed in.
    const anonymous = vi.fn(() => Promise.resolve([threes]));
    let joined = await join(everyone, { self: ada, services: testServices({ api: fakeApi({ listRoomBreakoutSetups: anonymous }) }) });
    let panel = await openPanel(joined.user);
    expect(panel.getByRole('button', { name: 'Open breakout rooms' })).toBeInTheDocument();
    expect(anonymous).not.toHaveBeenCalled();
    expect(panel.queryByRole('region', { name: 'Prepared set-ups' })).toBeNull();
    cleanup();

    // A signed-in chair of a meeting without set-ups: where they are prepared.
    t = signedIn(vi.fn(() => Promise.resolve([])));
    joined = await join(everyone, { self: ada, services: t.services });
    panel = await openPanel(joined.user);
    expect(await panel.findByText('Set-ups are prepared on the meeting’s page, under “Breakout set-ups”. They appear here to use with one click.')).toBeInTheDocument();
    expect(panel.queryByRole('region', { name: 'Prepared set-ups' })).toBeNull();
    cleanup();

    // An ad-hoc room (none), or set-ups that cannot be fetched: nothing.
    for (const listRoomBreakoutSetups of [vi.fn(() => Promise.resolve([])), vi.fn(() => Promise.reject(new Error('forbidden')))]) {
      t = signedIn(listRoomBreakoutSetups, { getRoom: (id) => Promise.resolve(testRoomSummary({ id })) });
      joined = await join(everyone, { self: ada, services: t.services });
      panel = await openPanel(joined.user);
      await waitFor(() => expect(listRoomBreakoutSetups).toHaveBeenCalled());
      expect(panel.queryByRole('region', { name: 'Prepared set-ups' })).toBeNull();
      expect(panel.queryByText(/Set-ups are prepared/)).toBeNull();
      cleanup();
    }
  });
});

describe('running breakout rooms', () => {
  const inMain = session({ places: session().places.filter((p) => p.participant !== 'p1') });

  it('extends, shortens, sends a message to all rooms, visits a room and returns, moves someone, and ends', async () => {
    const { user, socket } = await join(everyone, { self: ada, snapshot: { breakout: inMain } });
    const panel = await openPanel(user);
    expect(panel.getByRole('timer', { name: 'Time left in the breakout rooms' })).toHaveTextContent('10:00 left');
    await user.click(panel.getByRole('button', { name: 'Extend by 5 minutes' }));
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'extend', seconds: 300 });
    await user.click(panel.getByRole('button', { name: 'Shorten by 1 minute' }));
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'extend', seconds: -60 });

    await user.click(panel.getByRole('button', { name: 'Send to all rooms' }));
    expect(panel.getByRole('alert')).toHaveTextContent('Please write a message of at most 500 characters.');
    await user.type(panel.getByRole('textbox', { name: 'Message to all rooms' }), '  Five more minutes, please. ');
    await user.click(panel.getByRole('button', { name: 'Send to all rooms' }));
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'broadcast', text: 'Five more minutes, please.' });
    expect(panel.getByRole('textbox', { name: 'Message to all rooms' })).toHaveValue('');

    expect(panel.getByText('You are in the main room')).toBeInTheDocument();
    await user.click(panel.getByRole('button', { name: 'Go to Group 2' }));
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'move', participant: 'p1', room: 2 });
    breakout(socket, { event: 'moved', participant: 'p1', room: 2 });
    expect(panel.getByText('You are in Group 2')).toBeInTheDocument();
    expect(panel.queryByRole('button', { name: 'Go to Group 2' })).toBeNull();
    // Visiting: the stage shows that room, and the banner leads back too.
    expect(screen.getByRole('group', { name: 'Dan' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Mia' })).toBeNull();
    const banner = screen.getByRole('region', { name: 'Breakout room' });
    expect(within(banner).getByRole('status')).toHaveTextContent('You are in Group 2');
    await user.click(within(banner).getByRole('button', { name: 'Return to main room' }));
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'move', participant: 'p1' });
    await user.click(panel.getByRole('button', { name: 'Return to main room' }));
    expect(breakoutSent(socket).slice(-2).map((e) => e.payload)).toEqual([
      { action: 'move', participant: 'p1' },
      { action: 'move', participant: 'p1' },
    ]);

    await choose(user, /Move Bea to/, 'Group 2');
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'move', participant: 'p2', room: 2 });
    await choose(user, /Move Cem to/, 'Main room');
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'move', participant: 'p3' });

    const before = breakoutSent(socket).length;
    await user.click(panel.getByRole('button', { name: 'End breakout rooms' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'End the breakout rooms?' });
    expect(breakoutSent(socket)).toHaveLength(before);
    await user.click(within(dialog).getByRole('button', { name: 'End breakout rooms' }));
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'end' });

    // Once they closed, the panel offers new ones.
    breakout(socket, { event: 'ended', by: 'p1' });
    expect(await panel.findByRole('button', { name: 'Open breakout rooms' })).toBeInTheDocument();
  });

  it('sets an end 5 minutes from now for rooms without a duration', async () => {
    const { ends_at: _end, ...unlimited } = session();
    const { user, socket } = await join(everyone, { self: ada, snapshot: { breakout: unlimited } });
    const panel = await openPanel(user);
    expect(panel.getByText('Open until a moderator ends them')).toBeInTheDocument();
    expect(panel.queryByRole('button', { name: 'Shorten by 1 minute' })).toBeNull();
    const extend = panel.getByRole('button', { name: 'Extend by 5 minutes' });
    expect(extend).toHaveAccessibleDescription('No end is set yet. “Extend by 5 minutes” closes the rooms 5 minutes from now.');
    await user.click(extend);
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'extend', seconds: 300 });
  });

  it('shows moderators the participant list by room', async () => {
    const { user } = await join(everyone, { self: ada, snapshot: { breakout: inMain } });
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    const names = (list: string) =>
      within(screen.getByRole('list', { name: list }))
        .getAllByRole('listitem')
        .map((li) => li.getAttribute('data-participant-item'));
    expect(names('Main room')).toEqual(expect.arrayContaining(['p1', 'p5', 'p6', 'p7']));
    expect(names('Main room')).toHaveLength(4);
    expect(names('Group 1')).toEqual(['p2']);
    expect(names('Group 2')).toEqual(expect.arrayContaining(['p3', 'p4']));
  });

  it('shows a hand raised in a room with its room, to answer in the chat or go there', async () => {
    const { user, socket } = await join(everyone, { self: ada, snapshot: { breakout: inMain } });
    act(() => socket.receive({ ts: NOW, namespace: 'floor', payload: { event: 'hands', hands: [{ participant: 'p3', point_of_order: false, raised_at: NOW }] } }));
    const events = screen.getByRole('region', { name: 'Events' });
    expect(within(events).getByText('Cem raised a hand in Group 2')).toBeInTheDocument();
    expect(within(events).queryByRole('button', { name: 'Allow to speak' })).toBeNull();
    await user.click(within(events).getByRole('button', { name: 'Go to Group 2' }));
    expect(lastBreakoutCommand(socket)).toEqual({ action: 'move', participant: 'p1', room: 2 });
    await user.click(within(events).getByRole('button', { name: 'Answer in chat' }));
    const chat = within(controlledBy('Chat'));
    expect(chat.getByRole('heading', { name: 'Cem' })).toBeInTheDocument();
    await user.type(chat.getByRole('textbox', { name: 'Message' }), 'Coming!{Enter}');
    expect(socket.sent.filter((e) => e.namespace === 'chat').at(-1)?.payload).toEqual({ action: 'send', to: { kind: 'people', participants: ['p3'] }, text: 'Coming!' });

    // Once we are there, there is nowhere to go; a hand in the main room is the usual one.
    breakout(socket, { event: 'moved', participant: 'p1', room: 2 });
    expect(within(events).queryByRole('button', { name: 'Go to Group 2' })).toBeNull();
    act(() =>
      socket.receive({
        ts: NOW,
        namespace: 'floor',
        payload: { event: 'hands', hands: [{ participant: 'p3', point_of_order: false, raised_at: NOW }, { participant: 'p5', point_of_order: false, raised_at: NOW + 1 }] },
      }),
    );
    expect(within(events).getByText('Eva raised their hand')).toBeInTheDocument();
    expect(within(events).getByRole('button', { name: 'Allow to speak' })).toBeInTheDocument();
  });
});

describe('a participant in a breakout room', () => {
  const self = person('p1', 'Ada');

  it('sees and receives only the people of their room, under a banner with the room and the time left', async () => {
    const { socket } = await join(everyone, { self, snapshot: { breakout: session() } });
    expect(screen.getByRole('group', { name: 'Bea' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Cem' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Mia' })).toBeNull();
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p2']));
    const banner = screen.getByRole('region', { name: 'Breakout room' });
    expect(within(banner).getByRole('status')).toHaveTextContent('You are in Group 1');
    const left = within(banner).getByRole('timer', { name: 'Time left in the breakout rooms' });
    expect(left).toHaveTextContent('10:00 left');
    act(() => {
      vi.advanceTimersByTime(61_000);
    });
    expect(left).toHaveTextContent('08:59 left');
    expect(within(banner).queryByRole('button', { name: 'Return to main room' })).toBeNull();

    // Someone moved in: their tile and their camera come.
    breakout(socket, { event: 'moved', participant: 'p3', room: 1 });
    expect(screen.getByRole('group', { name: 'Cem' })).toBeInTheDocument();
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p2', 'p3']));

    // Moved to another room: other people.
    breakout(socket, { event: 'moved', participant: 'p1', room: 2 });
    expect(within(banner).getByRole('status')).toHaveTextContent('You are in Group 2');
    expect(screen.getByRole('group', { name: 'Dan' })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Bea' })).toBeNull();
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p4']));
  });

  it('is told a minute before the end, reads messages to all rooms, and comes back to the main room', async () => {
    const { user, socket } = await join(everyone, { self, snapshot: { breakout: session() } });
    breakout(socket, { event: 'warning', ends_at: Date.now() + 60_000 });
    const notices = screen.getByRole('status', { name: 'Breakout room notices' });
    expect(notices).toHaveTextContent('Breakout rooms close in 1 minute');
    breakout(socket, { event: 'broadcast', from: 'p7', from_name: 'Mia', text: 'Please write down <b>one</b> result' });
    expect(within(notices).getByText('Message from Mia to all rooms')).toBeInTheDocument();
    expect(within(notices).getByText('Please write down <b>one</b> result')).toBeInTheDocument();
    await user.click(within(notices).getAllByRole('button', { name: 'Dismiss' })[1] as HTMLElement);
    expect(within(notices).queryByText('Message from Mia to all rooms')).toBeNull();

    breakout(socket, { event: 'ended' });
    expect(notices).toHaveTextContent('You are back in the main room');
    expect(notices).not.toHaveTextContent('close in 1 minute');
    expect(screen.queryByRole('region', { name: 'Breakout room' })).toBeNull();
    expect(screen.getByRole('group', { name: 'Mia' })).toBeInTheDocument();
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7']));
  });

  it('sees only their room in the participant list', async () => {
    const { user } = await join(everyone, { self, snapshot: { breakout: session() } });
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    const list = screen.getByRole('list', { name: 'Everyone in the meeting' });
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('data-participant-item')).sort()).toEqual(['p1', 'p2']);
  });

  it('speaks German', async () => {
    const { socket } = await join(everyone, { self, snapshot: { breakout: german }, languages: ['de'] });
    expect(screen.getByRole('region', { name: 'Gruppenraum' })).toHaveTextContent('Sie sind in Gruppe 1');
    expect(screen.getByRole('timer', { name: 'Verbleibende Zeit in den Gruppenräumen' })).toHaveTextContent('noch 10:00');
    breakout(socket, { event: 'warning', ends_at: Date.now() + 60_000 });
    breakout(socket, { event: 'ended' });
    expect(screen.getByRole('status', { name: 'Hinweise zu den Gruppenräumen' })).toHaveTextContent('Sie sind wieder im Hauptraum');
  });
});

describe('German for moderators', () => {
  it('names the button, the form and the running rooms', async () => {
    const { user } = await join(everyone, { self: ada, languages: ['de'] });
    await user.click(screen.getByRole('button', { name: 'Gruppenräume' }));
    const panel = within(controlledBy('Gruppenräume'));
    for (const name of ['Zufällig', 'Von Hand', 'Nach Gruppen', 'Anzahl der Räume', 'Teilnehmende pro Raum', 'Unbegrenzt']) {
      expect(panel.getByRole('radio', { name })).toBeInTheDocument();
    }
    expect(panel.getByRole('textbox', { name: 'Name von Raum 1' })).toHaveValue('Gruppe 1');
    expect(panel.getByRole('button', { name: 'Gruppenräume öffnen' })).toBeInTheDocument();
    cleanup();
    const again = await join(everyone, { self: ada, languages: ['de'], snapshot: { breakout: german } });
    await again.user.click(screen.getByRole('button', { name: 'Gruppenräume' }));
    const running = within(controlledBy('Gruppenräume'));
    for (const name of ['Um 5 Minuten verlängern', 'Um 1 Minute verkürzen', 'An alle Räume senden', 'Zurück in den Hauptraum', 'Zu Gruppe 2 wechseln', 'Gruppenräume schließen']) {
      expect(running.getByRole('button', { name })).toBeInTheDocument();
    }
  });
});
