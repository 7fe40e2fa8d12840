// Unit tests of linkify: http(s) addresses become link segments with a parsed, safe href;
// everything else (javascript:, data:, markup, bare words) stays text; sentence punctuation is
// not part of a link; joining the segments gives the text back.
import { describe, expect, it } from 'vitest';
import { linkify, safeHref, trimTrailing, type TextSegment } from './linkify';

function joined(segments: TextSegment[]): string {
  return segments.map((s) => s.text).join('');
}

function links(text: string): string[] {
  return linkify(text).flatMap((s) => (s.kind === 'link' ? [s.href] : []));
}

describe('linkify', () => {
  it('keeps plain text as one text segment', () => {
    expect(linkify('Hello, everyone!')).toEqual([{ kind: 'text', text: 'Hello, everyone!' }]);
    expect(linkify('')).toEqual([]);
  });

  it('makes an https address a link with that href', () => {
    expect(linkify('see https://example.org/a?b=1 now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('links http and https in any case, several per text, at the start and the end', () => {
    const text = 'http://a.example/x and HTTPS://B.example/Y';
    expect(links(text)).toEqual(['http://a.example/x', 'https://b.example/Y']);
    expect(joined(linkify(text))).toBe(text);
  });

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<b>x</b>', 'ftp://example.org', 'mailto:a@b.org', 'file:///etc/passwd']) {
      expect(links(text)).toEqual([]);
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('does not link a scheme hidden inside a word or without a host', () => {
    expect(links('xhttps://example.org')).toEqual([]);
    expect(links('https://')).toEqual([]);
    expect(links('javascript:https://example.org')).toEqual([]);
  });

  it('keeps markup as text and stops a link at angle brackets and quotes', () => {
    const text = '<img src=x onerror="window.__pwned=1">';
    expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    expect(links('<a href="https://evil.example/">x</a>')).toEqual(['https://evil.example/']);
    expect(linkify('"https://example.org/q"')).toEqual([
      { kind: 'text', text: '"' },
      { kind: 'link', text: 'https://example.org/q', href: 'https://example.org/q' },
      { kind: 'text', text: '"' },
    ]);
  });

  it('leaves sentence punctuation out of the link but keeps balanced brackets', () => {
    expect(links('Look: https://example.org/page.')).toEqual(['https://example.org/page']);
    expect(links('(see https://example.org/x)')).toEqual(['https://example.org/x']);
    expect(links('https://en.wikipedia.org/wiki/Plenum_(meeting) ok')).toEqual(['https://en.wikipedia.org/wiki/Plenum_(meeting)']);
    expect(links('https://example.org/?a=1, b')).toEqual(['https://example.org/?a=1']);
    expect(trimTrailing('https://example.org/a?!.')).toBe('https://example.org/a');
  });

  it('keeps line breaks and all other characters around links', () => {
    const text = 'first line\nhttps://example.org\n\tlast';
    const segments = linkify(text);
    expect(joined(segments)).toBe(text);
    expect(segments.filter((s) => s.kind === 'link')).toHaveLength(1);
  });

  it('normalises the href only through the URL parser', () => {
    expect(links('https://EXAMPLE.org')).toEqual(['https://example.org/']);
    expect(safeHref('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
