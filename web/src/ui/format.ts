// Dates, times and schedules in words, in the current language: time ranges and days in the
// browser's time zone (for occurrences), and the one-line summary of a meeting's schedule in the
// meeting's own zone ("Weekly on Mon, Wed · 10:00–11:00 (Europe/Berlin)"), and durations as a
// clock ("4:05", "1:02:03"). Times are 24-hour in both languages. No markup, no requests.
import type { TFunction } from 'i18next';
import { dateAsUtc, localDateKey, splitLocal } from '../client/calendar';
import { sortWeekdays } from '../client/meetingForm';
import type { Recurrence, Schedule } from '../protocol/generated';

/** The Intl locale for an interface language (British English: day before month, 24 h). */
export function intlLocale(language: string): string {
  return language.startsWith('de') ? 'de-DE' : 'en-GB';
}

const timeOptions: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** `10:00–11:00` in the browser's time zone. */
export function formatTimeRange(start: string, end: string, language: string): string {
  const format = new Intl.DateTimeFormat(intlLocale(language), timeOptions);
  return `${format.format(new Date(start))}–${format.format(new Date(end))}`;
}

/** `Mon, 5 May` (browser time zone) of an RFC 3339 instant. */
export function formatShortDay(instant: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date(instant));
}

/** `Mon, 5 May 2025` of a local date `YYYY-MM-DD`. */
export function formatDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(dateAsUtc(date));
}

/** `5 May 2025` of a local date `YYYY-MM-DD`, without the weekday. */
export function formatPlainDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    dateAsUtc(date),
  );
}

/** `5 May 2025, 10:00` of an RFC 3339 instant, in the browser's time zone. */
export function formatDateTime(instant: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { day: 'numeric', month: 'short', year: 'numeric', ...timeOptions }).format(
    new Date(instant),
  );
}

/** A day heading: "Today", "Tomorrow", or `Wednesday, 7 May`. */
export function formatDayHeading(t: TFunction, day: string, language: string, now: Date): string {
  const today = localDateKey(now);
  const tomorrow = new Date(now.getTime());
  tomorrow.setDate(tomorrow.getDate() + 1);
  const long = new Intl.DateTimeFormat(intlLocale(language), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    dateAsUtc(day),
  );
  if (day === today) return t('time.todayWith', { date: long });
  if (day === localDateKey(tomorrow)) return t('time.tomorrowWith', { date: long });
  return long;
}

/** "Weekly on Mon, Wed", "Every 2 months on day 5", … with the end appended. */
export function recurrenceText(t: TFunction, recurrence: Recurrence, startDate: string, language: string): string {
  const { interval } = recurrence;
  let text: string;
  switch (recurrence.frequency) {
    case 'daily':
      text = interval === 1 ? t('schedule.daily') : t('schedule.everyDays', { count: interval });
      break;
    case 'weekly': {
      const days = sortWeekdays(recurrence.weekdays)
        .map((d) => t(`weekday.short.${d}`))
        .join(', ');
      text = interval === 1 ? t('schedule.weekly', { days }) : t('schedule.everyWeeks', { count: interval, days });
      break;
    }
    case 'monthly': {
      const day = dateAsUtc(startDate).getUTCDate();
      text = interval === 1 ? t('schedule.monthly', { day }) : t('schedule.everyMonths', { count: interval, day });
      break;
    }
    case 'yearly': {
      const date = new Intl.DateTimeFormat(intlLocale(language), { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
        dateAsUtc(startDate),
      );
      text = interval === 1 ? t('schedule.yearly', { date }) : t('schedule.everyYears', { count: interval, date });
      break;
    }
  }
  switch (recurrence.end.kind) {
    case 'never':
      return text;
    case 'until':
      return t('schedule.until', { text, date: formatPlainDate(recurrence.end.date, language) });
    case 'count':
      return t('schedule.times', { text, count: recurrence.end.count });
  }
}

/**
 * One line for a meeting's schedule, in the meeting's time zone: "No fixed time",
 * "Mon, 5 May 2025 · 10:00–11:00 (Europe/Berlin)" or "Weekly on Mon, Wed · 10:00–11:00 (Europe/Berlin)".
 */
export function scheduleSummary(t: TFunction, schedule: Schedule, language: string): string {
  if (schedule.kind === 'unscheduled') return t('schedule.noFixedTime');
  const start = splitLocal(schedule.start);
  const end = splitLocal(schedule.end);
  const when = schedule.recurrence === undefined ? formatDate(start.date, language) : recurrenceText(t, schedule.recurrence, start.date, language);
  const endText = end.date !== start.date ? `${formatDate(end.date, language)} ${end.time}` : end.time;
  return `${when} · ${start.time}–${endText} (${schedule.time_zone})`;
}

/** A duration as a clock: `m:ss` below an hour, `h:mm:ss` from an hour on (negative counts as 0). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}
