// Unit tests of grouping a meeting's occurrences: one group per meeting, in the order of their
// next dates, counting the later dates.
import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../protocol/generated';
import { groupByMeeting } from './occurrences';

function occurrence(meeting: string, day: number): Occurrence {
  const start = `2025-05-${String(day).padStart(2, '0')}T10:00:00+02:00`;
  return { meeting_id: meeting, title: meeting, room_id: `room-${meeting}`, owner_name: 'Ada', start, end: start, my_role: 'owner', recurring: true };
}

describe('groupByMeeting', () => {
  it('keeps one row per meeting with the number of later dates', () => {
    const groups = groupByMeeting([occurrence('weekly', 5), occurrence('once', 6), occurrence('weekly', 12), occurrence('weekly', 19)]);
    expect(groups.map((g) => [g.next.meeting_id, g.next.start.slice(0, 10), g.more])).toEqual([
      ['weekly', '2025-05-05', 2],
      ['once', '2025-05-06', 0],
    ]);
  });

  it('is empty for no occurrences', () => {
    expect(groupByMeeting([])).toEqual([]);
  });
});
