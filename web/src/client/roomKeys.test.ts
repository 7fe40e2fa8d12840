// Unit tests of the keys a browser keeps for rooms: the guest key's form, keeping it, replacing
// a malformed one, and the owner keys per room.
import { describe, expect, it } from 'vitest';
import { GUEST_KEY_STORAGE, guestKey, newGuestKey, ownerKey, ownerKeyStorage, rememberOwnerKey, type KeyStorage } from './roomKeys';

function memory(): KeyStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('guest key', () => {
  it('has 32 characters of A–Z a–z 0–9 - _, from the random source', () => {
    const key = newGuestKey((bytes) => bytes.map((_, i) => i * 8 + 1));
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(key.startsWith('BJ')).toBe(true);
    expect(newGuestKey((bytes) => bytes.fill(63))).toBe('_'.repeat(32));
    expect(newGuestKey()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('is created once and kept', () => {
    const storage = memory();
    const first = guestKey(storage);
    expect(storage.data.get(GUEST_KEY_STORAGE)).toBe(first);
    expect(guestKey(storage)).toBe(first);
  });

  it('replaces a malformed stored key and works without storage', () => {
    const storage = memory();
    storage.setItem(GUEST_KEY_STORAGE, 'short');
    expect(guestKey(storage)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(guestKey(null)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('owner keys', () => {
  it('are kept per room', () => {
    const storage = memory();
    rememberOwnerKey(storage, 'abc', 'secret');
    expect(storage.data.get(ownerKeyStorage('abc'))).toBe('secret');
    expect(ownerKeyStorage('abc')).toBe('plenum.ownerKey.abc');
    expect(ownerKey(storage, 'abc')).toBe('secret');
    expect(ownerKey(storage, 'other')).toBeNull();
    expect(ownerKey(null, 'abc')).toBeNull();
  });
});
