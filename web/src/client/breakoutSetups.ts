// Breakout set-ups a moderator prepared: named breakout settings (how to assign, number of rooms
// or people per room, room names, moderators included, late joiners, duration), kept in this
// browser only (localStorage, one list per meeting room: `plenum.breakoutSetups.<roomId>`), read
// back defensively (anything that does not look like a set-up is skipped). People are not kept:
// who is in a meeting changes. No DOM, no React.
import type { RoomId } from '../protocol/generated';
import { MAX_BREAKOUT_MINUTES, MAX_ROOM_SIZE, MAX_ROOMS, type BreakoutSettings } from './breakoutPlan';
import { readStored, writeStored, type PreferenceStorage } from './preferences';

export interface BreakoutSetup {
  name: string;
  settings: BreakoutSettings;
}

/** Longest set-up name, in characters. */
export const MAX_SETUP_NAME_CHARS = 60;

export function setupsKey(roomId: RoomId): string {
  return `plenum.breakoutSetups.${roomId}`;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function wholeIn(value: unknown, min: number, max: number): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

function settingsFrom(value: unknown): BreakoutSettings | null {
  const s = record(value);
  if (s === null) return null;
  const assignment = s.assignment === 'random' || s.assignment === 'manual' || s.assignment === 'groups' ? s.assignment : null;
  const splitBy = s.splitBy === 'rooms' || s.splitBy === 'size' ? s.splitBy : null;
  const rooms = wholeIn(s.rooms, 1, MAX_ROOMS);
  const size = wholeIn(s.size, 1, MAX_ROOM_SIZE);
  const minutes = s.minutes === null ? null : wholeIn(s.minutes, 1, MAX_BREAKOUT_MINUTES);
  const names = record(s.names);
  if (assignment === null || splitBy === null || rooms === null || size === null || names === null) return null;
  if (minutes === null && s.minutes !== null) return null;
  if (typeof s.includeModerators !== 'boolean' || typeof s.assignLateJoiners !== 'boolean') return null;
  const cleanNames: Record<number, string> = {};
  for (const [key, name] of Object.entries(names)) {
    const index = Number(key);
    if (Number.isInteger(index) && index >= 0 && index < MAX_ROOMS && typeof name === 'string') cleanNames[index] = name;
  }
  return {
    assignment,
    splitBy,
    rooms,
    size,
    names: cleanNames,
    includeModerators: s.includeModerators,
    assignLateJoiners: s.assignLateJoiners,
    minutes,
  };
}

/** The set-ups kept for a room, in the order they were saved. */
export function loadSetups(storage: PreferenceStorage, roomId: RoomId): BreakoutSetup[] {
  const text = readStored(storage, setupsKey(roomId));
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry): BreakoutSetup[] => {
    const e = record(entry);
    const settings = settingsFrom(e?.settings);
    return e !== null && typeof e.name === 'string' && e.name.trim() !== '' && settings !== null ? [{ name: e.name, settings }] : [];
  });
}

/** Keeps the set-ups for a room. */
export function saveSetups(storage: PreferenceStorage, roomId: RoomId, setups: readonly BreakoutSetup[]): void {
  writeStored(storage, setupsKey(roomId), JSON.stringify(setups));
}

/** The list with `setup` added, replacing one of the same name. */
export function withSetup(setups: readonly BreakoutSetup[], setup: BreakoutSetup): BreakoutSetup[] {
  const index = setups.findIndex((s) => s.name === setup.name);
  if (index === -1) return [...setups, setup];
  return setups.map((s, i) => (i === index ? setup : s));
}

/** The list without the set-up of that name. */
export function withoutSetup(setups: readonly BreakoutSetup[], name: string): BreakoutSetup[] {
  return setups.filter((s) => s.name !== name);
}
