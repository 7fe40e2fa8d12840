// The meeting form of the create/edit wizard as plain data: its initial values (new, or from an
// existing Meeting), client-side validation that mirrors the server's rules, the MeetingInput it
// produces, and which form field a server error's `field` belongs to. Error codes only; the UI
// turns them into words. No DOM, no requests.
import type { Frequency, Meeting, MeetingInput, Recurrence, RecurrenceEnd, Schedule, WaitingRoom, Weekday } from '../protocol/generated';
import { WEEKDAYS, addMinutes, isDate, isTime, isTimeZone, nextFullHour, splitLocal, weekdayOf } from './calendar';

export const TITLE_MAX = 200;
export const SUBTITLE_MAX = 200;
export const DETAILS_MAX = 10_000;
export const INTERVAL_MAX = 99;
export const COUNT_MAX = 1000;

export type RepeatChoice = 'none' | Frequency;
export type EndChoice = RecurrenceEnd['kind'];

export interface MeetingForm {
  title: string;
  subtitle: string;
  details: string;
  /** A new password; empty keeps the current one (or sets none, for a new meeting). */
  password: string;
  /** Editing only: remove the current password. */
  removePassword: boolean;
  /** `false`: "No fixed time". */
  timed: boolean;
  date: string;
  startTime: string;
  endTime: string;
  timeZone: string;
  repeat: RepeatChoice;
  /** As typed; 1–99. */
  interval: string;
  weekdays: Weekday[];
  endKind: EndChoice;
  untilDate: string;
  /** As typed; 1–1000. */
  count: string;
  /** Who waits until a moderator lets them in. */
  waitingRoom: WaitingRoom;
  /** Microphones start muted. */
  muteOnEntry: boolean;
  simpleMode: boolean;
}

export type FormField =
  | 'title'
  | 'subtitle'
  | 'details'
  | 'password'
  | 'date'
  | 'startTime'
  | 'endTime'
  | 'timeZone'
  | 'interval'
  | 'weekdays'
  | 'untilDate'
  | 'count';

export type FormErrorCode =
  | 'required'
  | 'tooLong'
  | 'invalidDate'
  | 'invalidTime'
  | 'endBeforeStart'
  | 'invalidTimeZone'
  | 'intervalRange'
  | 'weekdaysRequired'
  | 'untilBeforeStart'
  | 'countRange';

export type FormErrors = Partial<Record<FormField, FormErrorCode>>;

/** A new meeting: next full hour for one hour, in the browser's time zone, not repeating. */
export function newMeetingForm(now: Date, timeZone: string): MeetingForm {
  const start = nextFullHour(now);
  return {
    title: '',
    subtitle: '',
    details: '',
    password: '',
    removePassword: false,
    timed: true,
    date: start.date,
    startTime: start.time,
    endTime: addMinutes(start.time, 60),
    timeZone,
    repeat: 'none',
    interval: '1',
    weekdays: [],
    endKind: 'never',
    untilDate: '',
    count: '10',
    waitingRoom: 'off',
    muteOnEntry: false,
    simpleMode: false,
  };
}

/** The form for editing `meeting`; `fallback` fills the time fields of an unscheduled one. */
export function formFromMeeting(meeting: Meeting, fallback: MeetingForm): MeetingForm {
  const base: MeetingForm = {
    ...fallback,
    title: meeting.title,
    subtitle: meeting.subtitle,
    details: meeting.details,
    password: '',
    removePassword: false,
    waitingRoom: meeting.waiting_room,
    muteOnEntry: meeting.mute_on_entry,
    simpleMode: meeting.simple_mode,
  };
  const schedule = meeting.schedule;
  if (schedule.kind === 'unscheduled') return { ...base, timed: false };
  const start = splitLocal(schedule.start);
  const end = splitLocal(schedule.end);
  const form: MeetingForm = { ...base, timed: true, date: start.date, startTime: start.time, endTime: end.time, timeZone: schedule.time_zone };
  const rule = schedule.recurrence;
  if (rule === undefined) return { ...form, repeat: 'none' };
  return {
    ...form,
    repeat: rule.frequency,
    interval: String(rule.interval),
    weekdays: [...rule.weekdays],
    endKind: rule.end.kind,
    untilDate: rule.end.kind === 'until' ? rule.end.date : '',
    count: rule.end.kind === 'count' ? String(rule.end.count) : fallback.count,
  };
}

