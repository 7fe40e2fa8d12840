// @vitest-environment jsdom
// Component tests of a meeting's votes on its page: the prepared votes (listed with options and
// settings, added with the vote form checked before sending and without "Chosen people", edited
// filled in, deleted once confirmed, the server's refusals in our own words, read-only for
// moderators), and the past votes (the result in one line, a cancelled vote's reason from its
// protocol, participation, the protocol downloads; hidden when the server does not show them).
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, type PlenumApi } from '../../client/api';
import type { PreparedVote, VoteDefinition, VoteProtocol, VoteSummary } from '../../protocol/generated';
import { fakeApi, renderUi, testMeeting, testServices } from '../testing';
import { PastVotesSection } from './PastVotesSection';
import { VotesSection } from './VotesSection';

afterEach(cleanup);

const MOTION = 'Shall the council adopt the budget?';

const budget: PreparedVote = {
  id: 'pv1',
  definition: {
    topic: MOTION,
    options: ['Yes', 'No', 'Abstain'],
    kind: 'secret',
    live_results: false,
    voters: { everyone: true, roles: [], groups: [], participants: [] },
    seconds: 600,
  },
};

function setup(overrides: Partial<PlenumApi> = {}, role: 'owner' | 'moderator' = 'owner') {
  const user = userEvent.setup();
  const api = fakeApi({
    listPreparedVotes: vi.fn(() => Promise.resolve([budget])),
    addPreparedVote: vi.fn((_m: string, definition: VoteDefinition) => Promise.resolve({ id: 'pv2', definition })),
    updatePreparedVote: vi.fn((_m: string, id: string, definition: VoteDefinition) => Promise.resolve({ id, definition })),
    removePreparedVote: vi.fn(() => Promise.resolve()),
    ...overrides,
  });
  const { services } = testServices({ api });
  renderUi(<VotesSection meeting={testMeeting({ id: 'm1', my_role: role })} />, { services });
  return { user, api };
}

function section() {
  return within(screen.getByRole('region', { name: 'Votes' }));
}

