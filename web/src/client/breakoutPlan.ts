// How a moderator's choices become a breakout plan: the settings of the form as typed (how to
// assign, number of rooms or people per room, room names, moderators included, late joiners,
// duration) and their one conversion from and to the settings a set-up keeps (the generated
// `BreakoutSettings`, checked by the node's rules), who may be assigned, a fair shuffle with the
// browser's cryptographic random numbers, balanced rooms, one room per group, assignments by hand,
// checked room names and numbers, and the node's limits. Pure apart from the random numbers; no
// words (default names come from the caller).
import type { BreakoutAssignment, BreakoutPlan, BreakoutRoomPlan, BreakoutSettings, BreakoutSplit, Participant, ParticipantId } from '../protocol/generated';
import { isChair } from './roles';

/** The most rooms the node opens at once. */
export const MAX_ROOMS = 50;
/** The most people per room one can ask for. */
export const MAX_ROOM_SIZE = 999;
/** Longest room name, in characters (Unicode code points). */
export const MAX_ROOM_NAME_CHARS = 60;
/** Longest message to all rooms, in characters. */
export const MAX_BROADCAST_CHARS = 500;
/** Longest duration the node accepts, in minutes (24 h). */
export const MAX_BREAKOUT_MINUTES = 1440;
/** Quick choices offered for the duration, in minutes. */
export const DURATION_CHOICES: readonly number[] = [5, 10, 15, 30];

/** What the form starts with: two rooms at random, moderators in the main room, late joiners assigned, no end. */
export const DEFAULT_SETTINGS: BreakoutSettings = {
  assignment: 'random',
  split_by: 'rooms',
  rooms: 2,
  size: 4,
  names: [],
  include_moderators: false,
  assign_late_joiners: true,
};

/** The choices of the form that do not depend on who is here, as typed (before checking). */
export interface BreakoutDraft {
  assignment: BreakoutAssignment;
  splitBy: BreakoutSplit;
  /** Number of rooms as typed (when split by number of rooms). */
  rooms: string;
  /** People per room as typed (when split by people per room). */
  size: string;
  /** Names typed by hand, by room index (0-based); other rooms keep their default name. */
  names: Readonly<Record<number, string>>;
  includeModerators: boolean;
  assignLateJoiners: boolean;
  /** Unlimited, minutes of a quick choice, or `other` (then `otherMinutes`). */
  duration: 'unlimited' | 'other' | number;
  /** The minutes typed for `other`. */
  otherMinutes: string;
}

/** A field of the settings the node refused or would refuse (the names it gives in `error.field`). */
export type SettingsField = 'rooms' | 'size' | 'names' | 'minutes';

/** A whole number from `min` to `max` typed in a field, or null. */
export function numberIn(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

/** Who goes into rooms: everyone inside, the moderators only when included. */
export function assignable<P extends Pick<Participant, 'roles'>>(participants: readonly P[], includeModerators: boolean): P[] {
  return includeModerators ? [...participants] : participants.filter((p) => !isChair(p));
}

/** A uniform whole number in [0, bound), from the browser's cryptographic random numbers. */
export function randomIndex(bound: number): number {
  // Values at or above the last whole multiple of `bound` would favour small results.
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  const value = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(value);
    const drawn = value[0] ?? 0;
    if (drawn < limit) return drawn % bound;
  }
}

/** The items in a random order (Fisher–Yates), as a new array. */
export function shuffled<T>(items: readonly T[], index: (bound: number) => number = randomIndex): T[] {
  const list = [...items];
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = index(i + 1);
    const a = list[i] as T;
    list[i] = list[j] as T;
    list[j] = a;
  }
  return list;
}

/** Rooms needed for `people` with at most `size` in each (at least one). */
export function roomsForSize(people: number, size: number): number {
  return Math.max(1, Math.ceil(people / Math.max(1, size)));
}

/** The items in order, cut into `count` rooms whose sizes differ by at most one (bigger first). */
export function splitEvenly<T>(items: readonly T[], count: number): T[][] {
  const rooms: T[][] = [];
  const base = Math.floor(items.length / count);
  const bigger = items.length % count;
  let start = 0;
  for (let i = 0; i < count; i += 1) {
    const size = base + (i < bigger ? 1 : 0);
    rooms.push(items.slice(start, start + size));
    start += size;
  }
  return rooms;
}

/** `people` in the order of `order` (a shuffle); people not in it (who came later) last. */
export function inOrder<P extends { id: ParticipantId }>(people: readonly P[], order: readonly ParticipantId[]): P[] {
  const rank = new Map(order.map((id, i) => [id, i]));
  const at = (p: P) => rank.get(p.id) ?? order.length;
  return [...people].sort((a, b) => at(a) - at(b));
}

/** Rooms chosen by hand: room index by person (absent or null: the main room). */
export function roomsByHand(people: readonly { id: ParticipantId }[], choices: Readonly<Record<ParticipantId, number | null>>, count: number): ParticipantId[][] {
  const rooms: ParticipantId[][] = Array.from({ length: count }, () => []);
  for (const p of people) {
    const choice = choices[p.id];
    if (choice !== undefined && choice !== null && choice < count) rooms[choice]?.push(p.id);
  }
  return rooms;
}

export interface GroupRooms {
  /** The groups, sorted; one room each. */
  groups: string[];
  /** Each group's room: its people (someone in several groups goes to the first). */
  rooms: ParticipantId[][];
}

