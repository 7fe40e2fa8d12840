// Room state: a pure reducer over the node's control events and the signaling status, and a
// tiny external store around it that React reads with useSyncExternalStore. It holds who is in
// the room (in join order), who we are, the connection status, the last error and the last
// presence change (for polite announcements). It does not send anything and touches no DOM.
import type { ErrorCode, Participant, ParticipantId, RoomId, ServerEnvelope } from '../protocol/generated';
import type { EndReason, SignalingStatus } from './signaling';

export interface PresenceChange {
  /** Increases with every change, so a UI can tell two equal messages apart. */
  seq: number;
  kind: 'joined' | 'left';
  participantId: ParticipantId;
  displayName: string;
}

export interface RoomError {
  id: number | undefined;
  code: ErrorCode | 'media_failed';
  message: string;
}

export interface RoomState {
  status: SignalingStatus;
  endReason: EndReason | null;
  roomId: RoomId | null;
  selfId: ParticipantId | null;
  /** Everyone in the room, self included, in order of joining. */
  participants: readonly Participant[];
  lastError: RoomError | null;
  presence: PresenceChange | null;
}

export type RoomAction =
  | { type: 'server'; envelope: ServerEnvelope }
  | { type: 'status'; status: SignalingStatus; reason: EndReason | null }
  | { type: 'error'; error: RoomError };

export const initialRoomState: RoomState = {
  status: 'idle',
  endReason: null,
  roomId: null,
  selfId: null,
  participants: [],
  lastError: null,
  presence: null,
};

function upsert(list: readonly Participant[], participant: Participant): readonly Participant[] {
  const index = list.findIndex((p) => p.id === participant.id);
  if (index === -1) return [...list, participant];
  const next = [...list];
  next[index] = participant;
  return next;
}

function presence(state: RoomState, kind: PresenceChange['kind'], p: Pick<Participant, 'id' | 'display_name'>): PresenceChange {
  return { seq: (state.presence?.seq ?? 0) + 1, kind, participantId: p.id, displayName: p.display_name };
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'status':
      if (state.status === action.status && state.endReason === action.reason) return state;
      return { ...state, status: action.status, endReason: action.status === 'ended' ? action.reason : null };
    case 'error':
      return { ...state, lastError: action.error };
    case 'server': {
      const { envelope } = action;
      if (envelope.namespace === 'error') {
        return { ...state, lastError: { id: envelope.id, code: envelope.payload.code, message: envelope.payload.message } };
      }
      if (envelope.namespace !== 'control') return state;
      const event = envelope.payload;
      switch (event.event) {
        case 'joined':
          return {
            ...state,
            roomId: event.room,
            selfId: event.you,
            participants: [...event.participants],
          };
        case 'participant_joined':
          if (event.participant.id === state.selfId) {
            return { ...state, participants: upsert(state.participants, event.participant) };
          }
          return {
            ...state,
            participants: upsert(state.participants, event.participant),
            presence: presence(state, 'joined', event.participant),
          };
        case 'participant_updated':
          return { ...state, participants: upsert(state.participants, event.participant) };
        case 'participant_left': {
          const leaving = state.participants.find((p) => p.id === event.participant_id);
          if (leaving === undefined) return state;
          return {
            ...state,
            participants: state.participants.filter((p) => p.id !== event.participant_id),
            presence: presence(state, 'left', leaving),
          };
        }
        case 'pong':
          return state;
      }
      return state;
    }
  }
}

/** An external store over `roomReducer`. */
export class RoomStore {
  private state: RoomState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: RoomState = initialRoomState) {
    this.state = initial;
  }

  getSnapshot = (): RoomState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(action: RoomAction): void {
    const next = roomReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}
