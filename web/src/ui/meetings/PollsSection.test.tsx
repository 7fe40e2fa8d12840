// @vitest-environment jsdom
// Component tests of a meeting's prepared polls on its page: the list with answers and
// settings, adding a poll with the meeting's poll form (checked before sending), editing one
// (the form filled in), deleting one (confirmed, or kept), the server's refusals in our own
// words, read-only for moderators, and hidden when the server does not show them.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, type PlenumApi } from '../../client/api';
import type { PollDefinition, PreparedPoll } from '../../protocol/generated';
import { fakeApi, renderUi, testMeeting, testServices } from '../testing';
import { PollsSection } from './PollsSection';

afterEach(cleanup);

const lunch: PreparedPoll = {
  id: 'pp1',
  definition: { topic: 'Lunch?', answers: ['Yes', 'No'], multiple: false, anonymous: true, live_results: false, changeable: false, guests_excluded: false, seconds: 120 },
};

function setup(overrides: Partial<PlenumApi> = {}, role: 'owner' | 'moderator' = 'owner') {
  const user = userEvent.setup();
  const api = fakeApi({
    listPreparedPolls: vi.fn(() => Promise.resolve([lunch])),
    addPreparedPoll: vi.fn((_m: string, definition: PollDefinition) => Promise.resolve({ id: 'pp2', definition })),
    updatePreparedPoll: vi.fn((_m: string, id: string, definition: PollDefinition) => Promise.resolve({ id, definition })),
    removePreparedPoll: vi.fn(() => Promise.resolve()),
    ...overrides,
  });
  const { services } = testServices({ api });
  renderUi(<PollsSection meeting={testMeeting({ id: 'm1', my_role: role })} />, { services });
  return { user, api };
}

function section() {
  return within(screen.getByRole('region', { name: 'Polls' }));
}

