// Initials and a calm background colour for a participant without video. Pure helpers.

/** Up to two initials: first letters of the first and last word of the name. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => w.length > 0);
  const first = words[0];
  if (first === undefined) return '?';
  const firstChar = Array.from(first)[0] ?? '';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const lastChar = last !== undefined ? (Array.from(last)[0] ?? '') : '';
  return (firstChar + lastChar).toLocaleUpperCase();
}

// Muted, dark tones: white text on each has a contrast of at least 4.5:1.
const PALETTE = ['#3a5a92', '#2f6b66', '#6a4c8c', '#8a4f2e', '#3c6a37', '#7a3d5d', '#465a70', '#5c5f2a'];

export function avatarColor(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#465a70';
}
