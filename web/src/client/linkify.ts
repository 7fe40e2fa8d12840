// Links in plain text: splits a chat message into text and `http(s)` link segments, for a UI
// that renders each segment as a text node or an <a>. A link's address comes only from a
// successful URL parse whose scheme is http or https (never `javascript:`, `data:` or anything
// else); everything that is not such a link stays text. No markup, no DOM.

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** Candidates: `http://` or `https://` followed by anything but white space and angle brackets or quotes. */
const CANDIDATE = /https?:\/\/[^\s<>"'`]+/giu;
/** Characters that usually end the sentence around a link rather than the link itself. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', '*', '…']);
const CLOSING: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}

/**
 * The candidate without punctuation that ends the sentence: `https://a.org/x.` → `https://a.org/x`,
 * but a closing bracket that belongs to the address stays (`https://en.wikipedia.org/wiki/A_(b)`).
 */
export function trimTrailing(candidate: string): string {
  let end = candidate.length;
  while (end > 0) {
    const last = candidate[end - 1] as string;
    if (!TRAILING.has(last)) break;
    const opening = CLOSING[last];
    if (opening !== undefined) {
      const inner = candidate.slice(0, end);
      // Balanced: the bracket is part of the address.
      if (count(inner, opening) >= count(inner, last)) break;
    }
    end -= 1;
  }
  return candidate.slice(0, end);
}

/** The address to link to, or null when `candidate` is not a usable http(s) URL. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  return url.href;
}

function pushText(segments: TextSegment[], text: string): void {
  if (text === '') return;
  const last = segments[segments.length - 1];
  if (last !== undefined && last.kind === 'text') segments[segments.length - 1] = { kind: 'text', text: last.text + text };
  else segments.push({ kind: 'text', text });
}

/** The text as segments, in order; joining their `text` gives the input back unchanged. */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let position = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    // Only at the start of a word: "xhttps://…" or "javascript:https://…" is not a link.
    const before = start > 0 ? text[start - 1] : undefined;
    if (before !== undefined && /[\p{L}\p{N}_:/@.\-]/u.test(before)) continue;
    const candidate = trimTrailing(match[0]);
    const href = safeHref(candidate);
    if (href === null) continue;
    pushText(segments, text.slice(position, start));
    segments.push({ kind: 'link', text: candidate, href });
    position = start + candidate.length;
  }
  pushText(segments, text.slice(position));
  return segments;
}
