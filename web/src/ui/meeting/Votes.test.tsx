// @vitest-environment jsdom
// Component tests of binding votes in a meeting over fake services: the Votes button (chairs
// always, others once there is a vote); casting a ballot as an eligible voter (the panel opens by
// itself, the exact command, sent once, "Your vote"), the receipt of a secret vote (shown with
// what it is for, copied, kept in this browser and shown again after a reload); what guests and
// other people who may not vote see; progress, the end and the stored protocol; refusals in our
// own words; moderators closing a vote and cancelling one with a reason, seeing who has not voted
// and the problems voters report; reporting a problem; starting a vote from the New vote form
// (checked first) and a prepared vote with one click; a named vote's live tally with names; the
// count and the notice while another panel is open; German names.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeSocket } from '../../client/fakeSocket';
import { Session } from '../../client/session';
import { RECEIPTS_KEY } from '../../client/votes';
import type { ClientEnvelope, Participant, PreparedVote, VotesEvent } from '../../protocol/generated';
import {
  answerPings,
  controlledBy,
  fakeApi,
  joinMeeting,
  testConfig,
  testMe,
  testParticipant as person,
  testServices,
  testVote,
  type JoinOptions,
} from '../testing';

const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  cleanup();
});

const ada = { participant_id: 'p1', display_name: 'Ada' };
const bea = { participant_id: 'p2', display_name: 'Bea' };
const cem = { participant_id: 'p3', display_name: 'Cem' };
const moderator = person('p1', 'Ada', { roles: ['moderator', 'participant'] });
const beaPerson = person('p2', 'Bea');
const cemPerson = person('p3', 'Cem');
const gus = person('p4', 'Gus', { roles: ['guest'] });
const mo = person('p9', 'Mo', { roles: ['moderator', 'participant'] });

const MOTION = 'Shall the council adopt the budget?';

function voteEvent(socket: FakeSocket, payload: VotesEvent) {
  act(() => socket.receive({ ts: Date.now(), namespace: 'votes', payload }));
}

function votesSent(socket: FakeSocket): ClientEnvelope[] {
  return socket.sent.filter((e) => e.namespace === 'votes');
}

function refuse(socket: FakeSocket, id: number | undefined, code: 'invalid_command' | 'forbidden' | 'conflict', message: string) {
  act(() => socket.receive({ ts: Date.now(), ...(id === undefined ? {} : { id }), namespace: 'error', payload: { event: 'error', code, message } }));
}

/** Joins (see `joinMeeting`) and keeps the connection alive for slow tests. */
async function join(others: Participant[], options: JoinOptions = {}) {
  const joined = await joinMeeting(others, options);
  stops.push(answerPings(joined.socket));
  return joined;
}

function votesPanel() {
  return within(controlledBy('Votes'));
}

async function openVotes(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Votes' }));
  return votesPanel();
}

function card(topic = MOTION) {
  return within(screen.getByRole('article', { name: topic }));
}

/** The tally as text, one entry per option. */
function tally(topic = MOTION): string[] {
  return card(topic)
    .getAllByRole('listitem')
    .filter((item) => item.classList.contains('poll-result'))
    .map((item) => item.textContent ?? '');
}

