// Orders of the participant list (groups, name A–Z and Z–A, last joined, last active, hand-raise
// order, least and most speaking time), the search by name, each person's speaking time at a
// moment (live while they speak), and the "fair order" of raised hands (points of order first,
// then whoever has spoken least). Pure functions over the wire types; no words, no DOM.
import type { Hand, Participant, ParticipantId, SpeakingTime } from '../protocol/generated';

export const PARTICIPANT_SORTS = [
  'groups',
  'name_asc',
  'name_desc',
  'last_joined',
  'last_active',
  'hand_order',
  'least_speaking',
  'most_speaking',
] as const;

export type ParticipantSort = (typeof PARTICIPANT_SORTS)[number];

/** Orders that need speaking times, which only chairs receive. */
export const CHAIR_SORTS: readonly ParticipantSort[] = ['last_active', 'least_speaking', 'most_speaking'];

export type SpeakingTimes = Readonly<Record<ParticipantId, SpeakingTime>>;

/** Milliseconds spoken at `now`, counting the current utterance. */
export function spokenMs(time: SpeakingTime | undefined, now: number): number {
  if (time === undefined) return 0;
  const current = time.speaking_since !== undefined ? Math.max(0, now - time.speaking_since) : 0;
  return time.total_ms + current;
}

/** When someone last spoke (`now` while they speak), or null if never. */
export function lastActive(time: SpeakingTime | undefined, now: number): number | null {
  if (time === undefined) return null;
  if (time.speaking_since !== undefined) return now;
  return time.last_spoke ?? null;
}

/** 1-based positions in the hand queue, by participant. */
export function handPositions(hands: readonly Hand[]): ReadonlyMap<ParticipantId, number> {
  return new Map(hands.map((h, i) => [h.participant, i + 1]));
}

function compareNames(a: Participant, b: Participant, collator: Intl.Collator): number {
  return collator.compare(a.display_name, b.display_name) || a.id.localeCompare(b.id);
}

export interface SortContext {
  hands: readonly Hand[];
  speaking: SpeakingTimes;
  now: number;
  /** The interface language, for comparing names. */
  locale?: string;
}

/** A new array of `participants` in the chosen order (ties by name). */
export function sortParticipants(participants: readonly Participant[], sort: ParticipantSort, context: SortContext): Participant[] {
  const collator = new Intl.Collator(context.locale, { sensitivity: 'base', numeric: true });
  const byName = (a: Participant, b: Participant) => compareNames(a, b, collator);
  const positions = handPositions(context.hands);
  const { speaking, now } = context;
  const list = [...participants];
  switch (sort) {
    case 'groups':
      // By first group (people without a group last), then by name.
      return list.sort((a, b) => {
        const ga = a.groups[0];
        const gb = b.groups[0];
        if (ga === undefined || gb === undefined) return ga === gb ? byName(a, b) : ga === undefined ? 1 : -1;
        return collator.compare(ga, gb) || byName(a, b);
      });
    case 'name_asc':
      return list.sort(byName);
    case 'name_desc':
      return list.sort((a, b) => byName(b, a));
    case 'last_joined':
      return list.sort((a, b) => b.joined_at - a.joined_at || byName(a, b));
    case 'last_active':
      return list.sort((a, b) => {
        const la = lastActive(speaking[a.id], now) ?? -1;
        const lb = lastActive(speaking[b.id], now) ?? -1;
        return lb - la || byName(a, b);
      });
    case 'hand_order':
      return list.sort((a, b) => {
        const pa = positions.get(a.id) ?? Number.POSITIVE_INFINITY;
        const pb = positions.get(b.id) ?? Number.POSITIVE_INFINITY;
        return pa === pb ? byName(a, b) : pa - pb;
      });
    case 'least_speaking':
      return list.sort((a, b) => spokenMs(speaking[a.id], now) - spokenMs(speaking[b.id], now) || byName(a, b));
    case 'most_speaking':
      return list.sort((a, b) => spokenMs(speaking[b.id], now) - spokenMs(speaking[a.id], now) || byName(a, b));
  }
}

/** The participants whose name contains `query` (ignoring case and accents). */
export function searchParticipants(participants: readonly Participant[], query: string, locale?: string): Participant[] {
  const needle = fold(query.trim(), locale);
  if (needle === '') return [...participants];
  return participants.filter((p) => fold(p.display_name, locale).includes(needle));
}

function fold(text: string, locale: string | undefined): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase(locale);
}

/**
 * Raised hands in a fair order: points of order first (in queue order), then the others by
 * speaking time used so far (least first), ties in queue order.
 */
export function fairOrder(hands: readonly Hand[], speaking: SpeakingTimes, now: number): Hand[] {
  const queue = new Map(hands.map((h, i) => [h.participant, i]));
  return [...hands].sort((a, b) => {
    if (a.point_of_order !== b.point_of_order) return a.point_of_order ? -1 : 1;
    const byTime = a.point_of_order ? 0 : spokenMs(speaking[a.participant], now) - spokenMs(speaking[b.participant], now);
    return byTime || (queue.get(a.participant) ?? 0) - (queue.get(b.participant) ?? 0);
  });
}

/** Podium guests first (keeping the order otherwise), as the stage shows them. */
export function podiumFirst(participants: readonly Participant[]): readonly Participant[] {
  if (!participants.some((p) => p.roles.includes('podium'))) return participants;
  return [...participants.filter((p) => p.roles.includes('podium')), ...participants.filter((p) => !p.roles.includes('podium'))];
}
