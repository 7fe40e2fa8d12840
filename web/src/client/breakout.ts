// Breakout rooms as the client keeps them: a pure reducer over the node's `breakout` events (the
// open session with everyone's place, and the notices for us: the rooms close soon, a
// moderator's message to all rooms, back in the main room), where someone is (a room or the main
// room), who is in a room, the rooms with their people in order, the time left on the node's
// clock, and the command that moves someone. It sends nothing and has no words: roomStore.ts
// holds the state, the UI says what it means and the Meeting sends the commands.
import type { BreakoutCommand, BreakoutEvent, BreakoutRoom, BreakoutSession, ParticipantId } from '../protocol/generated';

/** Something about the breakout rooms that we are told until we dismiss it. */
export type BreakoutNotice =
  /** The rooms close soon: whole seconds left when the node said so. */
  | { id: number; kind: 'warning'; secondsLeft: number }
  /** A moderator's message to every room. */
  | { id: number; kind: 'broadcast'; from: ParticipantId; fromName: string; text: string }
  /** We came back from a room to the main room. */
  | { id: number; kind: 'returned' }
  /** The rooms closed while we were in the main room. */
  | { id: number; kind: 'closed' };

export interface BreakoutState {
  /** The open breakout rooms, or null. */
  session: BreakoutSession | null;
  notices: readonly BreakoutNotice[];
  /** The id of the newest notice so far (ids are never used twice in a stay). */
  lastNoticeId: number;
}

export const initialBreakoutState: BreakoutState = { session: null, notices: [], lastNoticeId: 0 };

/** What the reducer needs to know besides the event. */
export interface BreakoutContext {
  selfId: ParticipantId | null;
  /** When the node sent the event (its clock, ms). */
  at: number;
}

/** The room someone is in (its number), or null for the main room (also without a session). */
export function placeOf(session: BreakoutSession | null, participant: ParticipantId | null): number | null {
  if (session === null || participant === null) return null;
  return session.places.find((p) => p.participant === participant)?.room ?? null;
}

/** The open room someone is in, or null for the main room. */
export function roomOf(session: BreakoutSession | null, participant: ParticipantId | null): BreakoutRoom | null {
  const place = placeOf(session, participant);
  return place === null ? null : (session?.rooms.find((r) => r.id === place) ?? null);
}

/** The people in one room (`room` null: the main room), in the given order. */
export function peopleIn<P extends { id: ParticipantId }>(people: readonly P[], session: BreakoutSession | null, room: number | null): P[] {
  return people.filter((p) => placeOf(session, p.id) === room);
}

export interface RoomWithPeople<P> {
  /** Null: the main room. */
  room: BreakoutRoom | null;
  people: P[];
}

/** The main room and then every open room, each with its people in the given order. */
export function roomsWithPeople<P extends { id: ParticipantId }>(people: readonly P[], session: BreakoutSession): RoomWithPeople<P>[] {
  return [null, ...session.rooms].map((room) => ({ room, people: peopleIn(people, session, room?.id ?? null) }));
}

/** The command that moves someone into a room, or to the main room (`room` null). */
export function moveCommand(participant: ParticipantId, room: number | null): BreakoutCommand {
  return room === null ? { action: 'move', participant } : { action: 'move', participant, room };
}

/** Whole seconds until the rooms close at `now` (the node's clock), rounded up; null without an end. */
export function breakoutSecondsLeft(session: Pick<BreakoutSession, 'ends_at'>, now: number): number | null {
  return session.ends_at === undefined ? null : Math.ceil(Math.max(0, session.ends_at - now) / 1000);
}

function withPlace(session: BreakoutSession, participant: ParticipantId, room: number | undefined): BreakoutSession {
  const places = session.places.filter((p) => p.participant !== participant);
  return { ...session, places: room === undefined ? places : [...places, { participant, room }] };
}

/** A notice before it has its id (each kind keeps its own fields). */
type NewNotice = BreakoutNotice extends infer N ? (N extends unknown ? Omit<N, 'id'> : never) : never;

function withNotice(state: BreakoutState, notice: NewNotice): BreakoutState {
  const id = state.lastNoticeId + 1;
  // One of a kind at a time; messages stay one by one.
  const kept = notice.kind === 'broadcast' ? state.notices : state.notices.filter((n) => n.kind !== notice.kind);
  return { ...state, notices: [...kept, { ...notice, id } as BreakoutNotice], lastNoticeId: id };
}

function withoutWarning(notices: readonly BreakoutNotice[]): readonly BreakoutNotice[] {
  return notices.some((n) => n.kind === 'warning') ? notices.filter((n) => n.kind !== 'warning') : notices;
}

/** The rooms closed: no more warning, and back from a room, or closed while in the main room. */
function closed(state: BreakoutState, wasInRoom: boolean): BreakoutState {
  const notices = withoutWarning(state.notices).filter((n) => n.kind !== 'returned' && n.kind !== 'closed');
  return withNotice({ ...state, session: null, notices }, { kind: wasInRoom ? 'returned' : 'closed' });
}

/** The state after one of the node's `breakout` events. */
export function breakoutReducer(state: BreakoutState, event: BreakoutEvent, context: BreakoutContext): BreakoutState {
  const { selfId } = context;
  const before = placeOf(state.session, selfId);
  switch (event.event) {
    case 'state': {
      const session = event.session ?? null;
      // Back after a lost connection: the rooms may have closed meanwhile.
      if (state.session !== null && session === null) return closed(state, before !== null);
      return { ...state, session };
    }
    case 'started':
      // What was said about earlier rooms is over, but for messages not dismissed yet.
      return { ...state, session: event.session, notices: state.notices.filter((n) => n.kind === 'broadcast') };
    case 'moved': {
      if (state.session === null) return state;
      const next = { ...state, session: withPlace(state.session, event.participant, event.room) };
      const returned = event.participant === selfId && before !== null && event.room === undefined;
      return returned ? withNotice(next, { kind: 'returned' }) : next;
    }
    case 'end_changed':
      if (state.session === null) return state;
      return { ...state, session: { ...state.session, ends_at: event.ends_at }, notices: withoutWarning(state.notices) };
    case 'warning':
      return withNotice(state, { kind: 'warning', secondsLeft: Math.max(0, Math.round((event.ends_at - context.at) / 1000)) });
    case 'broadcast':
      return withNotice(state, { kind: 'broadcast', from: event.from, fromName: event.from_name, text: event.text });
    case 'ended':
      if (state.session === null) return state;
      return closed(state, before !== null);
  }
}

/** The state without one notice. */
export function dismissBreakoutNotice(state: BreakoutState, id: number): BreakoutState {
  if (!state.notices.some((n) => n.id === id)) return state;
  return { ...state, notices: state.notices.filter((n) => n.id !== id) };
}
