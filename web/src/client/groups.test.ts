// Unit tests of the groups a moderator types: splitting, cleaning, sorting and the limits.
import { describe, expect, it } from 'vitest';
import { groupsText, parseGroups } from './groups';

describe('parseGroups', () => {
  it('splits at commas, trims, drops repeats and empty parts, and sorts', () => {
    expect(parseGroups(' Tenors,  Choir ,,Tenors, Year  7 ')).toEqual({ ok: true, groups: ['Choir', 'Tenors', 'Year 7'] });
    expect(parseGroups('')).toEqual({ ok: true, groups: [] });
  });

  it('refuses more than 8 groups and groups longer than 40 characters', () => {
    expect(parseGroups('a,b,c,d,e,f,g,h,i')).toEqual({ ok: false, error: 'too_many' });
    expect(parseGroups('a,b,c,d,e,f,g,h')).toMatchObject({ ok: true });
    expect(parseGroups('x'.repeat(41))).toEqual({ ok: false, error: 'too_long' });
  });

  it('round-trips through the text', () => {
    expect(parseGroups(groupsText(['Altos', 'Choir']))).toEqual({ ok: true, groups: ['Altos', 'Choir'] });
  });
});
