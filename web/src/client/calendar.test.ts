// Unit tests of the calendar helpers: weekdays, date arithmetic, zoned local times, grouping
// occurrences by day and finding an occurrence's original start (tests run in Europe/Berlin).
import { describe, expect, it } from 'vitest';
import type { Meeting, Occurrence } from '../protocol/generated';
import { addDays, groupByDay, isDate, isTimeZone, nextFullHour, originalStartOf, weekdayOf, zonedDateTime } from './calendar';

const occurrence = (start: string, end: string, id = 'm1'): Occurrence => ({
  meeting_id: id,
  title: 't',
  room_id: 'r',
  owner_name: 'Ada',
  start,
  end,
  my_role: 'owner',
  recurring: true,
});

describe('calendar', () => {
  it('knows weekdays and dates', () => {
    expect(weekdayOf('2025-05-05')).toBe('mon');
    expect(weekdayOf('2025-05-11')).toBe('sun');
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Nowhere/Special')).toBe(false);
  });

  it('converts instants to local date and time of a zone', () => {
    expect(zonedDateTime(new Date('2025-05-05T08:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2025-05-05', time: '10:00' });
    expect(zonedDateTime(new Date('2025-05-05T08:00:00Z'), 'America/New_York')).toEqual({ date: '2025-05-05', time: '04:00' });
    expect(nextFullHour(new Date(2025, 4, 5, 23, 30))).toEqual({ date: '2025-05-06', time: '00:00' });
  });

  it('groups occurrences by local day, in order', () => {
    const groups = groupByDay([
      occurrence('2025-05-06T09:00:00+02:00', '2025-05-06T10:00:00+02:00'),
      occurrence('2025-05-05T23:30:00Z', '2025-05-06T00:30:00Z'),
      occurrence('2025-05-05T08:00:00Z', '2025-05-05T09:00:00Z'),
    ]);
    expect(groups.map((g) => [g.day, g.items.map((o) => o.start)])).toEqual([
      ['2025-05-05', ['2025-05-05T08:00:00Z']],
      ['2025-05-06', ['2025-05-05T23:30:00Z', '2025-05-06T09:00:00+02:00']],
    ]);
  });

  it("finds an occurrence's original start in the meeting's zone", () => {
    const meeting = {
      schedule: { kind: 'timed', start: '2025-05-05T10:00', end: '2025-05-05T11:00', time_zone: 'America/New_York' },
      exceptions: [{ original_start: '2025-05-07T10:00', cancelled: false, start: '2025-05-07T14:00', end: '2025-05-07T15:00' }],
    } as Meeting;
    expect(originalStartOf(occurrence('2025-05-05T14:00:00Z', '2025-05-05T15:00:00Z'), meeting)).toBe('2025-05-05T10:00');
    expect(originalStartOf(occurrence('2025-05-07T18:00:00Z', '2025-05-07T19:00:00Z'), meeting)).toBe('2025-05-07T10:00');
  });
});
