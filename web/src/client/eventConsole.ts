// The chairs' event console as data: what happened in the room that a moderator may want to act
// on (a point of order, people waiting, a raised hand, someone joining or leaving), derived from
// changes of the room state, kept until dismissed and ordered by priority. A pure reducer, the
// derivation from two room states, and a small external store that follows a RoomStore. It
// sends nothing and has no words (the UI says what each item means).
import type { ParticipantId } from '../protocol/generated';
import { selfIsChair, type RoomState } from './roomStore';

export type ConsoleKind = 'point_of_order' | 'waiting' | 'hand' | 'joined' | 'left';

/** Lower comes first. */
export const CONSOLE_PRIORITY: Readonly<Record<ConsoleKind, number>> = {
  point_of_order: 0,
  waiting: 1,
  hand: 2,
  joined: 3,
  left: 4,
};

export interface ConsoleItem {
  id: string;
  kind: ConsoleKind;
  /** Whose hand, who joined or left (not for `waiting`). */
  participantId?: ParticipantId;
  name?: string;
  /** How many people wait (`waiting` only). */
  count?: number;
  /** When it happened (ms since the epoch). */
  at: number;
}

export interface ConsoleState {
  /** In order of arrival; see `consoleItems` for the shown order. */
  items: readonly ConsoleItem[];
  /** The newest event with a sequence number, for a short announcement. */
  latest: { seq: number; item: ConsoleItem } | null;
  /** Raised hands already reported (`<participant>` or `<participant>:order`). */
  knownHands: readonly string[];
  /** People in the waiting room already reported. */
  knownWaiting: readonly ParticipantId[];
}

export interface ConsoleHand {
  participantId: ParticipantId;
  name: string;
  pointOfOrder: boolean;
  raisedAt: number;
}

export type ConsoleAction =
  | { type: 'hands'; hands: readonly ConsoleHand[] }
  | { type: 'waiting'; people: readonly ParticipantId[]; at: number }
  | { type: 'presence'; kind: 'joined' | 'left'; participantId: ParticipantId; name: string; at: number }
  | { type: 'dismiss'; id: string }
  | { type: 'clear' }
  | { type: 'reset' };

export const initialConsoleState: ConsoleState = { items: [], latest: null, knownHands: [], knownWaiting: [] };

/** How many join and leave items are kept at most (the oldest go first). */
export const MAX_PRESENCE_ITEMS = 20;

export const WAITING_ITEM_ID = 'waiting';

function handKey(hand: Pick<ConsoleHand, 'participantId' | 'pointOfOrder'>): string {
  return hand.pointOfOrder ? `${hand.participantId}:order` : hand.participantId;
}

function handItemId(participantId: ParticipantId): string {
  return `hand:${participantId}`;
}

function announce(state: ConsoleState, item: ConsoleItem): ConsoleState['latest'] {
  return { seq: (state.latest?.seq ?? 0) + 1, item };
}

function trimPresence(items: readonly ConsoleItem[]): readonly ConsoleItem[] {
  const presence = items.filter((i) => i.kind === 'joined' || i.kind === 'left');
  if (presence.length <= MAX_PRESENCE_ITEMS) return items;
  const drop = new Set(presence.slice(0, presence.length - MAX_PRESENCE_ITEMS).map((i) => i.id));
  return items.filter((i) => !drop.has(i.id));
}

