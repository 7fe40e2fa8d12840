// Calendar arithmetic on the wire formats of meetings: local dates (`YYYY-MM-DD`), local times
// (`HH:MM`), local date-times (`YYYY-MM-DDTHH:MM`) in an IANA time zone, and RFC 3339 instants.
// Pure functions over Intl; no texts (see ui/format.ts) and no DOM.
import type { Meeting, Occurrence, Weekday } from '../protocol/generated';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** The browser's IANA time zone (UTC when it cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA time zone the browser knows, sorted, including UTC and `extra`. */
export function timeZones(extra: readonly string[] = []): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const all = new Set([...zones, 'UTC', ...extra.filter((z) => z !== '')]);
  return [...all].sort();
}

/** Whether Intl accepts `zone` as a time zone. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function isTime(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** Splits `YYYY-MM-DDTHH:MM` into its date and time. */
export function splitLocal(dateTime: string): { date: string; time: string } {
  const [date = '', time = ''] = dateTime.split('T');
  return { date, time: time.slice(0, 5) };
}

/** A local date as a UTC midnight Date (for formatting with `timeZone: 'UTC'`). */
export function dateAsUtc(date: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function weekdayOf(date: string): Weekday {
  const day = dateAsUtc(date).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(day + 6) % 7] ?? 'mon';
}

export function addDays(date: string, days: number): string {
  const d = dateAsUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** The local date (`YYYY-MM-DD`) of an instant in the browser's time zone. */
export function localDateKey(instant: Date): string {
  return `${instant.getFullYear()}-${pad2(instant.getMonth() + 1)}-${pad2(instant.getDate())}`;
}

/** An instant as local date and time in `timeZone`. */
export function zonedDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** The next full hour after `now`, as local date and time in the browser. */
export function nextFullHour(now: Date): { date: string; time: string } {
  const next = new Date(now.getTime());
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return { date: localDateKey(next), time: `${pad2(next.getHours())}:00` };
}

/** `HH:MM` plus minutes, clamped to the same day (23:59 at most). */
export function addMinutes(time: string, minutes: number): string {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const total = Math.min(h * 60 + m + minutes, 23 * 60 + 59);
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
}

/** Start of the browser's local day of `instant`. */
export function startOfLocalDay(instant: Date): Date {
  const d = new Date(instant.getTime());
  d.setHours(0, 0, 0, 0);
  return d;
}

/** Occurrences grouped by their local start day (browser time zone), in order. */
export function groupByDay(occurrences: readonly Occurrence[]): { day: string; items: Occurrence[] }[] {
  const groups = new Map<string, Occurrence[]>();
  const sorted = [...occurrences].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const occurrence of sorted) {
    const key = localDateKey(new Date(occurrence.start));
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [occurrence]);
    else list.push(occurrence);
  }
  return [...groups].map(([day, items]) => ({ day, items }));
}

/**
 * The `original_start` (local `YYYY-MM-DDTHH:MM` in the meeting's zone) of one occurrence: its
 * start in the meeting's time zone, or the regular start of the exception that moved it there.
 */
export function originalStartOf(occurrence: Occurrence, meeting: Meeting): string | null {
  if (meeting.schedule.kind !== 'timed') return null;
  const local = zonedDateTime(new Date(occurrence.start), meeting.schedule.time_zone);
  const key = `${local.date}T${local.time}`;
  const moved = meeting.exceptions.find((e) => !e.cancelled && e.start === key);
  return moved?.original_start ?? key;
}