describe('the Votes button', () => {
  it('is there for chairs always, for others once the meeting has a vote', async () => {
    const { socket } = await join([beaPerson, mo]);
    expect(screen.queryByRole('button', { name: 'Votes' })).toBeNull();
    voteEvent(socket, { event: 'started', vote: testVote(1, MOTION, { voters: [bea] }) });
    expect(screen.getByRole('button', { name: 'Votes' })).toBeInTheDocument();
    cleanup();
    await join([beaPerson], { self: moderator });
    expect(screen.getByRole('button', { name: 'Votes' })).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('casting a ballot', () => {
  it('opens the panel for a new vote, casts once, shows the receipt and keeps it', async () => {
    const services = testServices();
    const { user, socket } = await join([beaPerson, mo], { services });
    const secret = testVote(1, MOTION, { definition: { kind: 'secret' }, voters: [ada, bea], started_at: 1_700_000_000_001 });
    voteEvent(socket, { event: 'started', vote: secret });
    // No other panel was open: the Votes panel opened by itself.
    expect(screen.getByRole('button', { name: 'Votes' })).toHaveAttribute('aria-expanded', 'true');
    expect(document.querySelector('[data-vote-announcement]')?.textContent?.replace('\u200b', '')).toBe(`New vote: ${MOTION}`);
    const budget = card();
    expect(budget.getByText('Running')).toBeInTheDocument();
    expect(budget.getByText('Secret vote')).toBeInTheDocument();
    expect(budget.getByText('0 of 2 have voted · 2 have not voted yet')).toBeInTheDocument();
    expect(budget.getByText('The result is shown when the vote closes.')).toBeInTheDocument();
    const choices = budget.getByRole('radiogroup', { name: MOTION });
    expect(choices).toHaveAccessibleDescription(
      'Choose one option. A vote cannot be changed once it is cast. This vote is secret: no one sees what you choose.',
    );
    await user.click(budget.getByRole('button', { name: 'Cast vote' }));
    expect(budget.getByRole('alert')).toHaveTextContent('Please choose an option first.');
    expect(votesSent(socket)).toEqual([]);
    await user.click(within(choices).getByRole('radio', { name: 'Yes' }));
    await user.click(budget.getByRole('button', { name: 'Cast vote' }));
    expect(votesSent(socket)).toHaveLength(1);
    expect(votesSent(socket)[0]?.payload).toEqual({ action: 'cast', vote_id: 1, choice: 0 });
    // Not sent twice while it is on its way.
    expect(budget.getByRole('button', { name: 'Cast vote' })).toBeDisabled();
    voteEvent(socket, { event: 'accepted', ballot: { vote_id: 1, choice: 0, receipt: 'K7Q2-9XRM-4HDP' } });
    expect(budget.getByText('Your vote: Yes')).toBeInTheDocument();
    // The focus was on "Cast vote": it moves to the confirmation.
    expect(budget.getByText('Your vote: Yes').closest('div')).toHaveFocus();
    expect(budget.queryByRole('radiogroup')).toBeNull();
    const receipt = within(budget.getByRole('group', { name: 'Your receipt' }));
    expect(receipt.getByText('K7Q2-9XRM-4HDP')).toBeInTheDocument();
    expect(receipt.getByText('Keep this receipt: with it you can check that your ballot is in the published protocol.')).toBeInTheDocument();
    await user.click(receipt.getByRole('button', { name: 'Copy receipt' }));
    // (user-event stands in for the clipboard.)
    expect(await navigator.clipboard.readText()).toBe('K7Q2-9XRM-4HDP');
    expect(receipt.getByText('Copied to the clipboard.')).toBeInTheDocument();
    // Kept in this browser, by room, start and number.
    await waitFor(() => expect(JSON.parse(services.services.storage?.getItem(RECEIPTS_KEY) ?? '{}')).toEqual({ 'room-1:1700000000001:1': 'K7Q2-9XRM-4HDP' }));
    // Everyone's progress, then the end with the result, then the stored protocol.
    voteEvent(socket, { event: 'progress', vote_id: 1, voters: [ada, bea], voted: ['p1'] });
    expect(budget.getByText('1 of 2 have voted · 1 has not voted yet')).toBeInTheDocument();
    // Only chairs see who has not voted.
    expect(budget.queryByText(/Not voted yet/)).toBeNull();
    voteEvent(socket, {
      event: 'ended',
      vote: { ...secret, state: 'closed', closed_at: 1_700_000_060_000, voted: ['p1', 'p2'], tally: [2, 0, 0] },
      by: 'p9',
    });
    expect(screen.getByRole('heading', { name: 'Ended votes' })).toBeInTheDocument();
    const closed = card();
    expect(closed.getByText('Closed')).toBeInTheDocument();
    expect(closed.getByText('Result: Yes 2 · No 0 · Abstain 0')).toBeInTheDocument();
    expect(tally()).toEqual(['Yes (your vote)2 votes · 100%', 'No0 votes · 0%', 'Abstain0 votes · 0%']);
    expect(closed.getByText('Closed by Mo.')).toBeInTheDocument();
    expect(closed.getByText('The signed protocol is being stored…')).toBeInTheDocument();
    expect(closed.queryByRole('button', { name: 'Report a problem' })).toBeNull();
    voteEvent(socket, { event: 'protocol_stored', vote_id: 1, protocol_id: 'vp1' });
    expect(closed.getByText('The signed protocol is stored.')).toBeInTheDocument();
    // Only moderators and the host can download it.
    expect(closed.queryByRole('link', { name: 'Download protocol (JSON)' })).toBeNull();
    // The receipt stays.
    expect(within(closed.getByRole('group', { name: 'Your receipt' })).getByText('K7Q2-9XRM-4HDP')).toBeInTheDocument();
  });

  it('shows the kept receipt after a reload, without ballot controls', async () => {
    const services = testServices();
    services.services.storage?.setItem(RECEIPTS_KEY, JSON.stringify({ 'room-1:1700000000001:1': 'R-KEPT' }));
    const voted = testVote(1, MOTION, { definition: { kind: 'secret' }, voters: [ada, bea], voted: ['p1'], started_at: 1_700_000_000_001 });
    const { user } = await join([beaPerson, mo], { services, snapshot: { votes: { votes: [voted] } } });
    // A vote of the snapshot that we voted in is no news.
    const toggle = screen.getByRole('button', { name: 'Votes' });
    expect(toggle).not.toHaveAccessibleDescription();
    await user.click(toggle);
    const budget = card();
    expect(budget.getByText('You have voted.')).toBeInTheDocument();
    expect(within(budget.getByRole('group', { name: 'Your receipt' })).getByText('R-KEPT')).toBeInTheDocument();
    expect(budget.queryByRole('radiogroup')).toBeNull();
    expect(budget.queryByRole('button', { name: 'Cast vote' })).toBeNull();
  });

  it("says in its own words why the node refused, and lets the ballot be sent again", async () => {
    const { user, socket } = await join([beaPerson, mo]);
    voteEvent(socket, { event: 'started', vote: testVote(1, MOTION, { voters: [ada, bea] }) });
    const budget = card();
    expect(budget.getByText('Named vote')).toBeInTheDocument();
    await user.click(within(budget.getByRole('radiogroup', { name: MOTION })).getByRole('radio', { name: 'No' }));
    await user.click(budget.getByRole('button', { name: 'Cast vote' }));
    expect(votesSent(socket).at(-1)?.payload).toEqual({ action: 'cast', vote_id: 1, choice: 1 });
    refuse(socket, votesSent(socket).at(-1)?.id, 'conflict', 'you have voted already');
    expect(budget.getByRole('alert')).toHaveTextContent('You have voted already.');
    expect(budget.getByRole('button', { name: 'Cast vote' })).toBeEnabled();
    await user.click(budget.getByRole('button', { name: 'Cast vote' }));
    refuse(socket, votesSent(socket).at(-1)?.id, 'forbidden', 'you are not eligible for this vote');
    expect(budget.getByRole('alert')).toHaveTextContent('You are not eligible for this vote.');
    expect(budget.queryByText(/not eligible for this vote$/)).toBeNull();
  });
});

describe('people who may not vote', () => {
  it('shows guests the vote with its countdown and participation, but no ballot', async () => {
    const guest = person('p1', 'Ada', { roles: ['guest'] });
    const { user, socket } = await join([beaPerson, mo], { self: guest });
    // (The node's clock is at 1 ms in the test's `joined`: the vote ends two minutes later.)
    voteEvent(socket, {
      event: 'started',
      vote: testVote(1, MOTION, { definition: { kind: 'secret', seconds: 120 }, ends_at: 120_000, voters: [bea, cem], voted: ['p2'] }),
    });
    // Not pushed at people who cannot vote.
    const toggle = screen.getByRole('button', { name: 'Votes' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).not.toHaveAccessibleDescription();
    await user.click(toggle);
    const budget = card();
    expect(budget.getByText('Only eligible voters can vote.')).toBeInTheDocument();
    expect(budget.getByText('1 of 2 have voted · 1 has not voted yet')).toBeInTheDocument();
    expect(budget.getByRole('timer', { name: 'Time left' })).toHaveTextContent(/0[12]:\d\d left/);
    expect(budget.queryByRole('radiogroup')).toBeNull();
    expect(budget.queryByRole('radio')).toBeNull();
    expect(budget.queryByRole('button', { name: 'Cast vote' })).toBeNull();
    expect(budget.queryByRole('button', { name: 'Report a problem' })).toBeNull();
    expect(budget.queryByRole('button', { name: 'Close vote' })).toBeNull();
  });
});

describe('moderators', () => {
  it('see who has not voted, close a vote, and get the protocol downloads', async () => {
    const running = testVote(1, MOTION, { voters: [bea, cem], voted: ['p2'] });
    const { user, socket } = await join([beaPerson, cemPerson], { self: moderator, snapshot: { votes: { votes: [running] } } });
    await openVotes(user);
    const budget = card();
    expect(budget.getByText('1 of 2 have voted · 1 has not voted yet')).toBeInTheDocument();
    expect(budget.getByText('Not voted yet: Cem')).toBeInTheDocument();
    // Ada is not among the voters: no ballot for her.
    expect(budget.getByText('Only eligible voters can vote.')).toBeInTheDocument();
    await user.click(budget.getByRole('button', { name: 'Close vote' }));
    expect(votesSent(socket).at(-1)?.payload).toEqual({ action: 'close', vote_id: 1 });
    voteEvent(socket, { event: 'ended', vote: { ...running, state: 'closed', voted: ['p2', 'p3'], tally: [1, 1, 0] }, by: 'p1' });
    voteEvent(socket, { event: 'protocol_stored', vote_id: 1, protocol_id: 'vp 1' });
    const closed = card();
    expect(closed.getByText('Result: Yes 1 · No 1 · Abstain 0')).toBeInTheDocument();
    expect(closed.getByText('2 of 2 have voted')).toBeInTheDocument();
    expect(closed.getByText('Closed by Ada.')).toBeInTheDocument();
    expect(closed.getByRole('link', { name: 'Download protocol (JSON)' })).toHaveAttribute('href', '/api/v1/votes/vp%201');
    expect(closed.getByRole('link', { name: 'Download protocol (PDF)' })).toHaveAttribute('href', '/api/v1/votes/vp%201/pdf');
    expect(closed.queryByRole('button', { name: 'Close vote' })).toBeNull();
    expect(closed.queryByRole('button', { name: 'Cancel vote' })).toBeNull();
  });

  it('cancel a vote only with a reason, which everyone then sees', async () => {
    const running = testVote(1, MOTION, { voters: [bea, cem] });
    const { user, socket } = await join([beaPerson, cemPerson], { self: moderator, snapshot: { votes: { votes: [running] } } });
    await openVotes(user);
    await user.click(card().getByRole('button', { name: 'Cancel vote' }));
    let dialog = within(screen.getByRole('alertdialog', { name: `Cancel the vote “${MOTION}”?` }));
    await user.click(dialog.getByRole('button', { name: 'Keep the vote' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(votesSent(socket)).toEqual([]);
    await user.click(card().getByRole('button', { name: 'Cancel vote' }));
    dialog = within(screen.getByRole('alertdialog', { name: `Cancel the vote “${MOTION}”?` }));
    await user.click(dialog.getByRole('button', { name: 'Cancel the vote' }));
    expect(dialog.getByRole('textbox', { name: 'Reason' })).toHaveAccessibleDescription('Please give a reason.');
    expect(votesSent(socket)).toEqual([]);
    await user.type(dialog.getByRole('textbox', { name: 'Reason' }), '  The motion was worded wrongly. ');
    await user.click(dialog.getByRole('button', { name: 'Cancel the vote' }));
    expect(votesSent(socket).at(-1)?.payload).toEqual({ action: 'cancel', vote_id: 1, reason: 'The motion was worded wrongly.' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    voteEvent(socket, { event: 'ended', vote: { ...running, state: 'cancelled', cancel_reason: 'The motion was worded wrongly.' }, by: 'p1' });
    const cancelled = card();
    expect(cancelled.getByText('Cancelled')).toBeInTheDocument();
    expect(cancelled.getByText('Cancelled: The motion was worded wrongly. Cancelled by Ada.')).toBeInTheDocument();
    expect(cancelled.queryByText(/^Result:/)).toBeNull();
  });

  it('see the problems voters report, with a notice while the panel is closed', async () => {
    const running = testVote(1, MOTION, { voters: [bea, cem] });
    const { user, socket } = await join([beaPerson, cemPerson], { self: moderator, snapshot: { votes: { votes: [running] } } });
    voteEvent(socket, { event: 'problem_reported', problem: { vote_id: 1, at: Date.now(), report: { voter: bea, problem: 'audio', text: 'The sound dropped.' } } });
    const notice = within(screen.getByRole('status', { name: 'Notices' }));
    expect(notice.getByText('Bea reports a problem with the vote.')).toBeInTheDocument();
    await user.click(notice.getByRole('button', { name: 'Show vote' }));
    expect(screen.getByRole('button', { name: 'Votes' })).toHaveAttribute('aria-expanded', 'true');
    expect(notice.queryByText('Bea reports a problem with the vote.')).toBeNull();
    const budget = card();
    expect(budget.getByText('1 problem reported')).toBeInTheDocument();
    expect(budget.getByText(/^Bea could not hear \(at \d\d:\d\d\): The sound dropped\.$/)).toBeInTheDocument();
  });
});

describe('reporting a problem', () => {
  it('sends what happened, with the optional details', async () => {
    const { user, socket } = await join([beaPerson, mo]);
    voteEvent(socket, { event: 'started', vote: testVote(1, MOTION, { voters: [ada, bea] }) });
    await user.click(card().getByRole('button', { name: 'Report a problem' }));
    let dialog = within(screen.getByRole('dialog', { name: 'Report a problem' }));
    expect(within(dialog.getByRole('radiogroup', { name: 'What happened?' })).getByRole('radio', { name: 'I could not hear' })).toBeChecked();
    await user.click(dialog.getByRole('button', { name: 'Send report' }));
    expect(votesSent(socket).at(-1)?.payload).toEqual({ action: 'report_problem', vote_id: 1, problem: 'audio' });
    expect(card().getByText('Thank you. The moderators have your report.')).toBeInTheDocument();
    await user.click(card().getByRole('button', { name: 'Report a problem' }));
    dialog = within(screen.getByRole('dialog', { name: 'Report a problem' }));
    await user.click(dialog.getByRole('radio', { name: 'I could not see' }));
    await user.type(dialog.getByRole('textbox', { name: 'Details (optional)' }), ' The slides froze. ');
    await user.click(dialog.getByRole('button', { name: 'Send report' }));
    expect(votesSent(socket).at(-1)?.payload).toEqual({ action: 'report_problem', vote_id: 1, problem: 'video', text: 'The slides froze.' });
    // Details are at most 500 characters.
    await user.click(card().getByRole('button', { name: 'Report a problem' }));
    dialog = within(screen.getByRole('dialog', { name: 'Report a problem' }));
    await user.click(dialog.getByRole('radio', { name: 'Something else' }));
    await user.click(dialog.getByRole('textbox', { name: 'Details (optional)' }));
    await user.paste('x'.repeat(501));
    await user.click(dialog.getByRole('button', { name: 'Send report' }));
    expect(dialog.getByRole('textbox', { name: 'Details (optional)' })).toHaveAccessibleDescription('Please write at most 500 characters.');
    expect(votesSent(socket)).toHaveLength(2);
    // Refused: said in our words.
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    await user.click(card().getByRole('button', { name: 'Report a problem' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Report a problem' })).getByRole('button', { name: 'Send report' }));
    refuse(socket, votesSent(socket).at(-1)?.id, 'invalid_command', 'the vote is not running');
    expect(card().getByRole('alert')).toHaveTextContent('Your report could not be sent. The vote may have ended.');
  });
});

describe('starting a vote', () => {
  it('starts a vote from the New vote form, checked first, and starts the form afresh', async () => {
    const { user, socket } = await join([beaPerson, cemPerson, gus], { self: moderator });
    const panel = await openVotes(user);
    expect(panel.getByRole('heading', { name: 'New vote' })).toBeInTheDocument();
    expect([1, 2, 3].map((n) => (panel.getByRole('textbox', { name: `Option ${n}` }) as HTMLInputElement).value)).toEqual(['Yes', 'No', 'Abstain']);
    expect(panel.getByRole('radio', { name: 'Named vote' })).toBeChecked();
    expect(panel.getByRole('checkbox', { name: 'Show the tally while the vote runs' })).not.toBeChecked();
    expect(panel.getByRole('radio', { name: 'Everyone with an account' })).toBeChecked();
    expect(panel.getByRole('radio', { name: 'No time limit' })).toBeChecked();
    await user.click(panel.getByRole('radio', { name: 'People with certain roles' }));
    await user.click(panel.getByRole('button', { name: 'Start vote' }));
    expect(votesSent(socket)).toEqual([]);
    expect(panel.getByRole('textbox', { name: 'Motion' })).toHaveAccessibleDescription(/Please enter the motion\./);
    expect(panel.getByText('Please choose at least one role.')).toBeInTheDocument();
    await user.type(panel.getByRole('textbox', { name: 'Motion' }), MOTION);
    await user.click(panel.getByRole('checkbox', { name: 'Moderator' }));
    await user.click(panel.getByRole('checkbox', { name: 'Participant' }));
    await user.click(panel.getByRole('radio', { name: 'Secret vote' }));
    expect(panel.getByRole('radiogroup', { name: 'Kind of vote' })).toHaveAccessibleDescription(/not even the moderators/);
    await user.click(panel.getByRole('checkbox', { name: 'Show the tally while the vote runs' }));
    await user.click(panel.getByRole('radio', { name: '5 min' }));
    await user.click(panel.getByRole('button', { name: 'Start vote' }));
    expect(votesSent(socket)).toHaveLength(1);
    expect(votesSent(socket)[0]?.payload).toEqual({
      action: 'start',
      definition: {
        topic: MOTION,
        options: ['Yes', 'No', 'Abstain'],
        kind: 'secret',
        live_results: true,
        voters: { everyone: false, roles: ['moderator', 'participant'], groups: [], participants: [] },
        seconds: 300,
      },
    });
    // The vote arrives: it runs, and the form is new again.
    voteEvent(socket, { event: 'started', vote: testVote(1, MOTION, { by: 'p1', definition: { kind: 'secret' }, voters: [bea, cem] }) });
    expect(panel.getByRole('heading', { name: 'Running votes' })).toBeInTheDocument();
    expect(panel.getByRole('textbox', { name: 'Motion' })).toHaveValue('');
    expect(panel.getByRole('radio', { name: 'Named vote' })).toBeChecked();
  });

  it('starts a vote for chosen people (never guests) or groups, and says why the node refused', async () => {
    const { user, socket } = await join([beaPerson, cemPerson, gus], { self: moderator });
    const panel = await openVotes(user);
    await user.type(panel.getByRole('textbox', { name: 'Motion' }), 'Elect Bea as treasurer?');
    await user.click(panel.getByRole('radio', { name: 'Chosen people' }));
    const people = within(panel.getByRole('group', { name: 'People' }));
    expect(people.getAllByRole('checkbox').map((c) => c.closest('label')?.textContent)).toEqual(['Ada', 'Bea', 'Cem']);
    await user.click(people.getByRole('checkbox', { name: 'Cem' }));
    await user.click(people.getByRole('checkbox', { name: 'Ada' }));
    await user.click(panel.getByRole('button', { name: 'Start vote' }));
    expect(votesSent(socket).at(-1)?.payload).toMatchObject({ definition: { voters: { everyone: false, roles: [], groups: [], participants: ['p3', 'p1'] } } });
    refuse(socket, votesSent(socket).at(-1)?.id, 'invalid_command', 'no eligible voter');
    expect(panel.getByRole('alert')).toHaveTextContent('The vote could not be started. Please check the motion, the options and who may vote.');
    expect(panel.queryByText(/no eligible voter/)).toBeNull();
    // The draft stays for another try.
    expect(panel.getByRole('textbox', { name: 'Motion' })).toHaveValue('Elect Bea as treasurer?');
    await user.click(panel.getByRole('radio', { name: 'People in certain groups' }));
    await user.type(panel.getByRole('textbox', { name: 'Groups' }), 'Board, Council');
    await user.click(panel.getByRole('button', { name: 'Start vote' }));
    expect(votesSent(socket).at(-1)?.payload).toMatchObject({ definition: { voters: { everyone: false, roles: [], groups: ['Board', 'Council'], participants: [] } } });
  });

  it('starts a prepared vote with one click and then shows it as started', async () => {
    const budget: PreparedVote = {
      id: 'pv1',
      definition: { topic: MOTION, options: ['Yes', 'No', 'Abstain'], kind: 'secret', live_results: false, voters: { everyone: true, roles: [], groups: [], participants: [] } },
    };
    const listRoomVotes = vi.fn(() => Promise.resolve([budget]));
    const api = fakeApi({ listRoomVotes });
    const services = testServices({ api, session: new Session(api, { status: 'ready', config: testConfig(), me: testMe() }) });
    const { user, socket } = await join([beaPerson], { self: moderator, services });
    const panel = await openVotes(user);
    expect(await panel.findByRole('heading', { name: 'Prepared votes' })).toBeInTheDocument();
    expect(listRoomVotes).toHaveBeenCalledWith('room-1');
    expect(panel.getByText('Secret vote · Yes · No · Abstain')).toBeInTheDocument();
    await user.click(panel.getByRole('button', { name: `Start vote “${MOTION}”` }));
    expect(votesSent(socket).at(-1)?.payload).toEqual({ action: 'start', definition: budget.definition, prepared_id: 'pv1' });
    voteEvent(socket, { event: 'started', vote: testVote(1, MOTION, { by: 'p1', prepared_id: 'pv1', definition: budget.definition, voters: [ada, bea] }) });
    expect(panel.queryByRole('button', { name: `Start vote “${MOTION}”` })).toBeNull();
    const row = panel.getByText(MOTION, { selector: '.prepared-row-title' }).closest('li') as HTMLElement;
    expect(within(row).getByText('Started')).toBeInTheDocument();
    // The chair is eligible too and votes in the card.
    expect(card().getByRole('button', { name: 'Cast vote' })).toBeInTheDocument();
  });
});

describe('a named vote with the tally shown live', () => {
  it('shows everyone who chose what', async () => {
    const live = testVote(1, MOTION, {
      definition: { live_results: true },
      voters: [ada, bea, cem],
      voted: ['p2', 'p3'],
      tally: [1, 1, 0],
      ballots: [
        { voter: bea, choice: 0 },
        { voter: cem, choice: 1 },
      ],
    });
    const { user } = await join([beaPerson, cemPerson, mo], { snapshot: { votes: { votes: [live] } } });
    await openVotes(user);
    expect(tally()).toEqual(['Yes1 vote · 50%Chosen by Bea', 'No1 vote · 50%Chosen by Cem', 'Abstain0 votes · 0%']);
    expect(card().getByText('Tally shown live')).toBeInTheDocument();
    // Running: no result line yet.
    expect(card().queryByText(/^Result:/)).toBeNull();
  });
});

describe('attention', () => {
  it('counts a new vote and gives a notice while another panel is open', async () => {
    const { user, socket } = await join([beaPerson, mo]);
    await user.click(screen.getByRole('button', { name: 'Chat' }));
    voteEvent(socket, { event: 'started', vote: testVote(1, MOTION, { voters: [ada, bea] }) });
    expect(screen.getByRole('button', { name: 'Chat' })).toHaveAttribute('aria-expanded', 'true');
    const toggle = screen.getByRole('button', { name: 'Votes' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveAccessibleDescription('1 vote waiting for your ballot');
    const notice = within(screen.getByRole('status', { name: 'Notices' }));
    expect(notice.getByText('Mo started a vote.')).toBeInTheDocument();
    await user.click(notice.getByRole('button', { name: 'Show vote' }));
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).not.toHaveAccessibleDescription();
    expect(card().getByRole('radiogroup', { name: MOTION })).toBeInTheDocument();
  });
});

describe('in German', () => {
  it('names the panel, the ballot and the receipt', async () => {
    const { user, socket } = await join([beaPerson, mo], { languages: ['de'] });
    voteEvent(socket, { event: 'started', vote: testVote(1, 'Haushalt beschließen?', { definition: { kind: 'secret', options: ['Ja', 'Nein', 'Enthaltung'] }, voters: [ada, bea] }) });
    expect(screen.getByRole('button', { name: 'Abstimmungen' })).toHaveAttribute('aria-expanded', 'true');
    const vote = card('Haushalt beschließen?');
    expect(vote.getByText('Geheime Abstimmung')).toBeInTheDocument();
    expect(vote.getByText('0 von 2 haben abgestimmt · 2 Stimmen fehlen noch')).toBeInTheDocument();
    await user.click(within(vote.getByRole('radiogroup', { name: 'Haushalt beschließen?' })).getByRole('radio', { name: 'Enthaltung' }));
    await user.click(vote.getByRole('button', { name: 'Stimme abgeben' }));
    voteEvent(socket, { event: 'accepted', ballot: { vote_id: 1, choice: 2, receipt: 'R-DE' } });
    expect(vote.getByText('Ihre Stimme: Enthaltung')).toBeInTheDocument();
    expect(within(vote.getByRole('group', { name: 'Ihr Beleg' })).getByRole('button', { name: 'Beleg kopieren' })).toBeInTheDocument();
    expect(vote.getByRole('button', { name: 'Problem melden' })).toBeInTheDocument();
  });
});
