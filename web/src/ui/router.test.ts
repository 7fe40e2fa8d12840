// Unit tests of route parsing.
import { describe, expect, it } from 'vitest';
import { parseRoute, roomPath } from './router';

describe('parseRoute', () => {
  it('knows the start page and room links', () => {
    expect(parseRoute('/')).toEqual({ name: 'start' });
    expect(parseRoute('/r/abc-123')).toEqual({ name: 'room', roomId: 'abc-123' });
    expect(parseRoute('/r/abc-123/')).toEqual({ name: 'room', roomId: 'abc-123' });
    expect(parseRoute('/r/')).toEqual({ name: 'unknown' });
    expect(parseRoute('/r/a/b')).toEqual({ name: 'unknown' });
    expect(parseRoute('/elsewhere')).toEqual({ name: 'unknown' });
    expect(parseRoute('/r/%E0%A4%A')).toEqual({ name: 'unknown' });
  });

  it('round-trips room paths', () => {
    expect(parseRoute(roomPath('a b'))).toEqual({ name: 'room', roomId: 'a b' });
  });
});
