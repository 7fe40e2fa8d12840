// The first gallery page of a large room ("last N"): in a room with more people than one page
// shows, the first page holds the people heard most recently, and it holds them still. Pure
// functions over the participants, no DOM, no React, no words.
//
// - Small rooms (everyone fits on one page) have no first page of their own: the gallery keeps
//   the display order (podium first, then join order) exactly as before.
// - When a room becomes large, the first page starts as the first page of the display order;
//   our own tile takes its last place if it is not on it already.
// - Someone who starts speaking (or is given the floor) and is not on the first page takes the
//   place of the person there who has been silent longest (never heard counts as longest; on a
//   tie, the later place). Our own tile, the pinned person and whoever is speaking are never
//   replaced. Nobody else on the first page moves.
// - A place left empty (someone left, or the page grew) goes to the person heard most recently
//   who is not on the first page yet, else the next in display order.
// - The later pages keep the display order, without the people of the first page.
//
// "Silent longest" is measured on a counter that advances whenever the set of speakers changes:
// everyone who speaks before or after the change is stamped with it, so a person's stamp is the
// moment they were last heard. The state changes only when something happened, so computing it
// again from the same participants gives the very same object (it can be derived during render).
import { pageSize } from './gallery';
import type { Participant, ParticipantId } from '../protocol/generated';

export interface LastN {
  /** The people on the first page, place by place (empty while everyone fits on one page). */
  readonly slots: readonly ParticipantId[];
  /** When each present person was last heard, on `clock` (absent: never heard). */
  readonly heard: Readonly<Record<ParticipantId, number>>;
  /** Who was speaking (or held the floor) at the last step, in display order. */
  readonly speaking: readonly ParticipantId[];
  /** Advances with every change of who speaks. */
  readonly clock: number;
}

export const EMPTY_LAST_N: LastN = { slots: [], heard: {}, speaking: [], clock: 0 };

export interface LastNInput {
  /** Everyone on the stage, in display order (podium first, then join order). */
  participants: readonly Participant[];
  selfId: ParticipantId | null;
  /** Tiles on one gallery page. */
  perPage: number;
  /** The pinned person: brought onto the first page and kept there. */
  pinned?: ParticipantId | null;
  /** Who holds the floor (the current turn): counts as speaking. */
  floor?: ParticipantId | null;
}

/** Whether the room is large: more people than one page of `perPage` tiles shows. */
export function isLargeRoom(count: number, perPage: number): boolean {
  return count > pageSize(perPage);
}

/** The state after a change of the participants (or of the page size, the pin, the floor). */
export function nextLastN(previous: LastN, input: LastNInput): LastN {
  const { participants, selfId } = input;
  const present = new Set(participants.map((p) => p.id));
  const pinned = input.pinned != null && present.has(input.pinned) ? input.pinned : null;
  const floor = input.floor ?? null;
  const speaking = participants.filter((p) => p.speaking || p.id === floor).map((p) => p.id);

  // Who was heard when.
  let clock = previous.clock;
  let heard: Record<ParticipantId, number> = { ...previous.heard };
  for (const id of Object.keys(heard)) if (!present.has(id)) delete heard[id];
  if (!sameSet(speaking, previous.speaking)) {
    clock += 1;
    for (const id of [...previous.speaking, ...speaking]) if (present.has(id)) heard[id] = clock;
  }
  if (sameRecord(heard, previous.heard)) heard = previous.heard as Record<ParticipantId, number>;

  const size = pageSize(input.perPage);
  const slots = isLargeRoom(participants.length, input.perPage)
    ? firstPage(previous.slots, participants, size, { selfId, pinned, speaking, heard })
    : [];

  const next: LastN = {
    slots: sameList(slots, previous.slots) ? previous.slots : slots,
    heard,
    speaking: sameList(speaking, previous.speaking) ? previous.speaking : speaking,
    clock,
  };
  const unchanged =
    next.slots === previous.slots && next.heard === previous.heard && next.speaking === previous.speaking && next.clock === previous.clock;
  return unchanged ? previous : next;
}

