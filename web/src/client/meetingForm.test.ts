// Unit tests of the meeting form: defaults, validation mirroring the server, the MeetingInput a
// form produces (weekly on Mon+Wed until a date, "no fixed time", passwords when editing),
// loading a Meeting back into the form, and mapping server `field`s to form fields.
import { describe, expect, it } from 'vitest';
import type { Meeting } from '../protocol/generated';
import { formFieldOf, formFromMeeting, newMeetingForm, toMeetingInput, validateMeetingForm, type MeetingForm } from './meetingForm';

function form(patch: Partial<MeetingForm> = {}): MeetingForm {
  return {
    ...newMeetingForm(new Date(2025, 4, 5, 9, 20), 'Europe/Berlin'),
    title: 'Maths revision',
    date: '2025-05-05',
    startTime: '10:00',
    endTime: '11:00',
    ...patch,
  };
}

describe('newMeetingForm', () => {
  it('starts at the next full hour for one hour in the given zone', () => {
    const f = newMeetingForm(new Date(2025, 4, 5, 9, 20), 'Europe/Berlin');
    expect(f).toMatchObject({ timed: true, date: '2025-05-05', startTime: '10:00', endTime: '11:00', timeZone: 'Europe/Berlin', repeat: 'none' });
  });
});

describe('validateMeetingForm', () => {
  it('accepts a complete form', () => {
    expect(validateMeetingForm(form())).toEqual({});
  });

  it('requires a title and checks lengths', () => {
    expect(validateMeetingForm(form({ title: '   ' }))).toEqual({ title: 'required' });
    expect(validateMeetingForm(form({ title: 'x'.repeat(201) }))).toEqual({ title: 'tooLong' });
    expect(validateMeetingForm(form({ subtitle: 'x'.repeat(201), details: 'x'.repeat(10_001) }))).toEqual({ subtitle: 'tooLong', details: 'tooLong' });
  });

  it('wants the end after the start', () => {
    expect(validateMeetingForm(form({ endTime: '10:00' }))).toEqual({ endTime: 'endBeforeStart' });
    expect(validateMeetingForm(form({ endTime: '09:30' }))).toEqual({ endTime: 'endBeforeStart' });
  });

  it('checks date, times and time zone only for timed meetings', () => {
    expect(validateMeetingForm(form({ date: '', startTime: '25:00', timeZone: 'Mars/Olympus' }))).toEqual({
      date: 'required',
      startTime: 'invalidTime',
      timeZone: 'invalidTimeZone',
    });
    expect(validateMeetingForm(form({ timed: false, date: '', startTime: '', endTime: '' }))).toEqual({});
  });

  it('checks the recurrence', () => {
    expect(validateMeetingForm(form({ repeat: 'weekly', weekdays: [], interval: '0' }))).toEqual({ interval: 'intervalRange', weekdays: 'weekdaysRequired' });
    expect(validateMeetingForm(form({ repeat: 'daily', interval: '100' }))).toEqual({ interval: 'intervalRange' });
    expect(validateMeetingForm(form({ repeat: 'daily', endKind: 'until', untilDate: '2025-05-04' }))).toEqual({ untilDate: 'untilBeforeStart' });
    expect(validateMeetingForm(form({ repeat: 'daily', endKind: 'until', untilDate: '' }))).toEqual({ untilDate: 'required' });
    expect(validateMeetingForm(form({ repeat: 'monthly', endKind: 'count', count: '1001' }))).toEqual({ count: 'countRange' });
    expect(validateMeetingForm(form({ repeat: 'monthly', endKind: 'count', count: '12' }))).toEqual({});
  });
});

