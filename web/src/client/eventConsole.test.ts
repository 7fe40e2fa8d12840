// Unit tests of the chairs' event console: ordering by priority, hands appearing and leaving,
// the waiting-room item, joins and leaves, dismissal and "Clear all", derivation from room
// states (only for chairs) and the store following a RoomStore.
import { describe, expect, it } from 'vitest';
import type { ControlEvent, FloorEvent, ModerationEvent, Participant, ServerEnvelope } from '../protocol/generated';
import {
  consoleItems,
  consoleReducer,
  deriveConsoleActions,
  EventConsoleStore,
  initialConsoleState,
  MAX_PRESENCE_ITEMS,
  WAITING_ITEM_ID,
  type ConsoleAction,
  type ConsoleState,
} from './eventConsole';
import { initialRoomState, roomReducer, RoomStore } from './roomStore';
import { participant } from './participantFixture';

function run(...actions: ConsoleAction[]): ConsoleState {
  return actions.reduce(consoleReducer, initialConsoleState);
}

const person = (id: string, name: string, roles: Participant['roles'] = ['participant']) =>
  participant(id, { display_name: name, roles, video: false });

const hand = (participantId: string, name: string, raisedAt: number, pointOfOrder = false) => ({ participantId, name, raisedAt, pointOfOrder });

describe('consoleReducer', () => {
  it('orders by priority: point of order, waiting, hand, joined, left', () => {
    const state = run(
      { type: 'presence', kind: 'left', participantId: 'l', name: 'Lea', at: 1 },
      { type: 'presence', kind: 'joined', participantId: 'j', name: 'Jo', at: 2 },
      { type: 'hands', hands: [hand('h', 'Hal', 3), hand('p', 'Pia', 4, true)] },
      { type: 'waiting', people: ['w1', 'w2'], at: 5 },
    );
    expect(consoleItems(state).map((i) => i.kind)).toEqual(['point_of_order', 'waiting', 'hand', 'joined', 'left']);
    expect(consoleItems(state).find((i) => i.kind === 'waiting')?.count).toBe(2);
  });

  it('keeps hands in queue order and joins newest first', () => {
    const state = run(
      { type: 'hands', hands: [hand('b', 'Bea', 20), hand('a', 'Ada', 10)] },
      { type: 'presence', kind: 'joined', participantId: 'x', name: 'Xia', at: 1 },
      { type: 'presence', kind: 'joined', participantId: 'y', name: 'Yan', at: 2 },
    );
    expect(consoleItems(state).map((i) => i.name)).toEqual(['Ada', 'Bea', 'Yan', 'Xia']);
  });

  it('announces each new event once', () => {
    let state = run({ type: 'hands', hands: [hand('a', 'Ada', 1)] });
    expect(state.latest).toMatchObject({ seq: 1, item: { kind: 'hand', name: 'Ada' } });
    state = consoleReducer(state, { type: 'hands', hands: [hand('a', 'Ada', 1), hand('b', 'Bea', 2)] });
    expect(state.latest).toMatchObject({ seq: 2, item: { name: 'Bea' } });
    // The same queue again is nothing new.
    expect(consoleReducer(state, { type: 'hands', hands: [hand('a', 'Ada', 1), hand('b', 'Bea', 2)] }).latest?.seq).toBe(2);
  });

  it('removes lowered hands; a dismissed hand stays dismissed while it is up', () => {
    let state = run({ type: 'hands', hands: [hand('a', 'Ada', 1), hand('b', 'Bea', 2)] });
    state = consoleReducer(state, { type: 'dismiss', id: 'hand:a' });
    state = consoleReducer(state, { type: 'hands', hands: [hand('a', 'Ada', 1)] });
    expect(state.items).toEqual([]);
    // Raised again after lowering: a new event.
    state = consoleReducer(state, { type: 'hands', hands: [] });
    state = consoleReducer(state, { type: 'hands', hands: [hand('a', 'Ada', 9)] });
    expect(state.items.map((i) => i.id)).toEqual(['hand:a']);
    // Turning the hand into a point of order is news as well.
    state = consoleReducer(state, { type: 'hands', hands: [hand('a', 'Ada', 9, true)] });
    expect(state.items.map((i) => i.kind)).toEqual(['point_of_order']);
  });

  it('shows one item for the waiting room, counts down without coming back, and goes when nobody waits', () => {
    let state = run({ type: 'waiting', people: ['a'], at: 1 });
    expect(state.items).toMatchObject([{ id: WAITING_ITEM_ID, count: 1 }]);
    state = consoleReducer(state, { type: 'waiting', people: ['a', 'b', 'c'], at: 2 });
    expect(state.items).toMatchObject([{ count: 3, at: 2 }]);
    state = consoleReducer(state, { type: 'waiting', people: ['b', 'c'], at: 3 });
    expect(state.items).toMatchObject([{ count: 2, at: 2 }]);
    state = consoleReducer(state, { type: 'dismiss', id: WAITING_ITEM_ID });
    state = consoleReducer(state, { type: 'waiting', people: ['c'], at: 4 });
    expect(state.items).toEqual([]);
    // Someone new arrives: it is back.
    state = consoleReducer(state, { type: 'waiting', people: ['c', 'd'], at: 5 });
    expect(state.items).toMatchObject([{ count: 2 }]);
    state = consoleReducer(state, { type: 'waiting', people: [], at: 6 });
    expect(state.items).toEqual([]);
  });

  it('clears all, and keeps a bounded number of joins and leaves', () => {
    const many = Array.from({ length: MAX_PRESENCE_ITEMS + 5 }, (_, i): ConsoleAction => ({
      type: 'presence',
      kind: 'joined',
      participantId: `p${i}`,
      name: `P${i}`,
      at: i,
    }));
    let state = run({ type: 'hands', hands: [hand('a', 'Ada', 1)] }, ...many);
    expect(state.items.filter((i) => i.kind === 'joined')).toHaveLength(MAX_PRESENCE_ITEMS);
    expect(state.items.some((i) => i.kind === 'hand')).toBe(true);
    state = consoleReducer(state, { type: 'clear' });
    expect(state.items).toEqual([]);
    expect(consoleReducer(state, { type: 'clear' })).toBe(state);
  });
});

