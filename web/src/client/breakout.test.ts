// Unit tests of the breakout rooms as the client keeps them: the snapshot, opening, moves (also
// back to the main room), a new end, the warning and messages as notices, closing (back in the
// main room, or closed while there), dismissing; places, people per room, moves and the time
// left; the room store following the `breakout` namespace and forgetting it in the waiting room.
import { describe, expect, it } from 'vitest';
import type { BreakoutEvent, BreakoutSession, Participant, ServerEnvelope } from '../protocol/generated';
import {
  breakoutReducer,
  breakoutSecondsLeft,
  dismissBreakoutNotice,
  initialBreakoutState,
  moveCommand,
  peopleIn,
  placeOf,
  roomOf,
  roomsWithPeople,
  type BreakoutState,
} from './breakout';
import { initialRoomState, roomReducer } from './roomStore';

const session: BreakoutSession = {
  rooms: [
    { id: 1, name: 'Group 1' },
    { id: 2, name: 'Group 2' },
  ],
  places: [
    { participant: 'a', room: 1 },
    { participant: 'b', room: 2 },
  ],
  started_at: 1_000,
  ends_at: 601_000,
  assign_late_joiners: true,
  include_moderators: false,
  by: 'm',
};

function run(selfId: string, ...events: BreakoutEvent[]): BreakoutState {
  return events.reduce((state, event) => breakoutReducer(state, event, { selfId, at: 10_000 }), initialBreakoutState);
}

describe('breakoutReducer', () => {
  it('takes the snapshot and the opened rooms with everyone’s place', () => {
    expect(run('a', { event: 'state' })).toEqual(initialBreakoutState);
    const state = run('a', { event: 'state', session });
    expect(state.session).toEqual(session);
    expect(placeOf(state.session, 'a')).toBe(1);
    expect(placeOf(state.session, 'm')).toBeNull();
    expect(roomOf(state.session, 'b')).toEqual({ id: 2, name: 'Group 2' });
    expect(run('a', { event: 'started', session }).session).toEqual(session);
  });

  it('follows moves, and says when we are moved back to the main room', () => {
    let state = run('a', { event: 'started', session }, { event: 'moved', participant: 'c', room: 2 });
    expect(placeOf(state.session, 'c')).toBe(2);
    state = breakoutReducer(state, { event: 'moved', participant: 'b', room: 1 }, { selfId: 'a', at: 1 });
    expect(peopleIn([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'm' }], state.session, 1).map((p) => p.id)).toEqual(['a', 'b']);
    expect(state.notices).toEqual([]);
    state = breakoutReducer(state, { event: 'moved', participant: 'a' }, { selfId: 'a', at: 1 });
    expect(placeOf(state.session, 'a')).toBeNull();
    expect(state.notices).toEqual([{ id: 1, kind: 'returned' }]);
    // A moderator who visits a room from the main room is told nothing.
    expect(run('m', { event: 'started', session }, { event: 'moved', participant: 'm', room: 1 }).notices).toEqual([]);
  });

  it('ignores moves and ends without open rooms', () => {
    expect(run('a', { event: 'moved', participant: 'a', room: 1 })).toBe(initialBreakoutState);
    expect(run('a', { event: 'end_changed', ends_at: 5 })).toBe(initialBreakoutState);
    expect(run('a', { event: 'ended' })).toBe(initialBreakoutState);
  });

  it('warns once per end with the seconds left, and forgets the warning when the end moves', () => {
    let state = run('a', { event: 'started', session }, { event: 'warning', ends_at: 70_000 });
    expect(state.notices).toEqual([{ id: 1, kind: 'warning', secondsLeft: 60 }]);
    state = breakoutReducer(state, { event: 'warning', ends_at: 40_000 }, { selfId: 'a', at: 10_000 });
    expect(state.notices).toEqual([{ id: 2, kind: 'warning', secondsLeft: 30 }]);
    state = breakoutReducer(state, { event: 'end_changed', ends_at: 900_000 }, { selfId: 'a', at: 10_000 });
    expect(state.session?.ends_at).toBe(900_000);
    expect(state.notices).toEqual([]);
  });

  it('keeps every message to all rooms', () => {
    const state = run(
      'a',
      { event: 'started', session },
      { event: 'broadcast', from: 'm', from_name: 'Mia', text: 'Five more minutes' },
      { event: 'broadcast', from: 'm', from_name: 'Mia', text: 'Please write down your results' },
    );
    expect(state.notices).toEqual([
      { id: 1, kind: 'broadcast', from: 'm', fromName: 'Mia', text: 'Five more minutes' },
      { id: 2, kind: 'broadcast', from: 'm', fromName: 'Mia', text: 'Please write down your results' },
    ]);
    expect(dismissBreakoutNotice(state, 1).notices.map((n) => n.id)).toEqual([2]);
    expect(dismissBreakoutNotice(state, 9)).toBe(state);
  });

  it('brings everyone back when the rooms close: back from a room, or closed for the main room', () => {
    const back = run('a', { event: 'started', session }, { event: 'warning', ends_at: 70_000 }, { event: 'ended' });
    expect(back).toMatchObject({ session: null, notices: [{ id: 2, kind: 'returned' }] });
    expect(run('m', { event: 'started', session }, { event: 'ended', by: 'm' }).notices).toEqual([{ id: 1, kind: 'closed' }]);
    // The rooms closed while we were away.
    expect(run('a', { event: 'state', session }, { event: 'state' }).notices).toEqual([{ id: 1, kind: 'returned' }]);
    // Opening again clears what was said about the last ones.
    expect(run('a', { event: 'started', session }, { event: 'ended' }, { event: 'started', session }).notices).toEqual([]);
  });
});

