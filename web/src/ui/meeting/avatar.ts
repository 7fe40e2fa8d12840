// Initials and a calm background colour for a participant without video. Pure helpers.

/**
 * Up to two initials: the first letters of the first and the last word of the name, counting
 * only words that start with a letter ("Frau Schmidt (Lehrerin)" → "FS", "Ada (2)" → "A").
 * Brackets, digits and signs never become initials; a name without letters shows "?".
 */
export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .map((word) => /^[\p{L}\p{M}]/u.exec(word.replace(/^[^\p{L}\p{N}(]+/u, ''))?.[0] ?? '')
    .filter((letter) => letter !== '');
  const first = letters[0];
  if (first === undefined) return '?';
  const last = letters.length > 1 ? letters[letters.length - 1] : '';
  return (first + last).toLocaleUpperCase();
}

// Muted, dark tones: white text on each has a contrast of at least 4.5:1.
const PALETTE = ['#3a5a92', '#2f6b66', '#6a4c8c', '#8a4f2e', '#3c6a37', '#7a3d5d', '#465a70', '#5c5f2a'];

export function avatarColor(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#465a70';
}