describe('PollsSection', () => {
  it('lists the prepared polls with their answers and settings', async () => {
    setup();
    expect(await screen.findByText('Lunch?')).toBeInTheDocument();
    const row = screen.getByText('Lunch?').closest('li') as HTMLElement;
    expect(within(row).getByText('Yes · No')).toBeInTheDocument();
    expect(within(within(row).getByRole('list', { name: 'Settings' })).getAllByRole('listitem').map((i) => i.textContent)).toEqual([
      'One answer',
      'Anonymous',
      'Results after closing',
      '2 minutes',
    ]);
    expect(section().getByText('Prepare polls here and start them in the meeting with one click.')).toBeInTheDocument();
  });

  it('adds a poll with the poll form, checked before it is sent', async () => {
    const { user, api } = setup();
    await screen.findByText('Lunch?');
    await user.click(section().getByRole('button', { name: 'Add poll' }));
    expect(section().queryByRole('button', { name: 'Add poll' })).toBeNull();
    await user.click(section().getByRole('button', { name: 'Save poll' }));
    expect(section().getByRole('textbox', { name: 'Question' })).toHaveAccessibleDescription('Please enter a question.');
    expect(api.addPreparedPoll).not.toHaveBeenCalled();
    await user.type(section().getByRole('textbox', { name: 'Question' }), 'Next date?');
    await user.click(section().getByRole('switch', { name: 'Show results live' }));
    await user.click(section().getByRole('radio', { name: '5 min' }));
    await user.click(section().getByRole('button', { name: 'Save poll' }));
    expect(api.addPreparedPoll).toHaveBeenCalledWith('m1', {
      topic: 'Next date?',
      answers: ['Yes', 'No', 'Abstain'],
      multiple: false,
      anonymous: false,
      live_results: true,
      changeable: false,
      guests_excluded: false,
      seconds: 300,
    });
    expect(await section().findByText('Next date?')).toBeInTheDocument();
    expect(section().queryByRole('textbox', { name: 'Question' })).toBeNull();
    expect(section().getByRole('button', { name: 'Add poll' })).toBeInTheDocument();
  });

  it('edits a poll in the same form, filled in', async () => {
    const { user, api } = setup();
    await user.click(await screen.findByRole('button', { name: 'Edit “Lunch?”' }));
    const question = section().getByRole('textbox', { name: 'Question' });
    expect(question).toHaveValue('Lunch?');
    expect(section().getByRole('textbox', { name: 'Answer 2' })).toHaveValue('No');
    expect(section().queryByRole('textbox', { name: 'Answer 3' })).toBeNull();
    expect(section().getByRole('switch', { name: 'Anonymous' })).toBeChecked();
    expect(section().getByRole('radio', { name: '2 min' })).toBeChecked();
    await user.clear(question);
    await user.type(question, 'Lunch at noon?');
    await user.click(section().getByRole('button', { name: 'Save poll' }));
    expect(api.updatePreparedPoll).toHaveBeenCalledWith('m1', 'pp1', { ...lunch.definition, topic: 'Lunch at noon?' });
    expect(await section().findByText('Lunch at noon?')).toBeInTheDocument();
    // Cancel leaves a poll as it was.
    await user.click(section().getByRole('button', { name: 'Edit “Lunch at noon?”' }));
    await user.type(section().getByRole('textbox', { name: 'Question' }), ' Really?');
    await user.click(section().getByRole('button', { name: 'Cancel' }));
    expect(section().getByText('Lunch at noon?')).toBeInTheDocument();
    expect(api.updatePreparedPoll).toHaveBeenCalledTimes(1);
  });

  it('deletes a poll once confirmed', async () => {
    const { user, api } = setup();
    await user.click(await screen.findByRole('button', { name: 'Delete “Lunch?”' }));
    let dialog = within(screen.getByRole('alertdialog', { name: 'Delete the poll “Lunch?”?' }));
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(api.removePreparedPoll).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete “Lunch?”' }));
    dialog = within(screen.getByRole('alertdialog', { name: 'Delete the poll “Lunch?”?' }));
    await user.click(dialog.getByRole('button', { name: 'Delete' }));
    expect(api.removePreparedPoll).toHaveBeenCalledWith('m1', 'pp1');
    await waitFor(() => expect(screen.queryByText('Lunch?')).toBeNull());
    expect(section().getByText('No prepared polls yet.')).toBeInTheDocument();
  });

  it("says the server's refusals in its own words", async () => {
    const addPreparedPoll = vi
      .fn()
      .mockRejectedValueOnce(new ApiRequestError(422, 'invalid_request', '"Yes" is offered twice', 'answers'))
      .mockRejectedValueOnce(new ApiRequestError(409, 'conflict', 'a meeting has at most 50 polls'));
    const { user } = setup({ addPreparedPoll });
    await user.click(await screen.findByRole('button', { name: 'Add poll' }));
    await user.type(section().getByRole('textbox', { name: 'Question' }), 'Lunch?');
    await user.click(section().getByRole('button', { name: 'Save poll' }));
    expect(await section().findByRole('alert')).toHaveTextContent('Please check the answers: 2 to 12, each at most 100 characters, no two alike.');
    expect(section().queryByText(/offered twice/)).toBeNull();
    await user.click(section().getByRole('button', { name: 'Save poll' }));
    expect(await section().findByText('A meeting can have at most 50 prepared polls. Delete one first.')).toBeInTheDocument();
    // The draft stays.
    expect(section().getByRole('textbox', { name: 'Question' })).toHaveValue('Lunch?');
  });

  it('shows moderators the polls without changing them, and is hidden from others', async () => {
    setup({}, 'moderator');
    expect(await screen.findByText('Lunch?')).toBeInTheDocument();
    expect(section().getByText('Polls the host prepared for this meeting. Start them in the meeting with one click.')).toBeInTheDocument();
    expect(section().queryByRole('button')).toBeNull();
    cleanup();
    const refused = vi.fn(() => Promise.reject(new ApiRequestError(403, 'forbidden', 'not yours')));
    setup({ listPreparedPolls: refused }, 'moderator');
    await waitFor(() => expect(refused).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Polls' })).toBeNull());
  });
});
