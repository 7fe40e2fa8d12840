// @vitest-environment jsdom
// Component tests of the "Plan a meeting" wizard: client checks next to their fields, the
// MeetingInput sent for a weekly meeting on Mon+Wed until a date (with invitations per role) and
// for "No fixed time", and a server `field` error shown next to its field in step 1.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../client/api';
import type { MeetingInput, NewInvitations } from '../../protocol/generated';
import { fakeApi, renderUi, testMeeting, testServices, testUser } from '../testing';
import { NewMeetingPage } from './MeetingWizard';

beforeEach(() => {
  window.history.replaceState(null, '', '/meetings/new');
});
afterEach(cleanup);

function setup(createMeeting?: (input: MeetingInput) => Promise<ReturnType<typeof testMeeting>>) {
  const user = userEvent.setup();
  const api = fakeApi({
    createMeeting: vi.fn(createMeeting ?? (() => Promise.resolve(testMeeting({ id: 'm9' })))),
    invite: vi.fn((_id: string, request: NewInvitations) => Promise.resolve(request.users.map(() => ({}) as never))),
    searchUsers: vi.fn(() => Promise.resolve({ items: [testUser({ favourite: true }), testUser({ id: 'u3', display_name: 'Alan Turing', email: 'alan@example.org' })] })),
  });
  const { services } = testServices({ api });
  renderUi(<NewMeetingPage />, { services });
  return { user, api };
}

function setValue(name: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (input === null) throw new Error(`no input ${name}`);
  fireEvent.change(input, { target: { value } });
}

describe('NewMeetingPage', () => {
  it('shows what is missing next to the fields and stays on step 1', async () => {
    const { user, api } = setup();
    expect(screen.getByRole('heading', { name: 'Step 1 of 2: Settings' })).toBeInTheDocument();
    setValue('startTime', '10:00');
    setValue('endTime', '09:00');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    const title = screen.getByRole('textbox', { name: 'Title' });
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveAccessibleDescription('Please fill this in.');
    await waitFor(() => expect(title).toHaveFocus());
    expect(screen.getByLabelText('End')).toHaveAccessibleDescription('The end must be after the start.');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Please fill this in.', 'The end must be after the start.']);
    expect(screen.queryByRole('heading', { name: 'Step 2 of 2: Participants' })).toBeNull();

    await user.type(title, 'Maths');
    expect(title).not.toHaveAttribute('aria-invalid', 'true');
    expect(api.createMeeting).not.toHaveBeenCalled();
  });

  it('creates a weekly meeting on Monday and Wednesday until a date and invites per role', async () => {
    const { user, api } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Title' }), 'Maths revision');
    await user.type(screen.getByRole('textbox', { name: 'Password for guests' }), 'owl-7');
    setValue('date', '2025-05-05');
    setValue('startTime', '10:00');
    setValue('endTime', '11:00');
    await user.click(screen.getByRole('radio', { name: 'Weekly' }));
    // Monday is the date's weekday and is preselected.
    expect(screen.getByRole('checkbox', { name: 'Monday' })).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Wednesday' }));
    await user.click(screen.getByRole('radio', { name: 'On a date' }));
    setValue('untilDate', '2025-06-30');
    const waitingRoom = screen.getByRole('radiogroup', { name: 'Waiting room' });
    expect(within(waitingRoom).getByRole('radio', { name: 'Off' })).toBeChecked();
    await user.click(within(waitingRoom).getByRole('radio', { name: 'For guests' }));
    await user.click(screen.getByRole('switch', { name: 'Microphones muted on entry' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('heading', { name: 'Step 2 of 2: Participants' })).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Add Grace Hopper' }));
    // Once chosen, the person is marked "Added" (text, not a button whose name would differ).
    expect(screen.queryByRole('button', { name: 'Add Grace Hopper' })).toBeNull();
    expect(screen.getByText('Added')).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Grace Hopper as moderator' }));
    await user.type(screen.getByRole('textbox', { name: 'Invite by e-mail' }), 'parent@mail.example, other@mail.example');
    await user.click(screen.getByRole('button', { name: 'Add address' }));
    expect(screen.getByRole('heading', { name: 'To be invited (3)' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create meeting' }));

    await waitFor(() => expect(window.location.pathname).toBe('/meetings/m9'));
    expect(api.createMeeting).toHaveBeenCalledWith({
      title: 'Maths revision',
      subtitle: '',
      details: '',
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
    expect(api.invite).toHaveBeenCalledWith('m9', { users: [], emails: ['parent@mail.example', 'other@mail.example'], role: 'participant' });
    expect(api.invite).toHaveBeenCalledWith('m9', { users: ['u2'], emails: [], role: 'moderator' });
    // Much typing: give slow machines time.
  }, 20_000);

  it('creates a meeting with no fixed time', async () => {
    const { user, api } = setup();
    await user.type(screen.getByRole('textbox', { name: 'Title' }), 'Open consultation hour');
    await user.click(screen.getByRole('radio', { name: 'No fixed time' }));
    expect(screen.queryByLabelText('Date')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Create meeting' }));
    await waitFor(() => expect(window.location.pathname).toBe('/meetings/m9'));
    expect(api.createMeeting).toHaveBeenCalledWith({
      title: 'Open consultation hour',
      subtitle: '',
      details: '',
      schedule: { kind: 'unscheduled' },
      waiting_room: 'off',
      mute_on_entry: false,
      simple_mode: false,
    });
    expect(api.invite).not.toHaveBeenCalled();
  });

  it("shows the server's field error next to the field, back in step 1", async () => {
    const { user } = setup(() => Promise.reject(new ApiRequestError(400, 'invalid_request', 'This title is already used.', 'title')));
    await user.type(screen.getByRole('textbox', { name: 'Title' }), 'Taken');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Create meeting' }));
    const title = await screen.findByRole('textbox', { name: 'Title' });
    expect(title).toHaveAccessibleDescription('This title is already used.');
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('heading', { name: 'Step 1 of 2: Settings' })).toBeInTheDocument();
  });

  it('lists the steps with the current one marked', () => {
    setup();
    const steps = screen.getByRole('list', { name: 'Steps' });
    expect(within(steps).getAllByRole('listitem').map((li) => li.getAttribute('aria-current'))).toEqual(['step', null]);
  });
});
