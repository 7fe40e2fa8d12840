// Unit tests of the participant list's orders and search, speaking time at a moment, the fair
// order of raised hands, and podium guests first.
import { describe, expect, it } from 'vitest';
import type { Hand, Participant } from '../protocol/generated';
import { fairOrder, lastActive, podiumFirst, searchParticipants, sortParticipants, spokenMs, type SpeakingTimes } from './participantSort';
import { participant } from './participantFixture';

const person = (id: string, name: string, patch: Partial<Participant> = {}) =>
  participant(id, { display_name: name, video: false, ...patch });

const ada = person('a', 'Ada', { groups: ['Tenors'], joined_at: 30 });
const bea = person('b', 'bea', { groups: ['Altos'], joined_at: 10 });
const cem = person('c', 'Cem', { joined_at: 20 });
const dan = person('d', 'Dän', { groups: ['Altos'], joined_at: 40 });
const people = [ada, bea, cem, dan];

const hands: Hand[] = [
  { participant: 'c', point_of_order: true, raised_at: 5 },
  { participant: 'a', point_of_order: false, raised_at: 1 },
  { participant: 'd', point_of_order: false, raised_at: 2 },
];

const speaking: SpeakingTimes = {
  a: { participant: 'a', total_ms: 60_000, last_spoke: 100 },
  b: { participant: 'b', total_ms: 5_000, speaking_since: 900 },
  d: { participant: 'd', total_ms: 10_000, last_spoke: 500 },
};

const context = { hands, speaking, now: 1000, locale: 'en' };
const names = (list: Participant[]) => list.map((p) => p.display_name);

describe('sortParticipants', () => {
  it('sorts by group (people without a group last), by name and by name backwards', () => {
    expect(names(sortParticipants(people, 'groups', context))).toEqual(['bea', 'Dän', 'Ada', 'Cem']);
    expect(names(sortParticipants(people, 'name_asc', context))).toEqual(['Ada', 'bea', 'Cem', 'Dän']);
    expect(names(sortParticipants(people, 'name_desc', context))).toEqual(['Dän', 'Cem', 'bea', 'Ada']);
  });

  it('sorts by last joined and by last spoken (speaking now first, never last)', () => {
    expect(names(sortParticipants(people, 'last_joined', context))).toEqual(['Dän', 'Ada', 'Cem', 'bea']);
    expect(names(sortParticipants(people, 'last_active', context))).toEqual(['bea', 'Dän', 'Ada', 'Cem']);
  });

  it('sorts by the hand queue (no hand last) and by speaking time', () => {
    expect(names(sortParticipants(people, 'hand_order', context))).toEqual(['Cem', 'Ada', 'Dän', 'bea']);
    expect(names(sortParticipants(people, 'least_speaking', context))).toEqual(['Cem', 'bea', 'Dän', 'Ada']);
    expect(names(sortParticipants(people, 'most_speaking', context))).toEqual(['Ada', 'Dän', 'bea', 'Cem']);
  });

  it('does not change the list it is given', () => {
    sortParticipants(people, 'name_desc', context);
    expect(names(people)).toEqual(['Ada', 'bea', 'Cem', 'Dän']);
  });
});

describe('speaking time', () => {
  it('counts the current utterance live', () => {
    expect(spokenMs(speaking.b, 1000)).toBe(5_100);
    expect(spokenMs(speaking.a, 1000)).toBe(60_000);
    expect(spokenMs(undefined, 1000)).toBe(0);
    expect(lastActive(speaking.b, 1000)).toBe(1000);
    expect(lastActive(speaking.a, 1000)).toBe(100);
    expect(lastActive(undefined, 1000)).toBeNull();
  });
});

describe('searchParticipants', () => {
  it('finds names ignoring case and accents', () => {
    expect(names(searchParticipants(people, 'dan'))).toEqual(['Dän']);
    expect(names(searchParticipants(people, ' BE '))).toEqual(['bea']);
    expect(searchParticipants(people, '')).toHaveLength(4);
  });
});

describe('fairOrder', () => {
  it('puts points of order first, then whoever has spoken least', () => {
    expect(fairOrder(hands, speaking, 1000).map((h) => h.participant)).toEqual(['c', 'd', 'a']);
  });

  it('keeps the queue order between equal speaking times', () => {
    const equal: Hand[] = [
      { participant: 'x', point_of_order: false, raised_at: 1 },
      { participant: 'y', point_of_order: false, raised_at: 2 },
    ];
    expect(fairOrder(equal, {}, 0).map((h) => h.participant)).toEqual(['x', 'y']);
  });
});

describe('podiumFirst', () => {
  it('moves podium guests to the front and keeps the order otherwise', () => {
    const guest = person('g', 'Gia', { roles: ['guest', 'podium'] });
    expect(podiumFirst([ada, bea, guest, cem]).map((p) => p.id)).toEqual(['g', 'a', 'b', 'c']);
    expect(podiumFirst(people)).toBe(people);
  });
});
