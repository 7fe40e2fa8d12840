// @vitest-environment jsdom
// Component tests of the dashboard: today's occurrences with time range, title, creator and a
// "Start" button (for the host; "Join" for invited people) opening the room; the browser's zone
// in the request; a recurring meeting once in "Upcoming"; answering an invitation; "Start
// meeting now"; empty sections.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../protocol/generated';
import { fakeApi, renderUi, testMe, testMeeting, testOccurrence, testServices } from '../testing';
import { DashboardPage } from './DashboardPage';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

const dashboard: Dashboard = {
  today: [
    testOccurrence(),
    testOccurrence({
      meeting_id: 'm2',
      room_id: 'room-m2',
      title: "Parents' evening",
      owner_name: 'Grace Hopper',
      my_role: 'participant',
      start: '2025-05-05T16:30:00Z',
      end: '2025-05-05T18:00:00Z',
    }),
  ],
  upcoming: [
    testOccurrence({ start: '2025-05-07T08:00:00Z', end: '2025-05-07T09:00:00Z', recurring: true }),
    testOccurrence({ start: '2025-05-14T08:00:00Z', end: '2025-05-14T09:00:00Z', recurring: true }),
    testOccurrence({ start: '2025-05-21T08:00:00Z', end: '2025-05-21T09:00:00Z', recurring: true }),
  ],
  favourites: [],
  invitations: [testMeeting({ id: 'm3', title: 'Budget committee', my_role: 'participant', my_invitation: 'pending' })],
  recurring: [],
};

function setup(data: Dashboard = dashboard) {
  const user = userEvent.setup();
  const api = fakeApi({ getDashboard: vi.fn(() => Promise.resolve(data)), answerInvitation: vi.fn(() => Promise.resolve()) });
  const { services } = testServices({ api });
  renderUi(<DashboardPage me={testMe()} />, { services });
  return { user, api };
}

describe('DashboardPage', () => {
  it("lists today's meetings with times, creators and Start or Join buttons", async () => {
    const { user, api } = setup();
    expect(screen.getByRole('heading', { level: 1, name: 'Hello, Ada Lovelace' })).toBeInTheDocument();
    const today = await screen.findByRole('region', { name: 'Today' });
    const items = within(today).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('10:00–11:00');
    expect(items[0]).toHaveTextContent('Team meeting');
    expect(items[0]).toHaveTextContent('by you');
    expect(items[1]).toHaveTextContent('18:30–20:00');
    expect(items[1]).toHaveTextContent('by Grace Hopper');
    // The host starts; invited people join.
    expect(within(items[0] as HTMLElement).getByRole('button', { name: 'Start' })).toBeInTheDocument();
    expect(within(items[1] as HTMLElement).queryByRole('button', { name: 'Start' })).toBeNull();
    expect(api.getDashboard).toHaveBeenCalledWith('Europe/Berlin');

    await user.click(within(items[1] as HTMLElement).getByRole('button', { name: 'Join' }));
    expect(window.location.pathname).toBe('/r/room-m2');
  });

  it('shows upcoming meetings with their day and links titles to the meeting', async () => {
    setup();
    const upcoming = await screen.findByRole('region', { name: 'Upcoming' });
    // Three dates of one recurring meeting make one row.
    const row = within(upcoming).getByRole('listitem');
    expect(row).toHaveTextContent('Wed 7 May');
    expect(row).toHaveTextContent('and 2 more dates');
    expect(within(upcoming).getByRole('link', { name: 'Team meeting' })).toHaveAttribute('href', '/meetings/m1');
  });

  it('accepts an invitation', async () => {
    const { user, api } = setup();
    const invitations = await screen.findByRole('region', { name: 'Invitations' });
    await user.click(within(invitations).getByRole('button', { name: 'Accept' }));
    expect(api.answerInvitation).toHaveBeenCalledWith('m3', { accept: true });
    await waitFor(() => expect(api.getDashboard).toHaveBeenCalledTimes(2));
  });

  it('starts a meeting now', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Start meeting now' }));
    expect(window.location.pathname).toBe('/r/room-1');
  });

  it('says when there is nothing', async () => {
    setup({ today: [], upcoming: [], favourites: [], invitations: [], recurring: [] });
    expect(await screen.findByText('Nothing planned for today.')).toBeInTheDocument();
    expect(screen.getByText('No open invitations.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Recurring meetings' })).toBeInTheDocument();
  });
});
