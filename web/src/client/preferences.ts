// The person's own meeting preferences, remembered in this browser (localStorage): the layout
// (gallery, speaker view or lecture), simple mode, the background and the audio output. Reads
// and writes through an injected storage; a missing or broken storage just forgets. No DOM, no
// React.
import { parseLayoutMode, type LayoutMode } from './layout';

export const PREFERENCE_KEYS = {
  layout: 'plenum.layout',
  simpleMode: 'plenum.simpleMode',
  background: 'plenum.background',
  speakerId: 'plenum.speakerId',
} as const;

export type PreferenceStorage = Pick<Storage, 'getItem' | 'setItem'> | null | undefined;

/** A stored text, or null when it is missing or the storage cannot be read. */
function readStored(storage: PreferenceStorage, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores a text; a full or blocked storage only means it is not remembered. */
function writeStored(storage: PreferenceStorage, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // A full or blocked storage only means the choice is not remembered.
  }
}

export function loadLayout(storage: PreferenceStorage): LayoutMode {
  return parseLayoutMode(readStored(storage, PREFERENCE_KEYS.layout));
}

export function saveLayout(storage: PreferenceStorage, mode: LayoutMode): void {
  writeStored(storage, PREFERENCE_KEYS.layout, mode);
}

export function loadSimpleMode(storage: PreferenceStorage): boolean {
  return readStored(storage, PREFERENCE_KEYS.simpleMode) === 'true';
}

export function saveSimpleMode(storage: PreferenceStorage, on: boolean): void {
  writeStored(storage, PREFERENCE_KEYS.simpleMode, on ? 'true' : 'false');
}

export function loadText(storage: PreferenceStorage, key: (typeof PREFERENCE_KEYS)['background' | 'speakerId']): string | null {
  return readStored(storage, key);
}

export function saveText(storage: PreferenceStorage, key: (typeof PREFERENCE_KEYS)['background' | 'speakerId'], value: string): void {
  writeStored(storage, key, value);
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