describe('rooms and time', () => {
  it('lists the main room first, then every room with its people', () => {
    const people = [{ id: 'm' }, { id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(roomsWithPeople(people, session).map(({ room, people: inside }) => [room?.name ?? null, inside.map((p) => p.id)])).toEqual([
      [null, ['m', 'c']],
      ['Group 1', ['a']],
      ['Group 2', ['b']],
    ]);
  });

  it('moves someone into a room, or to the main room without one', () => {
    expect(moveCommand('a', 2)).toEqual({ action: 'move', participant: 'a', room: 2 });
    expect(moveCommand('a', null)).toEqual({ action: 'move', participant: 'a' });
  });

  it('counts the seconds left on the node’s clock, rounded up', () => {
    expect(breakoutSecondsLeft(session, 1_000)).toBe(600);
    expect(breakoutSecondsLeft(session, 600_500)).toBe(1);
    expect(breakoutSecondsLeft(session, 700_000)).toBe(0);
    expect(breakoutSecondsLeft({}, 1)).toBeNull();
  });
});

describe('the room store', () => {
  const ada: Participant = {
    id: 'a',
    display_name: 'Ada',
    roles: ['participant'],
    groups: [],
    audio: false,
    video: false,
    screen: false,
    speaking: false,
    connection: 'connected',
    joined_at: 1,
  };
  const joined: ServerEnvelope = {
    ts: 1,
    namespace: 'control',
    payload: { event: 'joined', you: 'a', room: 'r1', participants: [ada], resume_token: 't', resumed: false, started_at: 1 },
  };

  it('keeps the breakout rooms from their namespace, dismisses their notices and forgets them in the waiting room', () => {
    let state = roomReducer(initialRoomState, { type: 'server', envelope: joined });
    state = roomReducer(state, { type: 'server', envelope: { ts: 2, namespace: 'breakout', payload: { event: 'started', session } } });
    expect(placeOf(state.breakout.session, 'a')).toBe(1);
    state = roomReducer(state, { type: 'server', envelope: { ts: 3, namespace: 'breakout', payload: { event: 'ended' } } });
    expect(state.breakout.notices).toEqual([{ id: 1, kind: 'returned' }]);
    const dismissed = roomReducer(state, { type: 'breakout_dismiss', id: 1 });
    expect(dismissed.breakout.notices).toEqual([]);
    expect(roomReducer(dismissed, { type: 'breakout_dismiss', id: 1 })).toBe(dismissed);
    // A later notice gets a new id.
    const again = roomReducer(dismissed, { type: 'server', envelope: { ts: 4, namespace: 'breakout', payload: { event: 'broadcast', from: 'm', from_name: 'Mia', text: 'Hi' } } });
    expect(again.breakout.notices.map((n) => n.id)).toEqual([2]);
    state = roomReducer(state, { type: 'server', envelope: { ts: 4, namespace: 'breakout', payload: { event: 'started', session } } });
    const waiting = roomReducer(state, { type: 'server', envelope: { ts: 5, namespace: 'control', payload: { event: 'waiting', you: 'a', room: 'r1', resume_token: 't', resumed: false } } });
    expect(waiting.breakout).toEqual(initialBreakoutState);
  });
});
