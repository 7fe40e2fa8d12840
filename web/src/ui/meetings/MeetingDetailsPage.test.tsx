// @vitest-environment jsdom
// Component tests of a meeting's page: facts and "Start", "Cancel this occurrence" for a
// recurring meeting, invitations with "Revoke", a new guest link shown once with its full URL,
// "Delete" after confirmation, the waiting room and microphone settings, the room's reports,
// and what invitees (no owner controls, no reports) see.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Meeting } from '../../protocol/generated';
import { fakeApi, renderUi, testMeeting, testOccurrence, testServices, testUser } from '../testing';
import { MeetingDetailsPage } from './MeetingDetailsPage';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

const weekly = testMeeting({
  title: 'Weekly team meeting',
  details: 'Agenda: timetable',
  has_password: true,
  waiting_room: 'guests',
  mute_on_entry: true,
  simple_mode: false,
  schedule: {
    kind: 'timed',
    start: '2025-05-05T10:00',
    end: '2025-05-05T11:00',
    time_zone: 'Europe/Berlin',
    recurrence: { frequency: 'weekly', interval: 1, weekdays: ['mon', 'wed'], end: { kind: 'never' } },
  },
});

function setup(meeting: Meeting = weekly) {
  const user = userEvent.setup();
  const api = fakeApi({
    getMeeting: vi.fn(() => Promise.resolve(meeting)),
    listOccurrences: vi.fn(() =>
      Promise.resolve([
        testOccurrence({ start: '2025-05-05T08:00:00Z', end: '2025-05-05T09:00:00Z', recurring: true }),
        testOccurrence({ meeting_id: 'other', start: '2025-05-06T08:00:00Z', end: '2025-05-06T09:00:00Z' }),
        testOccurrence({ start: '2025-05-07T08:00:00Z', end: '2025-05-07T09:00:00Z', recurring: true }),
      ]),
    ),
    changeOccurrence: vi.fn((_id: string, original: string) =>
      Promise.resolve({ ...meeting, exceptions: [{ original_start: original, cancelled: true }] }),
    ),
    listInvitations: () =>
      Promise.resolve([{ id: 'i1', invitee: { kind: 'user', user: testUser() }, role: 'moderator', status: 'accepted', mail_sent: true, created_at: '2025-05-01T00:00:00Z' }]),
    revokeInvitation: vi.fn(() => Promise.resolve()),
    createGuestLink: vi.fn(() => Promise.resolve({ id: 'g1', path: '/r/room-m1?g=tok', created_at: '2025-05-01T00:00:00Z' })),
    deleteMeeting: vi.fn(() => Promise.resolve()),
    listReports: vi.fn(() =>
      Promise.resolve([
        { id: 'rep-2', room: 'room-m1', started_at: '2025-05-07T08:00:00Z', participants: 3 },
        { id: 'rep-1', room: 'room-m1', started_at: '2025-05-05T08:00:00Z', ended_at: '2025-05-05T09:02:00Z', participants: 12 },
      ]),
    ),
  });
  const { services } = testServices({ api, pageUrl: () => 'https://meet.example/meetings/m1' });
  renderUi(<MeetingDetailsPage id="m1" />, { services });
  return { user, api };
}

describe('MeetingDetailsPage', () => {
  it('shows the meeting and starts it', async () => {
    const { user } = setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Weekly team meeting' })).toBeInTheDocument();
    expect(screen.getByText('Weekly on Mon, Wed · 10:00–11:00 (Europe/Berlin)')).toBeInTheDocument();
    expect(screen.getByText('Guests need a password')).toBeInTheDocument();
    expect(screen.getByText('For guests')).toBeInTheDocument();
    expect(screen.getByText('Muted')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Favourite' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy room link' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start' }));
    expect(window.location.pathname).toBe('/r/room-m1');
  });

  it("cancels one occurrence with its original start in the meeting's zone", async () => {
    const { user, api } = setup();
    const dates = await screen.findByRole('region', { name: 'Next dates' });
    await waitFor(() => expect(within(dates).getAllByRole('button', { name: 'Cancel this occurrence' })).toHaveLength(2));
    await user.click(within(dates).getAllByRole('button', { name: 'Cancel this occurrence' })[1] as HTMLElement);
    // Nothing happens before the confirmation.
    const dialog = await screen.findByRole('alertdialog');
    expect(api.changeOccurrence).not.toHaveBeenCalled();
    expect(dialog).toHaveTextContent('Cancel the meeting on');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel this occurrence' }));
    expect(api.changeOccurrence).toHaveBeenCalledWith('m1', '2025-05-07T10:00', { original_start: '2025-05-07T10:00', cancelled: true });
    expect(await within(dates).findByRole('button', { name: 'Restore' })).toBeInTheDocument();
  });

  it('revokes an invitation', async () => {
    const { user, api } = setup();
    const invitations = await screen.findByRole('region', { name: 'Invitations' });
    const grace = await within(invitations).findByRole('listitem', { name: 'Grace Hopper' });
    expect(grace).toHaveTextContent('Moderator');
    expect(grace).toHaveTextContent('Accepted');
    await user.click(within(grace).getByRole('button', { name: 'Revoke' }));
    expect(api.revokeInvitation).toHaveBeenCalledWith('m1', 'i1');
    await waitFor(() => expect(within(invitations).queryByRole('listitem', { name: 'Grace Hopper' })).toBeNull());
  });

  it('shows a new guest link once, with the full URL and a copy button', async () => {
    const { user, api } = setup();
    const links = await screen.findByRole('region', { name: 'Guest links' });
    await user.click(within(links).getByRole('button', { name: 'Create guest link' }));
    expect(api.createGuestLink).toHaveBeenCalledWith('m1', {});
    expect(await within(links).findByRole('textbox', { name: 'Guest link' })).toHaveValue('https://meet.example/r/room-m1?g=tok');
    expect(within(links).getByRole('button', { name: 'Copy link' })).toBeInTheDocument();
    await user.click(within(links).getByRole('button', { name: 'Done' }));
    expect(within(links).queryByRole('textbox', { name: 'Guest link' })).toBeNull();
    expect(within(links).getByRole('listitem', { name: 'Guest link 1' })).toBeInTheDocument();
    expect(document.body.textContent).not.toContain('g=tok');
  });

  it("lists the room's reports for the owner, newest first, with links", async () => {
    const { api } = setup();
    const reports = await screen.findByRole('region', { name: 'Reports' });
    expect(api.listReports).toHaveBeenCalledWith('room-m1');
    const links = await within(reports).findAllByRole('link');
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['/reports/rep-2', '/reports/rep-1']);
    expect(within(reports).getByText('Still running')).toBeInTheDocument();
    expect(within(reports).getByText('12 people attended')).toBeInTheDocument();
  });

  it('deletes after confirmation', async () => {
    const { user, api } = setup();
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete “Weekly team meeting”?' });
    expect(api.deleteMeeting).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(api.deleteMeeting).toHaveBeenCalledWith('m1');
    await waitFor(() => expect(window.location.pathname).toBe('/meetings'));
  });

  it('lets invitees answer, without owner controls', async () => {
    const { user, api } = setup(
      testMeeting({ my_role: 'participant', my_invitation: 'pending', owner: testUser({ display_name: 'Grace Hopper' }) }),
    );
    expect(await screen.findByText('Grace Hopper invited you to this meeting.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Guest links' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Reports' })).toBeNull();
    const answer = vi.spyOn(api, 'answerInvitation');
    await user.click(screen.getByRole('button', { name: 'Accept' }));
    expect(answer).toHaveBeenCalledWith('m1', { accept: true });
  });
});