function integerIn(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/** The weekdays in calendar order, without duplicates. */
export function sortWeekdays(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

/** Checks what the server checks; an empty result means the form can be sent. */
export function validateMeetingForm(form: MeetingForm): FormErrors {
  const errors: FormErrors = {};
  const title = form.title.trim();
  if (title.length === 0) errors.title = 'required';
  else if (title.length > TITLE_MAX) errors.title = 'tooLong';
  if (form.subtitle.trim().length > SUBTITLE_MAX) errors.subtitle = 'tooLong';
  if (form.details.length > DETAILS_MAX) errors.details = 'tooLong';
  if (!form.timed) return errors;

  if (form.date === '') errors.date = 'required';
  else if (!isDate(form.date)) errors.date = 'invalidDate';
  if (form.startTime === '') errors.startTime = 'required';
  else if (!isTime(form.startTime)) errors.startTime = 'invalidTime';
  if (form.endTime === '') errors.endTime = 'required';
  else if (!isTime(form.endTime)) errors.endTime = 'invalidTime';
  else if (errors.startTime === undefined && form.endTime <= form.startTime) errors.endTime = 'endBeforeStart';
  if (form.timeZone.trim() === '') errors.timeZone = 'required';
  else if (!isTimeZone(form.timeZone)) errors.timeZone = 'invalidTimeZone';

  if (form.repeat === 'none') return errors;
  if (integerIn(form.interval, 1, INTERVAL_MAX) === null) errors.interval = 'intervalRange';
  if (form.repeat === 'weekly' && form.weekdays.length === 0) errors.weekdays = 'weekdaysRequired';
  if (form.endKind === 'until') {
    if (form.untilDate === '') errors.untilDate = 'required';
    else if (!isDate(form.untilDate)) errors.untilDate = 'invalidDate';
    else if (errors.date === undefined && form.untilDate < form.date) errors.untilDate = 'untilBeforeStart';
  } else if (form.endKind === 'count' && integerIn(form.count, 1, COUNT_MAX) === null) {
    errors.count = 'countRange';
  }
  return errors;
}

function recurrenceOf(form: MeetingForm): Recurrence | undefined {
  if (form.repeat === 'none') return undefined;
  let end: RecurrenceEnd;
  if (form.endKind === 'until') end = { kind: 'until', date: form.untilDate };
  else if (form.endKind === 'count') end = { kind: 'count', count: Number(form.count.trim()) };
  else end = { kind: 'never' };
  return {
    frequency: form.repeat,
    interval: Number(form.interval.trim()),
    weekdays: form.repeat === 'weekly' ? sortWeekdays(form.weekdays) : [],
    end,
  };
}

function scheduleOf(form: MeetingForm): Schedule {
  if (!form.timed) return { kind: 'unscheduled' };
  const schedule: Schedule = {
    kind: 'timed',
    start: `${form.date}T${form.startTime}`,
    end: `${form.date}T${form.endTime}`,
    time_zone: form.timeZone.trim(),
  };
  const recurrence = recurrenceOf(form);
  if (recurrence !== undefined) schedule.recurrence = recurrence;
  return schedule;
}

/**
 * The request body for a valid form. For a new meeting an empty password means none; when
 * editing, an empty password keeps the current one and `removePassword` sends `""`.
 */
export function toMeetingInput(form: MeetingForm, mode: 'create' | 'edit'): MeetingInput {
  const input: MeetingInput = {
    title: form.title.trim(),
    subtitle: form.subtitle.trim(),
    details: form.details,
    schedule: scheduleOf(form),
    waiting_room: form.waitingRoom,
    mute_on_entry: form.muteOnEntry,
    simple_mode: form.simpleMode,
  };
  if (form.password !== '') input.password = form.password;
  else if (mode === 'edit' && form.removePassword) input.password = '';
  return input;
}

/** When "Weekly" is picked with no days yet: the weekday of the meeting's date. */
export function defaultWeekdays(form: MeetingForm): Weekday[] {
  if (form.weekdays.length > 0) return form.weekdays;
  return isDate(form.date) ? [weekdayOf(form.date)] : ['mon'];
}

/**
 * The form field a server error's `field` names (`title`, `schedule.end`,
 * `/schedule/recurrence/end/date`, …), or null when it is none of them.
 */
export function formFieldOf(serverField: string | undefined): FormField | null {
  if (serverField === undefined) return null;
  const path = serverField
    .replace(/\[\d+\]/g, '')
    .split(/[./]/)
    .filter((s) => s !== '');
  const last = path.at(-1);
  const inRecurrence = path.includes('recurrence');
  switch (last) {
    case 'title':
    case 'subtitle':
    case 'details':
    case 'password':
    case 'interval':
    case 'weekdays':
    case 'count':
      return last;
    case 'time_zone':
      return 'timeZone';
    case 'start':
      return 'startTime';
    case 'end':
      return inRecurrence ? 'untilDate' : 'endTime';
    case 'date':
      return inRecurrence ? 'untilDate' : 'date';
    case 'until':
      return 'untilDate';
    case 'frequency':
    case 'recurrence':
      return 'interval';
    case 'schedule':
      return 'date';
    default:
      return null;
  }
}

/** Fields of the first wizard step (all of them, at present). */
export const SETTINGS_FIELDS: readonly FormField[] = [
  'title',
  'subtitle',
  'details',
  'password',
  'date',
  'startTime',
  'endTime',
  'timeZone',
  'interval',
  'weekdays',
  'untilDate',
  'count',
];
