// Unit tests of the remembered meeting preferences: layout, simple mode (the organiser's choice
// wins), and a broken storage that just forgets.
import { describe, expect, it } from 'vitest';
import { loadLayout, loadSimpleMode, loadText, PREFERENCE_KEYS, saveLayout, saveSimpleMode, saveText, simpleModeFor } from './preferences';

function memory() {
  const data = new Map<string, string>();
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('preferences', () => {
  it('remembers layout, simple mode, background and speaker', () => {
    const storage = memory();
    expect(loadLayout(storage)).toBe('gallery');
    saveLayout(storage, 'speaker');
    expect(storage.data.get('plenum.layout')).toBe('speaker');
    expect(loadLayout(storage)).toBe('speaker');
    expect(loadSimpleMode(storage)).toBe(false);
    saveSimpleMode(storage, true);
    expect(loadSimpleMode(storage)).toBe(true);
    saveText(storage, PREFERENCE_KEYS.background, 'blur');
    expect(loadText(storage, PREFERENCE_KEYS.background)).toBe('blur');
  });

  it('forgets quietly when the storage fails', () => {
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadLayout(broken)).toBe('gallery');
    expect(() => saveLayout(broken, 'speaker')).not.toThrow();
    expect(loadSimpleMode(null)).toBe(false);
  });

  it("lets the organiser's choice for the meeting win, except for the chairs", () => {
    expect(simpleModeFor(false, false, false)).toEqual({ on: false, fixed: false });
    expect(simpleModeFor(true, false, false)).toEqual({ on: true, fixed: false });
    expect(simpleModeFor(false, true, false)).toEqual({ on: true, fixed: true });
    expect(simpleModeFor(false, true, true)).toEqual({ on: false, fixed: false });
    expect(simpleModeFor(true, true, true)).toEqual({ on: true, fixed: false });
  });
});
