// The person's own meeting preferences, remembered in this browser (localStorage): the layout
// (gallery or speaker view), simple mode, the background and the audio output. Reads and writes
// through an injected storage; a missing or broken storage just forgets. No DOM, no React.
import { parseLayoutMode, type LayoutMode } from './layout';

export const PREFERENCE_KEYS = {
  layout: 'plenum.layout',
  simpleMode: 'plenum.simpleMode',
  background: 'plenum.background',
  speakerId: 'plenum.speakerId',
} as const;

export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'> | null | undefined;

function read(storage: PreferenceStorage, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: PreferenceStorage, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // A full or blocked storage only means the choice is not remembered.
  }
}

export function loadLayout(storage: PreferenceStorage): LayoutMode {
  return parseLayoutMode(read(storage, PREFERENCE_KEYS.layout));
}

export function saveLayout(storage: PreferenceStorage, mode: LayoutMode): void {
  write(storage, PREFERENCE_KEYS.layout, mode);
}

export function loadSimpleMode(storage: PreferenceStorage): boolean {
  return read(storage, PREFERENCE_KEYS.simpleMode) === 'true';
}

export function saveSimpleMode(storage: PreferenceStorage, on: boolean): void {
  write(storage, PREFERENCE_KEYS.simpleMode, on ? 'true' : 'false');
}

export function loadText(storage: PreferenceStorage, key: (typeof PREFERENCE_KEYS)['background' | 'speakerId']): string | null {
  return read(storage, key);
}

export function saveText(storage: PreferenceStorage, key: (typeof PREFERENCE_KEYS)['background' | 'speakerId'], value: string): void {
  write(storage, key, value);
}

/**
 * Whether the meeting is shown in simple mode, and whether the person can change it: the
 * organiser's choice for the meeting applies to everyone but the chairs (who need the full
 * tools); otherwise the person's own choice.
 */
export function simpleModeFor(personal: boolean, meetingSimple: boolean, chair: boolean): { on: boolean; fixed: boolean } {
  const fixed = meetingSimple && !chair;
  return { on: fixed || personal, fixed };
}