describe('deriveConsoleActions', () => {
  const chairJoined: ControlEvent = {
    event: 'joined',
    you: 'me',
    room: 'r',
    participants: [person('me', 'Mo', ['moderator', 'participant']), person('a', 'Ada')],
    resume_token: 't',
    resumed: false,
    started_at: 1,
  };

  function next(state = initialRoomState, payload: ControlEvent | ModerationEvent | FloorEvent, namespace: ServerEnvelope['namespace'] = 'control') {
    return roomReducer(state, { type: 'server', envelope: { ts: 7, namespace, payload } as ServerEnvelope });
  }

  it('reports nothing to people who are not chairs', () => {
    const joined = next(initialRoomState, { ...chairJoined, participants: [person('me', 'Mo'), person('a', 'Ada')] } as ControlEvent);
    const raised = next(joined, { event: 'hands', hands: [{ participant: 'a', point_of_order: false, raised_at: 2 }] }, 'floor');
    expect(deriveConsoleActions(joined, raised, 0).filter((a) => a.type !== 'reset')).toEqual([]);
  });

  it('turns hands, the waiting list and presence changes into actions for chairs, without our own', () => {
    const joined = next(initialRoomState, chairJoined);
    const first = deriveConsoleActions(initialRoomState, joined, 0);
    expect(first.map((a) => a.type)).toEqual(['hands', 'waiting']);
    const raised = next(
      joined,
      {
        event: 'hands',
        hands: [
          { participant: 'me', point_of_order: false, raised_at: 1 },
          { participant: 'a', point_of_order: true, raised_at: 2 },
        ],
      },
      'floor',
    );
    expect(deriveConsoleActions(joined, raised, 0)).toEqual([
      { type: 'hands', hands: [{ participantId: 'a', name: 'Ada', pointOfOrder: true, raisedAt: 2 }] },
    ]);
    const waiting = next(raised, { event: 'waiting_list', waiting: [{ id: 'w', display_name: 'Wim', guest: true, since: 3 }] }, 'moderation');
    expect(deriveConsoleActions(raised, waiting, 99)).toEqual([{ type: 'waiting', people: ['w'], at: 99 }]);
    const arrived = next(waiting, { event: 'participant_joined', participant: person('c', 'Cem') });
    expect(deriveConsoleActions(waiting, arrived, 0)).toEqual([{ type: 'presence', kind: 'joined', participantId: 'c', name: 'Cem', at: 7 }]);
  });
});

describe('EventConsoleStore', () => {
  it('follows a room store and resets when we are no longer a chair', () => {
    const room = new RoomStore();
    const events = new EventConsoleStore(room, () => 50);
    room.dispatch({
      type: 'server',
      envelope: {
        ts: 1,
        namespace: 'control',
        payload: {
          event: 'joined',
          you: 'me',
          room: 'r',
          participants: [person('me', 'Mo', ['owner', 'participant'])],
          resume_token: 't',
          resumed: false,
          started_at: 1,
        },
      },
    });
    room.dispatch({
      type: 'server',
      envelope: { ts: 2, namespace: 'moderation', payload: { event: 'waiting_list', waiting: [{ id: 'w', display_name: 'Wim', guest: true, since: 1 }] } },
    });
    expect(consoleItems(events.getSnapshot())).toMatchObject([{ kind: 'waiting', count: 1, at: 50 }]);
    events.clear();
    expect(events.getSnapshot().items).toEqual([]);
    room.dispatch({ type: 'server', envelope: { ts: 3, namespace: 'control', payload: { event: 'waiting', you: 'me', room: 'r', resume_token: 'w', resumed: false } } });
    expect(events.getSnapshot()).toBe(initialConsoleState);
    events.dispose();
  });
});