describe('toMeetingInput', () => {
  it('builds a weekly meeting on Monday and Wednesday until a date', () => {
    const input = toMeetingInput(
      form({
        title: '  Maths revision ',
        subtitle: 'Year 7',
        details: 'Bring your exercise books.',
        password: 'owl-7',
        repeat: 'weekly',
        weekdays: ['wed', 'mon'],
        endKind: 'until',
        untilDate: '2025-06-30',
        waitingRoom: 'guests',
        muteOnEntry: true,
        simpleMode: false,
      }),
      'create',
    );
    expect(input).toEqual({
      title: 'Maths revision',
      subtitle: 'Year 7',
      details: 'Bring your exercise books.',
      password: 'owl-7',
      schedule: {
        kind: 'timed',
        start: '2025-05-05T10:00',
        end: '2025-05-05T11:00',
        time_zone: 'Europe/Berlin',
        recurrence: { frequency: 'weekly', interval: 1, weekdays: ['mon', 'wed'], end: { kind: 'until', date: '2025-06-30' } },
      },
      waiting_room: 'guests',
      mute_on_entry: true,
      simple_mode: false,
    });
  });

  it('builds a meeting with no fixed time (and no password)', () => {
    expect(toMeetingInput(form({ timed: false, repeat: 'weekly', weekdays: ['mon'] }), 'create')).toEqual({
      title: 'Maths revision',
      subtitle: '',
      details: '',
      schedule: { kind: 'unscheduled' },
      waiting_room: 'off',
      mute_on_entry: false,
      simple_mode: false,
    });
  });

  it('ends after a number of occurrences; weekdays only for weekly rules', () => {
    const input = toMeetingInput(form({ repeat: 'monthly', interval: '2', weekdays: ['mon'], endKind: 'count', count: '6' }), 'create');
    expect(input.schedule).toMatchObject({ recurrence: { frequency: 'monthly', interval: 2, weekdays: [], end: { kind: 'count', count: 6 } } });
  });

  it('keeps, replaces or removes the password when editing', () => {
    expect(toMeetingInput(form(), 'edit')).not.toHaveProperty('password');
    expect(toMeetingInput(form({ password: 'new' }), 'edit').password).toBe('new');
    expect(toMeetingInput(form({ removePassword: true }), 'edit').password).toBe('');
    expect(toMeetingInput(form({ removePassword: true }), 'create')).not.toHaveProperty('password');
  });
});

describe('formFromMeeting', () => {
  it('loads a recurring meeting into the form and back', () => {
    const input = toMeetingInput(
      form({ repeat: 'weekly', weekdays: ['mon', 'wed'], endKind: 'count', count: '8', waitingRoom: 'everyone', muteOnEntry: true, simpleMode: true }),
      'edit',
    );
    const meeting = {
      title: input.title,
      subtitle: input.subtitle,
      details: input.details,
      schedule: input.schedule,
      waiting_room: input.waiting_room,
      mute_on_entry: input.mute_on_entry,
      simple_mode: input.simple_mode,
    } as Meeting;
    const loaded = formFromMeeting(meeting, newMeetingForm(new Date(2025, 0, 1), 'UTC'));
    expect(toMeetingInput(loaded, 'edit')).toEqual(input);
    expect(loaded).toMatchObject({
      repeat: 'weekly',
      weekdays: ['mon', 'wed'],
      endKind: 'count',
      count: '8',
      password: '',
      removePassword: false,
      waitingRoom: 'everyone',
      muteOnEntry: true,
      simpleMode: true,
    });
  });
});

describe('formFieldOf', () => {
  it('maps the server field names to form fields', () => {
    expect(formFieldOf('title')).toBe('title');
    expect(formFieldOf('schedule.end')).toBe('endTime');
    expect(formFieldOf('/schedule/start')).toBe('startTime');
    expect(formFieldOf('schedule.time_zone')).toBe('timeZone');
    expect(formFieldOf('schedule.recurrence.weekdays[0]')).toBe('weekdays');
    expect(formFieldOf('schedule.recurrence.end.date')).toBe('untilDate');
    expect(formFieldOf('schedule.recurrence.end.count')).toBe('count');
    expect(formFieldOf('something_else')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });
});
