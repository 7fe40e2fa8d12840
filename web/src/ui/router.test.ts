// Unit tests of route parsing (reports included) and of the path helpers.
import { describe, expect, it } from 'vitest';
import { editMeetingPath, loginPath, meetingPath, parseRoute, reportPath, roomPath, safeReturnTo } from './router';

describe('parseRoute', () => {
  it('knows the home page and room links', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/r/abc-123')).toEqual({ name: 'room', roomId: 'abc-123', guestToken: null });
    expect(parseRoute('/r/abc-123/')).toEqual({ name: 'room', roomId: 'abc-123', guestToken: null });
    expect(parseRoute('/r/abc-123', '?g=tok')).toEqual({ name: 'room', roomId: 'abc-123', guestToken: 'tok' });
    expect(parseRoute('/r/')).toEqual({ name: 'unknown' });
    expect(parseRoute('/r/a/b')).toEqual({ name: 'unknown' });
    expect(parseRoute('/elsewhere')).toEqual({ name: 'unknown' });
    expect(parseRoute('/r/%E0%A4%A')).toEqual({ name: 'unknown' });
  });

  it('knows the account and planning pages', () => {
    expect(parseRoute('/login')).toEqual({ name: 'login', returnTo: null });
    expect(parseRoute('/login', '?return_to=%2Fmeetings%2Fm1')).toEqual({ name: 'login', returnTo: '/meetings/m1' });
    expect(parseRoute('/login', '?return_to=https%3A%2F%2Fevil.example')).toEqual({ name: 'login', returnTo: null });
    expect(parseRoute('/setup')).toEqual({ name: 'setup' });
    expect(parseRoute('/reset-password')).toEqual({ name: 'resetPassword', token: null });
    expect(parseRoute('/reset-password', '?token=abc')).toEqual({ name: 'resetPassword', token: 'abc' });
    expect(parseRoute('/meetings')).toEqual({ name: 'meetings', view: 'list' });
    expect(parseRoute('/meetings', '?view=agenda')).toEqual({ name: 'meetings', view: 'agenda' });
    expect(parseRoute('/meetings/new')).toEqual({ name: 'newMeeting' });
    expect(parseRoute('/meetings/m1')).toEqual({ name: 'meeting', id: 'm1' });
    expect(parseRoute('/meetings/m1/edit')).toEqual({ name: 'editMeeting', id: 'm1' });
    expect(parseRoute('/settings')).toEqual({ name: 'settings' });
    expect(parseRoute('/admin/users')).toEqual({ name: 'adminUsers' });
    expect(parseRoute('/reports/rep-1')).toEqual({ name: 'report', id: 'rep-1' });
    expect(parseRoute('/reports/')).toEqual({ name: 'unknown' });
  });

  it('round-trips paths', () => {
    expect(parseRoute(roomPath('a b'))).toEqual({ name: 'room', roomId: 'a b', guestToken: null });
    expect(parseRoute(meetingPath('x/y'))).toEqual({ name: 'meeting', id: 'x/y' });
    expect(parseRoute(editMeetingPath('x'))).toEqual({ name: 'editMeeting', id: 'x' });
    expect(parseRoute(reportPath('r/1'))).toEqual({ name: 'report', id: 'r/1' });
    expect(loginPath('/meetings?view=agenda')).toBe('/login?return_to=%2Fmeetings%3Fview%3Dagenda');
    expect(loginPath('/')).toBe('/login');
  });

  it('accepts only local return paths', () => {
    expect(safeReturnTo('/settings')).toBe('/settings');
    expect(safeReturnTo('//evil.example/x')).toBeNull();
    expect(safeReturnTo('/\\evil.example')).toBeNull();
    expect(safeReturnTo('https://evil.example')).toBeNull();
    expect(safeReturnTo(null)).toBeNull();
  });
});
