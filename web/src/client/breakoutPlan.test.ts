// Unit tests of how breakout choices become a plan: who is assigned, the shuffle (a fair one
// from cryptographic random numbers), balanced rooms by number and by size, the order of a
// shuffle with late comers, rooms by hand and by group, room names, numbers typed in a field,
// the plan with and without a duration, and the form's settings from and to a set-up's.
import { describe, expect, it, vi } from 'vitest';
import type { BreakoutSettings, Participant } from '../protocol/generated';
import {
  assignable,
  DEFAULT_SETTINGS,
  draftOf,
  inOrder,
  minutesOf,
  namedRooms,
  numberIn,
  planOf,
  randomIndex,
  roomName,
  roomPlan,
  roomsByGroup,
  roomsByHand,
  roomsForSize,
  settingsOf,
  shuffled,
  splitEvenly,
  type BreakoutDraft,
} from './breakoutPlan';
import { participant } from './participantFixture';

const person = (id: string, patch: Partial<Participant> = {}) =>
  participant(id, { display_name: id, audio: false, video: false, ...patch });

describe('breakout plans', () => {
  it('assigns moderators only when they are included', () => {
    const people = [person('m', { roles: ['moderator', 'participant'] }), person('o', { roles: ['owner'] }), person('a')];
    expect(assignable(people, false).map((p) => p.id)).toEqual(['a']);
    expect(assignable(people, true).map((p) => p.id)).toEqual(['m', 'o', 'a']);
  });

  it('shuffles with uniform numbers from the browser’s cryptographic source', () => {
    const values = [0xffff_ffff, 7];
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint32Array)[0] = values.shift() ?? 0;
      return array;
    });
    // 0xffffffff lies beyond the last whole multiple of 3 and is drawn again.
    expect(randomIndex(3)).toBe(1);
    expect(spy).toHaveBeenCalledTimes(2);
    // Each j chosen from 0..i: always the first here.
    expect(shuffled(['a', 'b', 'c', 'd'], () => 0)).toEqual(['b', 'c', 'd', 'a']);
    expect(shuffled(['a', 'b', 'c', 'd'], (bound) => bound - 1)).toEqual(['a', 'b', 'c', 'd']);
    const many = shuffled(Array.from({ length: 20 }, (_, i) => i), randomIndex);
    expect([...many].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('makes balanced rooms, by number of rooms or by people per room', () => {
    expect(splitEvenly(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3)).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f', 'g']]);
    expect(splitEvenly(['a'], 3)).toEqual([['a'], [], []]);
    expect(roomsForSize(7, 3)).toBe(3);
    expect(roomsForSize(6, 3)).toBe(2);
    expect(roomsForSize(0, 3)).toBe(1);
  });

  it('keeps the shuffled order and puts late comers last', () => {
    expect(inOrder([person('a'), person('b'), person('c'), person('d')], ['c', 'a', 'b']).map((p) => p.id)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('takes rooms chosen by hand; the rest stay in the main room', () => {
    expect(roomsByHand([person('a'), person('b'), person('c'), person('d')], { a: 1, b: 0, c: null, d: 5 }, 2)).toEqual([['b'], ['a']]);
  });

  it('makes one room per group, sorted; people in several go to the first, people in none stay', () => {
    const people = [person('a', { groups: ['Tenors'] }), person('b', { groups: ['Altos', 'Tenors'] }), person('c'), person('d', { groups: ['altos 2'] })];
    expect(roomsByGroup(people, 'en')).toEqual({ groups: ['Altos', 'altos 2', 'Tenors'], rooms: [['b'], ['d'], ['a']] });
  });

  it('checks room names and numbers', () => {
    expect(roomName('  Group 1 ')).toBe('Group 1');
    expect(roomName('A\u0007B')).toBe('A B');
    expect(roomName('   ')).toBeNull();
    expect(roomName('x'.repeat(61))).toBeNull();
    expect(roomName('é'.repeat(60))).toBe('é'.repeat(60));
    expect(numberIn(' 12 ', 1, 50)).toBe(12);
    expect(numberIn('0', 1, 50)).toBeNull();
    expect(numberIn('51', 1, 50)).toBeNull();
    expect(numberIn('2.5', 1, 50)).toBeNull();
    expect(numberIn('', 1, 50)).toBeNull();
  });

  it('makes the plan, with seconds only for a duration', () => {
    const rooms = [roomPlan('Altos', ['b'], 'Altos'), roomPlan('Group 2', [], undefined)];
    expect(planOf(rooms, 10, { assignLateJoiners: true, includeModerators: false })).toEqual({
      rooms: [{ name: 'Altos', members: ['b'], group: 'Altos' }, { name: 'Group 2', members: [] }],
      seconds: 600,
      assign_late_joiners: true,
      include_moderators: false,
    });
    expect(planOf(rooms, null, { assignLateJoiners: false, includeModerators: true })).not.toHaveProperty('seconds');
  });
});

describe('the form’s settings', () => {
  const fours: BreakoutSettings = {
    assignment: 'random',
    split_by: 'size',
    rooms: 3,
    size: 4,
    names: ['', 'Blue', ''],
    include_moderators: true,
    assign_late_joiners: false,
    minutes: 15,
  };

  it('fill the form from a set-up: names by room, a quick duration or other minutes', () => {
    expect(draftOf(fours)).toEqual({
      assignment: 'random',
      splitBy: 'size',
      rooms: '3',
      size: '4',
      names: { 1: 'Blue' },
      includeModerators: true,
      assignLateJoiners: false,
      duration: 15,
      otherMinutes: '',
    });
    expect(draftOf({ ...fours, minutes: 45 })).toMatchObject({ duration: 'other', otherMinutes: '45' });
    expect(draftOf(DEFAULT_SETTINGS)).toMatchObject({ duration: 'unlimited', otherMinutes: '', rooms: '2', names: {} });
  });

  it('come back as they were', () => {
    expect(settingsOf(draftOf(fours))).toEqual({ settings: { ...fours, names: ['', 'Blue'] } });
    expect(settingsOf(draftOf(DEFAULT_SETTINGS))).toEqual({ settings: DEFAULT_SETTINGS });
    const groups: BreakoutSettings = { ...DEFAULT_SETTINGS, assignment: 'groups', minutes: 1440 };
    expect(settingsOf(draftOf(groups))).toEqual({ settings: groups });
  });

  it('name as many rooms as there are, or those named so far and one more', () => {
    const draft = draftOf(DEFAULT_SETTINGS);
    expect(namedRooms({ ...draft, rooms: '4' })).toBe(4);
    expect(namedRooms({ ...draft, rooms: 'x' })).toBe(1);
    expect(namedRooms({ ...draft, splitBy: 'size', names: { 0: 'Red', 2: 'Blue', 3: '  ' } })).toBe(4);
    expect(namedRooms({ ...draft, assignment: 'groups', rooms: '4' })).toBe(1);
    expect(namedRooms({ ...draft, splitBy: 'size', names: { 49: 'Last' } })).toBe(50);
    // Names of rooms beyond the number are not kept; names are cleaned.
    expect(settingsOf({ ...draft, rooms: '2', names: { 0: ' Red\t', 1: 'Blue', 2: 'Green' } })).toMatchObject({ settings: { names: ['Red', 'Blue'] } });
  });

  it('say which fields are wrong; numbers the form does not show keep the default', () => {
    const draft: BreakoutDraft = { ...draftOf(DEFAULT_SETTINGS), rooms: '51', size: 'many', duration: 'other', otherMinutes: '0', names: { 0: 'x'.repeat(61) } };
    expect(settingsOf(draft)).toEqual({ problems: ['rooms', 'names', 'minutes'] });
    expect(settingsOf({ ...draft, splitBy: 'size' })).toEqual({ problems: ['size', 'names', 'minutes'] });
    expect(settingsOf({ ...draft, assignment: 'groups', names: {}, otherMinutes: '30' })).toEqual({
      settings: { ...DEFAULT_SETTINGS, assignment: 'groups', minutes: 30 },
    });
  });

  it('read the duration', () => {
    const draft = draftOf(DEFAULT_SETTINGS);
    expect(minutesOf(draft)).toBeNull();
    expect(minutesOf({ ...draft, duration: 10 })).toBe(10);
    expect(minutesOf({ ...draft, duration: 'other', otherMinutes: ' 90 ' })).toBe(90);
    expect(minutesOf({ ...draft, duration: 'other', otherMinutes: '1441' })).toBe('invalid');
  });
});
