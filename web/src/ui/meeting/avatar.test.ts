// Unit tests of initials: letters only (no brackets, digits or signs), first and last word.
import { describe, expect, it } from 'vitest';
import { initials } from './avatar';

describe('initials', () => {
  it('takes the first letters of the first and last word that start with a letter', () => {
    expect(initials('Frau Schmidt (Lehrerin)')).toBe('FS');
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('Ada')).toBe('A');
    expect(initials('Ada (2)')).toBe('A');
    expect(initials('  grace   hopper ')).toBe('GH');
    expect(initials('Dr. Müller-Lüdenscheidt')).toBe('DM');
    expect(initials('„Anna“ Berg')).toBe('AB');
    expect(initials('Özlem Çelik')).toBe('ÖÇ');
    expect(initials('李 小龙')).toBe('李小');
    expect(initials('123 !!!')).toBe('?');
    expect(initials('')).toBe('?');
  });
});