describe('VotesSection', () => {
  it('lists the prepared votes with their options and settings', async () => {
    setup();
    expect(await screen.findByText(MOTION)).toBeInTheDocument();
    const row = screen.getByText(MOTION).closest('li') as HTMLElement;
    expect(within(row).getByText('Yes · No · Abstain')).toBeInTheDocument();
    expect(within(within(row).getByRole('list', { name: 'Settings' })).getAllByRole('listitem').map((i) => i.textContent)).toEqual([
      'Secret vote',
      'Result after closing',
      'Everyone with an account',
      '10 minutes',
    ]);
    expect(section().getByText('Prepare binding votes here and start them in the meeting with one click.')).toBeInTheDocument();
  });

  it('adds a vote with the vote form, checked before it is sent', async () => {
    const { user, api } = setup();
    await screen.findByText(MOTION);
    await user.click(section().getByRole('button', { name: 'Add vote' }));
    // Nobody is present before the meeting: no "Chosen people".
    expect(section().queryByRole('radio', { name: 'Chosen people' })).toBeNull();
    await user.click(section().getByRole('button', { name: 'Save vote' }));
    expect(section().getByRole('textbox', { name: 'Motion' })).toHaveAccessibleDescription(/Please enter the motion\./);
    expect(api.addPreparedVote).not.toHaveBeenCalled();
    await user.type(section().getByRole('textbox', { name: 'Motion' }), 'Elect a treasurer?');
    await user.clear(section().getByRole('textbox', { name: 'Option 1' }));
    await user.type(section().getByRole('textbox', { name: 'Option 1' }), 'Bea');
    await user.clear(section().getByRole('textbox', { name: 'Option 2' }));
    await user.type(section().getByRole('textbox', { name: 'Option 2' }), 'Cem');
    await user.click(section().getByRole('button', { name: 'Remove option 3' }));
    await user.click(section().getByRole('radio', { name: 'People in certain groups' }));
    await user.type(section().getByRole('textbox', { name: 'Groups' }), 'Board');
    await user.click(section().getByRole('button', { name: 'Save vote' }));
    expect(api.addPreparedVote).toHaveBeenCalledWith('m1', {
      topic: 'Elect a treasurer?',
      options: ['Bea', 'Cem'],
      kind: 'named',
      live_results: false,
      voters: { everyone: false, roles: [], groups: ['Board'], participants: [] },
    });
    expect(await section().findByText('Elect a treasurer?')).toBeInTheDocument();
    expect(section().getByRole('button', { name: 'Add vote' })).toBeInTheDocument();
  });

  it('edits a vote in the same form, filled in, and deletes one once confirmed', async () => {
    const { user, api } = setup();
    await user.click(await screen.findByRole('button', { name: `Edit “${MOTION}”` }));
    expect(section().getByRole('textbox', { name: 'Motion' })).toHaveValue(MOTION);
    expect(section().getByRole('radio', { name: 'Secret vote' })).toBeChecked();
    expect(section().getByRole('radio', { name: '10 min' })).toBeChecked();
    await user.click(section().getByRole('checkbox', { name: 'Show the tally while the vote runs' }));
    await user.click(section().getByRole('button', { name: 'Save vote' }));
    expect(api.updatePreparedVote).toHaveBeenCalledWith('m1', 'pv1', { ...budget.definition, live_results: true });
    await waitFor(() => expect(section().queryByRole('textbox', { name: 'Motion' })).toBeNull());
    await user.click(section().getByRole('button', { name: `Delete “${MOTION}”` }));
    const dialog = within(screen.getByRole('alertdialog', { name: `Delete the prepared vote “${MOTION}”?` }));
    await user.click(dialog.getByRole('button', { name: 'Delete' }));
    expect(api.removePreparedVote).toHaveBeenCalledWith('m1', 'pv1');
    expect(await section().findByText('No prepared votes yet.')).toBeInTheDocument();
  });

  it("says the server's refusals in its own words", async () => {
    const addPreparedVote = vi
      .fn()
      .mockRejectedValueOnce(new ApiRequestError(422, 'invalid_request', 'bad options', 'options'))
      .mockRejectedValueOnce(new ApiRequestError(409, 'conflict', 'a meeting has at most 50 votes'));
    const { user } = setup({ addPreparedVote });
    await user.click(await screen.findByRole('button', { name: 'Add vote' }));
    await user.type(section().getByRole('textbox', { name: 'Motion' }), MOTION);
    await user.click(section().getByRole('button', { name: 'Save vote' }));
    expect(await section().findByRole('alert')).toHaveTextContent('Please check the options: 2 to 12, each at most 100 characters, no two alike.');
    await user.click(section().getByRole('button', { name: 'Save vote' }));
    expect(await section().findByText('A meeting can have at most 50 prepared votes. Delete one first.')).toBeInTheDocument();
  });

  it('shows moderators the votes without changing them, and is hidden from others', async () => {
    setup({}, 'moderator');
    expect(await screen.findByText(MOTION)).toBeInTheDocument();
    expect(section().queryByRole('button')).toBeNull();
    cleanup();
    const refused = vi.fn(() => Promise.reject(new ApiRequestError(403, 'forbidden', 'not yours')));
    setup({ listPreparedVotes: refused }, 'moderator');
    await waitFor(() => expect(refused).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Votes' })).toBeNull());
  });
});

describe('PastVotesSection', () => {
  const held: VoteSummary = {
    id: 'vp1',
    room: 'room-m1',
    topic: MOTION,
    kind: 'secret',
    state: 'closed',
    options: ['Yes', 'No', 'Abstain'],
    counts: [3, 0, 0],
    eligible: 3,
    voted: 3,
    started_at: '2025-05-05T08:10:00Z',
    ended_at: '2025-05-05T08:15:00Z',
    kid: 'k1',
  };
  const { counts: _counts, ...withoutCounts } = held;
  const cancelled: VoteSummary = {
    ...withoutCounts,
    id: 'vp2',
    topic: 'Adjourn?',
    kind: 'named',
    state: 'cancelled',
    voted: 1,
    started_at: '2025-05-05T08:20:00Z',
    ended_at: '2025-05-05T08:21:00Z',
  };
  const protocol: VoteProtocol = {
    format: 'plenum-vote-protocol/1',
    key: 'k',
    room: 'room-m1',
    entries: [{ seq: 0, at: 1, prev: '0'.repeat(64), hash: 'h', event: { type: 'cancelled', reason: 'Wrong motion', by: { participant_id: 'p1', display_name: 'Ada' } } }],
  };

  function renderPast(overrides: Partial<PlenumApi>) {
    const api = fakeApi(overrides);
    renderUi(<PastVotesSection roomId="room-m1" />, { services: testServices({ api }).services });
    return api;
  }

  it('lists the votes held, newest first, with the result, the participation and the downloads', async () => {
    const getVoteProtocol = vi.fn(() => Promise.resolve(protocol));
    const api = renderPast({ listVotes: vi.fn(() => Promise.resolve([held, cancelled])), getVoteProtocol });
    const region = within(await screen.findByRole('region', { name: 'Past votes' }));
    const items = await region.findAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual(['Adjourn?', MOTION]);
    expect(api.listVotes).toHaveBeenCalledWith('room-m1');
    const budget = within(region.getByRole('listitem', { name: MOTION }));
    expect(budget.getByText('Yes 3 · No 0 · Abstain 0')).toBeInTheDocument();
    expect(budget.getByText('3 of 3 voted')).toBeInTheDocument();
    expect(budget.getByText('Secret vote')).toBeInTheDocument();
    expect(budget.getByRole('link', { name: 'Download protocol (JSON)' })).toHaveAttribute('href', '/api/v1/votes/vp1');
    expect(budget.getByRole('link', { name: 'Download protocol (PDF)' })).toHaveAttribute('href', '/api/v1/votes/vp1/pdf');
    const adjourn = within(region.getByRole('listitem', { name: 'Adjourn?' }));
    expect(await adjourn.findByText('Cancelled: Wrong motion')).toBeInTheDocument();
    expect(getVoteProtocol).toHaveBeenCalledWith('vp2');
    expect(getVoteProtocol).toHaveBeenCalledTimes(1);
    expect(adjourn.getByText('1 of 3 voted')).toBeInTheDocument();
  });

  it('says when there are none, and is hidden when the server does not show them', async () => {
    renderPast({});
    expect(await screen.findByText('No votes held yet.')).toBeInTheDocument();
    cleanup();
    const refused = vi.fn(() => Promise.reject(new ApiRequestError(403, 'forbidden', 'no')));
    renderPast({ listVotes: refused });
    await waitFor(() => expect(refused).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Past votes' })).toBeNull());
  });
});
