// Unit tests of schedules in words, in English and German (tests run in Europe/Berlin), and of
// durations as a clock.
import { describe, expect, it } from 'vitest';
import type { Recurrence, Schedule } from '../protocol/generated';
import { formatDuration, formatTimeRange, recurrenceText, scheduleSummary } from './format';
import { createI18n } from './i18n';

const en = createI18n(['en']);
const de = createI18n(['de']);

function weekly(patch: Partial<Recurrence> = {}): Schedule {
  return {
    kind: 'timed',
    start: '2025-05-05T10:00',
    end: '2025-05-05T11:00',
    time_zone: 'Europe/Berlin',
    recurrence: { frequency: 'weekly', interval: 1, weekdays: ['wed', 'mon'], end: { kind: 'never' }, ...patch },
  };
}

describe('scheduleSummary', () => {
  it('describes weekly meetings', () => {
    expect(scheduleSummary(en.t, weekly(), 'en')).toBe('Weekly on Mon, Wed · 10:00–11:00 (Europe/Berlin)');
    expect(scheduleSummary(de.t, weekly(), 'de')).toBe('Wöchentlich am Mo, Mi · 10:00–11:00 (Europe/Berlin)');
  });

  it('describes intervals and ends', () => {
    const until = weekly({ interval: 2, end: { kind: 'until', date: '2025-06-30' } });
    expect(scheduleSummary(en.t, until, 'en')).toBe('Every 2 weeks on Mon, Wed, until 30 Jun 2025 · 10:00–11:00 (Europe/Berlin)');
    expect(scheduleSummary(de.t, until, 'de')).toBe('Alle 2 Wochen am Mo, Mi, bis 30. Juni 2025 · 10:00–11:00 (Europe/Berlin)');
    const count = weekly({ end: { kind: 'count', count: 10 } });
    expect(scheduleSummary(en.t, count, 'en')).toBe('Weekly on Mon, Wed, 10 times · 10:00–11:00 (Europe/Berlin)');
    expect(scheduleSummary(de.t, count, 'de')).toBe('Wöchentlich am Mo, Mi, 10-mal · 10:00–11:00 (Europe/Berlin)');
  });

  it('describes single meetings and meetings without a fixed time', () => {
    const single: Schedule = { kind: 'timed', start: '2025-05-05T18:30', end: '2025-05-05T20:00', time_zone: 'Europe/Berlin' };
    expect(scheduleSummary(en.t, single, 'en')).toBe('Mon, 5 May 2025 · 18:30–20:00 (Europe/Berlin)');
    expect(scheduleSummary(de.t, single, 'de')).toBe('Mo., 5. Mai 2025 · 18:30–20:00 (Europe/Berlin)');
    expect(scheduleSummary(en.t, { kind: 'unscheduled' }, 'en')).toBe('No fixed time');
    expect(scheduleSummary(de.t, { kind: 'unscheduled' }, 'de')).toBe('Ohne feste Zeit');
  });

  it('describes daily, monthly and yearly rules', () => {
    const rule = (frequency: Recurrence['frequency'], interval: number): Recurrence => ({ frequency, interval, weekdays: [], end: { kind: 'never' } });
    expect(recurrenceText(en.t, rule('daily', 1), '2025-05-05', 'en')).toBe('Daily');
    expect(recurrenceText(en.t, rule('daily', 3), '2025-05-05', 'en')).toBe('Every 3 days');
    expect(recurrenceText(de.t, rule('daily', 3), '2025-05-05', 'de')).toBe('Alle 3 Tage');
    expect(recurrenceText(en.t, rule('monthly', 1), '2025-05-05', 'en')).toBe('Monthly on day 5');
    expect(recurrenceText(de.t, rule('monthly', 2), '2025-05-05', 'de')).toBe('Alle 2 Monate am 5.');
    expect(recurrenceText(en.t, rule('yearly', 1), '2025-05-05', 'en')).toBe('Yearly on 5 May');
    expect(recurrenceText(de.t, rule('yearly', 1), '2025-05-05', 'de')).toBe('Jährlich am 5. Mai');
  });
});

describe('formatTimeRange', () => {
  it("shows occurrences in the browser's zone, 24-hour", () => {
    expect(formatTimeRange('2025-05-05T08:00:00Z', '2025-05-05T09:30:00Z', 'en')).toBe('10:00–11:30');
    expect(formatTimeRange('2025-05-05T10:00:00-04:00', '2025-05-05T11:00:00-04:00', 'de')).toBe('16:00–17:00');
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds, hours from an hour on', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5000)).toBe('0:00');
  });
});