/** One room per group among `people`; people without a group stay in the main room. */
export function roomsByGroup(people: readonly Pick<Participant, 'id' | 'groups'>[], locale?: string): GroupRooms {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const groups = [...new Set(people.flatMap((p) => p.groups))].sort((a, b) => collator.compare(a, b));
  const rooms: ParticipantId[][] = groups.map(() => []);
  for (const p of people) {
    const first = groups.findIndex((g) => p.groups.includes(g));
    if (first !== -1) rooms[first]?.push(p.id);
  }
  return { groups, rooms };
}

/** Control characters (a name is one line). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

/** A name as sent: control characters become spaces, trimmed. */
export function cleanName(text: string): string {
  return text.replace(CONTROL, ' ').trim();
}

/** A length in characters (Unicode code points), as the node counts them. */
export function charCount(text: string): number {
  return Array.from(text).length;
}

/** A room name as sent (control characters removed, trimmed), or null when empty or too long. */
export function roomName(text: string): string | null {
  const name = cleanName(text);
  const length = charCount(name);
  return length === 0 || length > MAX_ROOM_NAME_CHARS ? null : name;
}

/** A room of the plan: its name, its people, and for rooms by group the group (for late joiners). */
export function roomPlan(name: string, members: readonly ParticipantId[], group: string | undefined): BreakoutRoomPlan {
  return group === undefined ? { name, members: [...members] } : { name, members: [...members], group };
}

/** The plan to send; `minutes` null: open until a moderator ends them. */
export function planOf(rooms: readonly BreakoutRoomPlan[], minutes: number | null, draft: Pick<BreakoutDraft, 'assignLateJoiners' | 'includeModerators'>): BreakoutPlan {
  const plan: BreakoutPlan = {
    rooms: [...rooms],
    assign_late_joiners: draft.assignLateJoiners,
    include_moderators: draft.includeModerators,
  };
  if (minutes !== null) plan.seconds = minutes * 60;
  return plan;
}

/** The duration chosen, in minutes (null: unlimited), or `invalid` when the other minutes are not 1 to 1440. */
export function minutesOf(draft: Pick<BreakoutDraft, 'duration' | 'otherMinutes'>): number | null | 'invalid' {
  if (draft.duration === 'unlimited') return null;
  if (typeof draft.duration === 'number') return draft.duration;
  return numberIn(draft.otherMinutes, 1, MAX_BREAKOUT_MINUTES) ?? 'invalid';
}

/**
 * How many rooms can be named ahead: the number of rooms when split by number of rooms (and it
 * is a number), otherwise (the count depends on who comes) the rooms named so far and one more.
 */
export function namedRooms(draft: Pick<BreakoutDraft, 'assignment' | 'splitBy' | 'rooms' | 'names'>): number {
  const rooms = numberIn(draft.rooms, 1, MAX_ROOMS);
  if (draft.assignment !== 'groups' && draft.splitBy === 'rooms' && rooms !== null) return rooms;
  const named = Object.entries(draft.names).filter(([, name]) => cleanName(name) !== '');
  const last = Math.max(-1, ...named.map(([index]) => Number(index)));
  return Math.min(MAX_ROOMS, last + 2);
}

/** The form filled from a set-up's settings (a duration that is no quick choice as other minutes). */
export function draftOf(settings: BreakoutSettings): BreakoutDraft {
  const names: Record<number, string> = {};
  settings.names.forEach((name, index) => {
    if (name !== '') names[index] = name;
  });
  const { minutes } = settings;
  const quick = minutes !== undefined && DURATION_CHOICES.includes(minutes);
  return {
    assignment: settings.assignment,
    splitBy: settings.split_by,
    rooms: String(settings.rooms),
    size: String(settings.size),
    names,
    includeModerators: settings.include_moderators,
    assignLateJoiners: settings.assign_late_joiners,
    duration: minutes === undefined ? 'unlimited' : quick ? minutes : 'other',
    otherMinutes: minutes === undefined || quick ? '' : String(minutes),
  };
}

/**
 * The settings a set-up keeps (names cleaned, by index up to the rooms that can be named, empty
 * for the default name), or the fields that are wrong. Numbers the form does not show (people
 * per room while split by number of rooms, both for rooms by group) keep the default when they
 * are not numbers.
 */
export function settingsOf(draft: BreakoutDraft): { settings: BreakoutSettings } | { problems: SettingsField[] } {
  const problems: SettingsField[] = [];
  const counted = draft.assignment !== 'groups';
  const number = (text: string, max: number, fallback: number, shown: boolean, field: SettingsField) => {
    const value = numberIn(text, 1, max);
    if (value === null && shown) problems.push(field);
    return value ?? fallback;
  };
  const rooms = number(draft.rooms, MAX_ROOMS, DEFAULT_SETTINGS.rooms, counted && draft.splitBy === 'rooms', 'rooms');
  const size = number(draft.size, MAX_ROOM_SIZE, DEFAULT_SETTINGS.size, counted && draft.splitBy === 'size', 'size');
  const names = Array.from({ length: namedRooms(draft) }, (_, index) => cleanName(draft.names[index] ?? ''));
  while (names.at(-1) === '') names.pop();
  if (names.some((name) => charCount(name) > MAX_ROOM_NAME_CHARS)) problems.push('names');
  const minutes = minutesOf(draft);
  if (minutes === 'invalid') problems.push('minutes');
  if (problems.length > 0 || minutes === 'invalid') return { problems };
  const settings: BreakoutSettings = {
    assignment: draft.assignment,
    split_by: draft.splitBy,
    rooms,
    size,
    names,
    include_moderators: draft.includeModerators,
    assign_late_joiners: draft.assignLateJoiners,
  };
  if (minutes !== null) settings.minutes = minutes;
  return { settings };
}