export function consoleReducer(state: ConsoleState, action: ConsoleAction): ConsoleState {
  switch (action.type) {
    case 'hands': {
      const keys = action.hands.map(handKey);
      const raised = new Set(action.hands.map((h) => handItemId(h.participantId)));
      // Lowered hands leave the console: there is nothing left to act on.
      let items = state.items.filter((i) => (i.kind !== 'hand' && i.kind !== 'point_of_order') || raised.has(i.id));
      let latest = state.latest;
      for (const hand of action.hands) {
        if (state.knownHands.includes(handKey(hand))) continue;
        const item: ConsoleItem = {
          id: handItemId(hand.participantId),
          kind: hand.pointOfOrder ? 'point_of_order' : 'hand',
          participantId: hand.participantId,
          name: hand.name,
          at: hand.raisedAt,
        };
        items = [...items.filter((i) => i.id !== item.id), item];
        latest = announce({ ...state, latest }, item);
      }
      return { ...state, items, latest, knownHands: keys };
    }
    case 'waiting': {
      const arrived = action.people.filter((id) => !state.knownWaiting.includes(id));
      const existing = state.items.find((i) => i.id === WAITING_ITEM_ID);
      if (action.people.length === 0) {
        return { ...state, items: state.items.filter((i) => i.id !== WAITING_ITEM_ID), knownWaiting: [] };
      }
      if (arrived.length === 0) {
        // Fewer people wait: update the number, but do not bring back a dismissed item.
        const items = existing === undefined ? state.items : state.items.map((i) => (i.id === WAITING_ITEM_ID ? { ...i, count: action.people.length } : i));
        return { ...state, items, knownWaiting: action.people };
      }
      const item: ConsoleItem = { id: WAITING_ITEM_ID, kind: 'waiting', count: action.people.length, at: action.at };
      return {
        ...state,
        items: [...state.items.filter((i) => i.id !== WAITING_ITEM_ID), item],
        latest: announce(state, item),
        knownWaiting: action.people,
      };
    }
    case 'presence': {
      const seq = (state.latest?.seq ?? 0) + 1;
      const item: ConsoleItem = {
        id: `${action.kind}:${action.participantId}:${seq}`,
        kind: action.kind,
        participantId: action.participantId,
        name: action.name,
        at: action.at,
      };
      return { ...state, items: trimPresence([...state.items, item]), latest: { seq, item } };
    }
    case 'dismiss':
      if (!state.items.some((i) => i.id === action.id)) return state;
      return { ...state, items: state.items.filter((i) => i.id !== action.id) };
    case 'clear':
      if (state.items.length === 0) return state;
      return { ...state, items: [] };
    case 'reset':
      return state === initialConsoleState ? state : initialConsoleState;
  }
}

/**
 * The items in the order shown: by priority (point of order, waiting, hand, joined, left);
 * hands in queue order, joins and leaves newest first.
 */
export function consoleItems(state: ConsoleState): ConsoleItem[] {
  return [...state.items].sort((a, b) => {
    const byPriority = CONSOLE_PRIORITY[a.kind] - CONSOLE_PRIORITY[b.kind];
    if (byPriority !== 0) return byPriority;
    return a.kind === 'hand' || a.kind === 'point_of_order' ? a.at - b.at : b.at - a.at;
  });
}

/** The console actions that a change of the room state from `prev` to `next` calls for. */
export function deriveConsoleActions(prev: RoomState, next: RoomState, now: number): ConsoleAction[] {
  if (!selfIsChair(next)) return selfIsChair(prev) || prev.selfId !== next.selfId ? [{ type: 'reset' }] : [];
  const becameChair = !selfIsChair(prev);
  const actions: ConsoleAction[] = [];
  if (becameChair || prev.hands !== next.hands) {
    actions.push({
      type: 'hands',
      hands: next.hands
        .filter((h) => h.participant !== next.selfId)
        .map((h) => ({
          participantId: h.participant,
          name: next.names[h.participant] ?? '',
          pointOfOrder: h.point_of_order,
          raisedAt: h.raised_at,
        })),
    });
  }
  if (becameChair || prev.waitingList !== next.waitingList) {
    actions.push({ type: 'waiting', people: next.waitingList.map((w) => w.id), at: now });
  }
  const change = next.presence;
  if (!becameChair && change !== null && change.seq !== prev.presence?.seq && change.participantId !== next.selfId) {
    actions.push({ type: 'presence', kind: change.kind, participantId: change.participantId, name: change.displayName, at: change.at });
  }
  return actions;
}

interface RoomSource {
  getSnapshot(): RoomState;
  subscribe(listener: () => void): () => void;
}

/** The console of one stay, following a room store. */
export class EventConsoleStore {
  private state: ConsoleState = initialConsoleState;
  private readonly listeners = new Set<() => void>();
  private room: RoomState;
  private readonly unsubscribe: () => void;

  constructor(
    source: RoomSource,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.room = source.getSnapshot();
    this.unsubscribe = source.subscribe(() => {
      const next = source.getSnapshot();
      const prev = this.room;
      this.room = next;
      for (const action of deriveConsoleActions(prev, next, this.now())) this.dispatch(action);
    });
  }

  getSnapshot = (): ConsoleState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dismiss(id: string): void {
    this.dispatch({ type: 'dismiss', id });
  }

  clear(): void {
    this.dispatch({ type: 'clear' });
  }

  dispose(): void {
    this.unsubscribe();
  }

  private dispatch(action: ConsoleAction): void {
    const next = consoleReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}
