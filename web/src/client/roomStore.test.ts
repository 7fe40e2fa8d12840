// Unit tests of the room reducer and store: snapshot on joined, join order, updates in place,
// removal with a presence change, errors and status.
import { describe, expect, it, vi } from 'vitest';
import type { ControlEvent, Participant, ServerEnvelope } from '../protocol/generated';
import { initialRoomState, roomReducer, RoomStore, type RoomState } from './roomStore';

function person(id: string, name: string, patch: Partial<Participant> = {}): Participant {
  return { id, display_name: name, role: 'participant', audio: true, video: true, speaking: false, connection: 'connected', ...patch };
}

function control(payload: ControlEvent): ServerEnvelope {
  return { ts: 1, namespace: 'control', payload };
}

function apply(state: RoomState, ...events: ControlEvent[]): RoomState {
  return events.reduce((s, e) => roomReducer(s, { type: 'server', envelope: control(e) }), state);
}

const joined: ControlEvent = {
  event: 'joined',
  you: 'b',
  room: 'r1',
  participants: [person('a', 'Ada'), person('b', 'Bea')],
  resume_token: 't',
  resumed: false,
};

describe('roomReducer', () => {
  it('takes the full snapshot from joined', () => {
    const state = apply(initialRoomState, joined);
    expect(state.selfId).toBe('b');
    expect(state.roomId).toBe('r1');
    expect(state.participants.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('appends joiners in join order and announces them', () => {
    const state = apply(initialRoomState, joined, { event: 'participant_joined', participant: person('c', 'Cem') });
    expect(state.participants.map((p) => p.display_name)).toEqual(['Ada', 'Bea', 'Cem']);
    expect(state.presence).toEqual({ seq: 1, kind: 'joined', participantId: 'c', displayName: 'Cem' });
  });

  it('updates a participant in place', () => {
    const state = apply(
      initialRoomState,
      joined,
      { event: 'participant_joined', participant: person('c', 'Cem') },
      { event: 'participant_updated', participant: person('a', 'Ada', { audio: false, speaking: true, connection: 'reconnecting' }) },
    );
    expect(state.participants.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(state.participants[0]).toMatchObject({ audio: false, speaking: true, connection: 'reconnecting' });
  });

  it('removes a participant who left and announces it with the name', () => {
    const state = apply(initialRoomState, joined, { event: 'participant_left', participant_id: 'a', reason: 'connection_lost' });
    expect(state.participants.map((p) => p.id)).toEqual(['b']);
    expect(state.presence).toMatchObject({ kind: 'left', displayName: 'Ada' });
  });

  it('ignores leaving unknown participants and pongs', () => {
    const state = apply(initialRoomState, joined);
    expect(apply(state, { event: 'participant_left', participant_id: 'zz', reason: 'left' })).toBe(state);
    expect(apply(state, { event: 'pong' })).toBe(state);
  });

  it('replaces the snapshot on a resumed joined', () => {
    const state = apply(initialRoomState, joined, {
      ...joined,
      participants: [person('b', 'Bea'), person('d', 'Dan')],
      resumed: true,
    } as ControlEvent);
    expect(state.participants.map((p) => p.id)).toEqual(['b', 'd']);
  });

  it('records errors and status', () => {
    let state = roomReducer(initialRoomState, {
      type: 'server',
      envelope: { id: 4, ts: 1, namespace: 'error', payload: { event: 'error', code: 'forbidden', message: 'no' } },
    });
    expect(state.lastError).toEqual({ id: 4, code: 'forbidden', message: 'no' });
    state = roomReducer(state, { type: 'status', status: 'ended', reason: 'resume_rejected' });
    expect(state.status).toBe('ended');
    expect(state.endReason).toBe('resume_rejected');
  });
});

describe('RoomStore', () => {
  it('notifies subscribers only on change', () => {
    const store = new RoomStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.dispatch({ type: 'server', envelope: control(joined) });
    store.dispatch({ type: 'server', envelope: control({ event: 'pong' }) });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.dispatch({ type: 'server', envelope: control({ event: 'participant_joined', participant: person('c', 'Cem') }) });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().participants).toHaveLength(3);
  });
});