interface Context {
  selfId: ParticipantId | null;
  pinned: ParticipantId | null;
  speaking: readonly ParticipantId[];
  heard: Readonly<Record<ParticipantId, number>>;
}

function firstPage(previous: readonly ParticipantId[], participants: readonly Participant[], size: number, context: Context): ParticipantId[] {
  const { selfId, pinned, speaking, heard } = context;
  const present = new Set(participants.map((p) => p.id));
  const stamp = (id: ParticipantId) => heard[id] ?? -1;
  const protectedIds = new Set<ParticipantId>([...speaking]);
  if (selfId !== null) protectedIds.add(selfId);
  if (pinned !== null) protectedIds.add(pinned);

  // The places as they were (people who left leave an empty place), or a fresh start.
  let places: (ParticipantId | null)[] = previous.map((id) => (present.has(id) ? id : null));
  if (places.length === 0) {
    places = participants.slice(0, size).map((p) => p.id);
    if (selfId !== null && present.has(selfId) && !places.includes(selfId)) places[size - 1] = selfId;
  }
  // A smaller page drops empty places first, then the longest silent (the order of the rest stays).
  while (places.length > size) {
    const empty = places.lastIndexOf(null);
    const drop = empty !== -1 ? empty : victim(places, protectedIds, stamp);
    places.splice(drop === -1 ? places.length - 1 : drop, 1);
  }
  while (places.length < size) places.push(null);

  // Who must be on the first page: ourselves, the pinned person, whoever speaks.
  const must = unique([selfId, pinned, ...speaking].filter((id): id is ParticipantId => id !== null && present.has(id)));
  for (const id of must) {
    if (places.includes(id)) continue;
    const empty = places.indexOf(null);
    const at = empty !== -1 ? empty : victim(places, protectedIds, stamp);
    if (at !== -1) places[at] = id;
  }

  // Empty places go to the most recently heard, then to the display order.
  if (places.includes(null)) {
    const waiting = participants
      .map((p, index) => ({ id: p.id, index }))
      .filter((p) => !places.includes(p.id))
      .sort((a, b) => stamp(b.id) - stamp(a.id) || a.index - b.index);
    for (let i = 0; i < places.length && waiting.length > 0; i++) {
      if (places[i] === null) places[i] = waiting.shift()?.id ?? null;
    }
  }
  return places.filter((id): id is ParticipantId => id !== null);
}

/** The place of the person silent longest who may be replaced (-1: none may be). */
function victim(places: readonly (ParticipantId | null)[], protectedIds: ReadonlySet<ParticipantId>, stamp: (id: ParticipantId) => number): number {
  let best = -1;
  let bestStamp = Infinity;
  places.forEach((id, index) => {
    if (id === null || protectedIds.has(id)) return;
    const s = stamp(id);
    // `<=`: on a tie the later place goes first.
    if (s <= bestStamp) {
      best = index;
      bestStamp = s;
    }
  });
  return best;
}

/**
 * The gallery order of a large room: the first page place by place (the pinned person moved to
 * its front), then everyone else in display order. Without a first page, the display order.
 */
export function lastNOrder<T extends { id: ParticipantId }>(ordered: readonly T[], slots: readonly ParticipantId[], pinned: ParticipantId | null = null): T[] {
  if (slots.length === 0) return [...ordered];
  const byId = new Map(ordered.map((p) => [p.id, p]));
  const first = slots.map((id) => byId.get(id)).filter((p): p is T => p !== undefined);
  const pinnedIndex = pinned === null ? -1 : first.findIndex((p) => p.id === pinned);
  if (pinnedIndex > 0) {
    const [person] = first.splice(pinnedIndex, 1);
    if (person !== undefined) first.unshift(person);
  }
  const onFirst = new Set(first.map((p) => p.id));
  return [...first, ...ordered.filter((p) => !onFirst.has(p.id))];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(b);
  return a.every((x) => set.has(x));
}

function sameRecord(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
