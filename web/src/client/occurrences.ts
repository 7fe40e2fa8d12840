// Occurrence lists for people: a recurring meeting's dates grouped under its next date, so a
// weekly meeting is one row in "Upcoming" and not seven identical ones. Pure; no words, no DOM.
import type { Occurrence } from '../protocol/generated';

export interface OccurrenceGroup {
  /** The meeting's next date in the list. */
  next: Occurrence;
  /** How many later dates of the same meeting the list holds. */
  more: number;
}

/** Groups `occurrences` (in time order) by meeting, in the order of each meeting's next date. */
export function groupByMeeting(occurrences: readonly Occurrence[]): OccurrenceGroup[] {
  const groups = new Map<string, OccurrenceGroup>();
  for (const occurrence of occurrences) {
    const group = groups.get(occurrence.meeting_id);
    if (group === undefined) groups.set(occurrence.meeting_id, { next: occurrence, more: 0 });
    else group.more += 1;
  }
  return [...groups.values()];
}
