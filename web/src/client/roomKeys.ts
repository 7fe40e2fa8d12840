// The secrets a browser keeps for joining rooms: the owner key of an ad-hoc room it created
// (localStorage `plenum.ownerKey.<roomId>`) and one random guest key per browser
// (`plenum.guestKey`, 32 characters of `A–Z a–z 0–9 - _`), by which the node recognises people
// without an account when they come back. Storage and randomness are injected; no DOM.

export type KeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const GUEST_KEY_STORAGE = 'plenum.guestKey';
export const GUEST_KEY_LENGTH = 32;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const GUEST_KEY_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export function ownerKeyStorage(roomId: string): string {
  return `plenum.ownerKey.${roomId}`;
}

/** Fills a byte array with random values (crypto.getRandomValues by default). */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const cryptoFill: RandomFill = (bytes) => crypto.getRandomValues(bytes);

/** A new guest key: 32 characters, each one of 64, so every byte maps without bias. */
export function newGuestKey(fill: RandomFill = cryptoFill): string {
  const bytes = fill(new Uint8Array(GUEST_KEY_LENGTH));
  let key = '';
  for (const byte of bytes) key += ALPHABET[byte % ALPHABET.length] ?? 'A';
  return key;
}

/** This browser's guest key, created and kept on first use (per page load without storage). */
export function guestKey(storage: KeyStorage | null, fill?: RandomFill): string {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(GUEST_KEY_STORAGE) ?? null;
  } catch {
    stored = null;
  }
  if (stored !== null && GUEST_KEY_PATTERN.test(stored)) return stored;
  const key = newGuestKey(fill);
  try {
    storage?.setItem(GUEST_KEY_STORAGE, key);
  } catch {
    // Private browsing may refuse to store; the key then lasts for this page.
  }
  return key;
}

/** Keeps the owner key of a room this browser created. */
export function rememberOwnerKey(storage: KeyStorage | null, roomId: string, key: string): void {
  try {
    storage?.setItem(ownerKeyStorage(roomId), key);
  } catch {
    // Without storage this browser simply joins like anyone else.
  }
}

/** The owner key this browser keeps for `roomId`, if any. */
export function ownerKey(storage: KeyStorage | null, roomId: string): string | null {
  try {
    const key = storage?.getItem(ownerKeyStorage(roomId)) ?? null;
    return key === '' ? null : key;
  } catch {
    return null;
  }
}
