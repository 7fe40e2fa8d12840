// @vitest-environment jsdom
// Component tests of polls in a meeting over fake services: the Polls button (chairs always,
// others once there is a poll); starting a poll from the New poll form (the exact command, the
// form afresh afterwards), the form's checks, refusals in our own words and the running-polls
// limit; prepared polls (fetched only for signed-in chairs, started with one click, then shown
// as started); answering with one answer and with several, changing an answer, what people who
// may not answer see; results hidden, live and closed, names only for chairs; the panel that
// opens by itself (also in simple mode), or the count and the notice while another panel is
// open; closing a poll; the time left on the node's clock; German names.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FakeSocket } from '../../client/fakeSocket';
import { Session } from '../../client/session';
import type { ClientEnvelope, Participant, PollsEvent, PreparedPoll } from '../../protocol/generated';
import {
  answerPings,
  controlledBy,
  fakeApi,
  joinMeeting,
  testConfig,
  testMe,
  testParticipant as person,
  testPoll as poll,
  testServices,
  type JoinOptions,
} from '../testing';

const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  cleanup();
  vi.useRealTimers();
});

const moderator = person('p1', 'Ada', { roles: ['moderator', 'participant'] });
const bea = person('p2', 'Bea');
const mo = person('p9', 'Mo', { roles: ['moderator', 'participant'] });

function pollEvent(socket: FakeSocket, payload: PollsEvent) {
  act(() => socket.receive({ ts: Date.now(), namespace: 'polls', payload }));
}

function pollsSent(socket: FakeSocket): ClientEnvelope[] {
  return socket.sent.filter((e) => e.namespace === 'polls');
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

function pollsPanel() {
  return within(controlledBy('Polls'));
}

async function openPolls(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Polls' }));
  return pollsPanel();
}

function card(topic: string) {
  return within(screen.getByRole('article', { name: topic }));
}

/** The results as text, one entry per answer. */
function results(topic: string): string[] {
  return card(topic)
    .getAllByRole('listitem')
    .filter((item) => item.classList.contains('poll-result'))
    .map((item) => item.textContent ?? '');
}

describe('the Polls button', () => {
  it('is there for chairs always, for others once the meeting has a poll', async () => {
    const { socket } = await join([bea, mo]);
    expect(screen.queryByRole('button', { name: 'Polls' })).toBeNull();
    pollEvent(socket, { event: 'started', poll: poll(1, 'Lunch?') });
    expect(screen.getByRole('button', { name: 'Polls' })).toBeInTheDocument();
    cleanup();
    await join([bea], { self: moderator });
    expect(screen.getByRole('button', { name: 'Polls' })).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('starting a poll', () => {
  it('starts a poll from the New poll form and starts the form afresh', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    const panel = await openPolls(user);
    expect(panel.getByRole('heading', { name: 'New poll' })).toBeInTheDocument();
    await user.type(panel.getByRole('textbox', { name: 'Question' }), '  Lunch at noon?  ');
    expect(panel.getByRole('textbox', { name: 'Answer 1' })).toHaveValue('Yes');
    expect(panel.getByRole('textbox', { name: 'Answer 2' })).toHaveValue('No');
    expect(panel.getByRole('textbox', { name: 'Answer 3' })).toHaveValue('Abstain');
    await user.click(panel.getByRole('button', { name: 'Remove answer 3' }));
    expect(panel.queryByRole('textbox', { name: 'Answer 3' })).toBeNull();
    // Two answers are the least: they cannot be removed.
    expect(panel.queryByRole('button', { name: 'Remove answer 2' })).toBeNull();
    await user.click(panel.getByRole('button', { name: 'Add answer' }));
    const third = panel.getByRole('textbox', { name: 'Answer 3' });
    expect(third).toHaveFocus();
    await user.type(third, 'Later');
    await user.click(panel.getByRole('switch', { name: 'Multiple choice' }));
    await user.click(panel.getByRole('switch', { name: 'Anonymous' }));
    await user.click(panel.getByRole('switch', { name: 'Show results live' }));
    await user.click(panel.getByRole('switch', { name: 'Allow changing the answer' }));
    await user.click(panel.getByRole('switch', { name: 'Exclude guests' }));
    expect(within(panel.getByRole('radiogroup', { name: 'Duration' })).getByRole('radio', { name: 'No time limit' })).toBeChecked();
    await user.click(panel.getByRole('radio', { name: '2 min' }));
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    expect(pollsSent(socket)).toHaveLength(1);
    expect(pollsSent(socket)[0]?.payload).toEqual({
      action: 'start',
      definition: {
        topic: 'Lunch at noon?',
        answers: ['Yes', 'No', 'Later'],
        multiple: true,
        anonymous: true,
        live_results: true,
        changeable: true,
        guests_excluded: true,
        seconds: 120,
      },
    });
    // The poll arrives: it runs, and the form is new again.
    pollEvent(socket, {
      event: 'started',
      poll: poll(1, 'Lunch at noon?', { by: 'p1', definition: { answers: ['Yes', 'No', 'Later'], multiple: true }, results: { counts: [0, 0, 0] } }),
    });
    expect(panel.getByRole('heading', { name: 'Running polls' })).toBeInTheDocument();
    expect(card('Lunch at noon?').getByText('0 of 2 answered')).toBeInTheDocument();
    expect(panel.getByRole('textbox', { name: 'Question' })).toHaveValue('');
    expect(panel.getByRole('textbox', { name: 'Answer 3' })).toHaveValue('Abstain');
    expect(panel.getByRole('switch', { name: 'Multiple choice' })).not.toBeChecked();
  });

  it('starts a poll with another length, and without a time limit', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    const panel = await openPolls(user);
    await user.type(panel.getByRole('textbox', { name: 'Question' }), 'Ready?');
    await user.click(panel.getByRole('radio', { name: 'Other' }));
    await user.type(panel.getByRole('textbox', { name: 'Minutes (1–1440)' }), '1441');
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    expect(panel.getByRole('alert')).toHaveTextContent('Please enter whole minutes between 1 and 1440.');
    expect(pollsSent(socket)).toEqual([]);
    await user.clear(panel.getByRole('textbox', { name: 'Minutes (1–1440)' }));
    await user.type(panel.getByRole('textbox', { name: 'Minutes (1–1440)' }), '15');
    expect(panel.queryByRole('alert')).toBeNull();
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    expect(pollsSent(socket).at(-1)?.payload).toMatchObject({ action: 'start', definition: { topic: 'Ready?', seconds: 900 } });
    await user.click(panel.getByRole('radio', { name: 'No time limit' }));
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    const payload = pollsSent(socket).at(-1)?.payload;
    expect(payload).toMatchObject({ action: 'start', definition: { topic: 'Ready?' } });
    expect(payload).not.toHaveProperty('definition.seconds');
  });

  it('checks the question and the answers as the node would, before sending', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    const panel = await openPolls(user);
    await user.clear(panel.getByRole('textbox', { name: 'Answer 2' }));
    await user.clear(panel.getByRole('textbox', { name: 'Answer 3' }));
    await user.type(panel.getByRole('textbox', { name: 'Answer 3' }), ' yes ');
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    expect(pollsSent(socket)).toEqual([]);
    expect(panel.getByRole('textbox', { name: 'Question' })).toHaveAccessibleDescription('Please enter a question.');
    expect(panel.getByRole('textbox', { name: 'Answer 2' })).toHaveAccessibleDescription('Please fill in this answer or remove it.');
    expect(panel.getByRole('textbox', { name: 'Answer 3' })).toHaveAccessibleDescription('This answer is already offered.');
    expect(panel.getByRole('textbox', { name: 'Answer 1' })).not.toBeInvalid();
    // The messages follow the changes.
    await user.click(panel.getByRole('textbox', { name: 'Question' }));
    await user.paste('x'.repeat(301));
    expect(panel.getByRole('textbox', { name: 'Question' })).toHaveAccessibleDescription('The question can have at most 300 characters.');
    await user.clear(panel.getByRole('textbox', { name: 'Question' }));
    await user.type(panel.getByRole('textbox', { name: 'Question' }), 'Which day?');
    await user.type(panel.getByRole('textbox', { name: 'Answer 2' }), 'Monday');
    await user.clear(panel.getByRole('textbox', { name: 'Answer 3' }));
    await user.type(panel.getByRole('textbox', { name: 'Answer 3' }), 'Tuesday');
    expect(panel.queryByRole('alert')).toBeNull();
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    expect(pollsSent(socket).at(-1)?.payload).toMatchObject({ definition: { topic: 'Which day?', answers: ['Yes', 'Monday', 'Tuesday'] } });
  });

  it('offers at most 12 answers', async () => {
    const { user } = await join([bea], { self: moderator });
    const panel = await openPolls(user);
    for (let i = 0; i < 9; i += 1) await user.click(panel.getByRole('button', { name: 'Add answer' }));
    expect(panel.getByRole('textbox', { name: 'Answer 12' })).toBeInTheDocument();
    expect(panel.queryByRole('button', { name: 'Add answer' })).toBeNull();
  });

  it("says in its own words why the node refused, never in the node's", async () => {
    const { user, socket } = await join([bea], { self: moderator });
    const panel = await openPolls(user);
    await user.type(panel.getByRole('textbox', { name: 'Question' }), 'Lunch?');
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    refuse(socket, pollsSent(socket).at(-1)?.id, 'invalid_command', 'an answer must not be empty');
    expect(panel.getByRole('alert')).toHaveTextContent('The poll could not be started. Please check the question and the answers.');
    expect(panel.queryByText(/must not be empty/)).toBeNull();
    // The draft stays for another try.
    expect(panel.getByRole('textbox', { name: 'Question' })).toHaveValue('Lunch?');
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    expect(panel.queryByRole('alert')).toBeNull();
    // A refusal of another command is not ours.
    refuse(socket, 999, 'forbidden', 'no');
    expect(panel.queryByRole('alert')).toBeNull();
  });

  it('does not start a sixth running poll', async () => {
    const running = [1, 2, 3, 4, 5].map((id) => poll(id, `Question ${id}`, { results: { counts: [0, 0, 0] } }));
    const { user, socket } = await join([bea], { self: moderator, snapshot: { polls: { polls: running } } });
    const panel = await openPolls(user);
    await user.type(panel.getByRole('textbox', { name: 'Question' }), 'One more?');
    await user.click(panel.getByRole('button', { name: 'Start poll' }));
    expect(panel.getByRole('alert')).toHaveTextContent('At most 5 polls can run at once. Please close one first.');
    expect(pollsSent(socket)).toEqual([]);
  });
});

describe('prepared polls', () => {
  const nextDate: PreparedPoll = {
    id: 'pp1',
    definition: { topic: 'Next date?', answers: ['May', 'June'], multiple: false, anonymous: true, live_results: false, changeable: false, guests_excluded: false },
  };
  const budget: PreparedPoll = {
    id: 'pp2',
    definition: { topic: 'Budget approved?', answers: ['Yes', 'No'], multiple: false, anonymous: false, live_results: false, changeable: false, guests_excluded: false },
  };

  function signedIn(listRoomPolls = vi.fn(() => Promise.resolve([nextDate, budget]))) {
    const api = fakeApi({ listRoomPolls });
    return { listRoomPolls, services: testServices({ api, session: new Session(api, { status: 'ready', config: testConfig(), me: testMe() }) }) };
  }

  it('starts a prepared poll with one click and then shows it as started', async () => {
    const { listRoomPolls, services } = signedIn();
    const { user, socket } = await join([bea], { self: moderator, services });
    const panel = await openPolls(user);
    expect(await panel.findByRole('heading', { name: 'Prepared polls' })).toBeInTheDocument();
    expect(listRoomPolls).toHaveBeenCalledWith('room-1');
    await user.click(panel.getByRole('button', { name: 'Start poll “Next date?”' }));
    expect(pollsSent(socket).at(-1)?.payload).toEqual({ action: 'start', definition: nextDate.definition, prepared_id: 'pp1' });
    pollEvent(socket, { event: 'started', poll: poll(1, 'Next date?', { by: 'p1', prepared_id: 'pp1', definition: nextDate.definition }) });
    expect(panel.queryByRole('button', { name: 'Start poll “Next date?”' })).toBeNull();
    const row = panel.getByText('Next date?', { selector: '.prepared-row-title' }).closest('li') as HTMLElement;
    expect(within(row).getByText('Started')).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Start poll “Budget approved?”' })).toBeInTheDocument();
  });

  it('are not asked for by people who are not signed-in chairs, and hidden when there are none', async () => {
    const { listRoomPolls, services } = signedIn();
    const { socket } = await join([mo], { services });
    pollEvent(socket, { event: 'started', poll: poll(1, 'Lunch?') });
    expect(controlledBy('Polls')).toBeInTheDocument();
    expect(listRoomPolls).not.toHaveBeenCalled();
    cleanup();
    const anonymous = vi.fn(() => Promise.resolve([nextDate]));
    const { user } = await join([bea], { self: moderator, services: testServices({ api: fakeApi({ listRoomPolls: anonymous }) }) });
    await openPolls(user);
    expect(anonymous).not.toHaveBeenCalled();
    cleanup();
    const none = signedIn(vi.fn(() => Promise.resolve([])));
    const joined = await join([bea], { self: moderator, services: none.services });
    const panel = await openPolls(joined.user);
    await waitFor(() => expect(none.listRoomPolls).toHaveBeenCalled());
    expect(panel.queryByRole('heading', { name: 'Prepared polls' })).toBeNull();
  });
});

describe('answering', () => {
  it('opens the panel for a new poll, takes one answer and shows the results once closed', async () => {
    const { user, socket } = await join([bea, mo]);
    pollEvent(socket, { event: 'started', poll: poll(1, 'Lunch?') });
    // No other panel was open: the Polls panel opened by itself.
    expect(screen.getByRole('button', { name: 'Polls' })).toHaveAttribute('aria-expanded', 'true');
    expect(document.querySelector('[data-poll-announcement]')?.textContent?.replace('\u200b', '')).toBe('New poll: Lunch?');
    const lunch = card('Lunch?');
    expect(lunch.getByText('Running')).toBeInTheDocument();
    expect(lunch.getByText('The results are shown when the poll closes.')).toBeInTheDocument();
    const choices = lunch.getByRole('radiogroup', { name: 'Lunch?' });
    expect(choices).toHaveAccessibleDescription('One answer.');
    await user.click(lunch.getByRole('button', { name: 'Submit answer' }));
    expect(lunch.getByRole('alert')).toHaveTextContent('Please choose an answer first.');
    expect(pollsSent(socket)).toEqual([]);
    await user.click(within(choices).getByRole('radio', { name: 'No' }));
    expect(lunch.queryByRole('alert')).toBeNull();
    await user.click(lunch.getByRole('button', { name: 'Submit answer' }));
    expect(pollsSent(socket).at(-1)?.payload).toEqual({ action: 'vote', poll_id: 1, choices: [1] });
    // Not sent twice while it is on its way.
    expect(lunch.getByRole('button', { name: 'Submit answer' })).toBeDisabled();
    pollEvent(socket, { event: 'voted', ballot: { poll_id: 1, choices: [1] } });
    expect(lunch.getByText('Your answer: No')).toBeInTheDocument();
    expect(lunch.queryByRole('radiogroup')).toBeNull();
    // The poll does not allow changes.
    expect(lunch.queryByRole('button', { name: 'Change answer' })).toBeNull();
    pollEvent(socket, { event: 'progress', poll_id: 1, voted: 1, eligible: 3 });
    expect(lunch.getByText('1 of 3 answered')).toBeInTheDocument();
    expect(lunch.queryByRole('list', { name: 'Results' })).toBeNull();
    pollEvent(socket, { event: 'closed', poll: poll(1, 'Lunch?', { closed_at: 1_700_000_060_000, voted: 3, eligible: 3, results: { counts: [2, 1, 0] } }), by: 'p9' });
    const closed = card('Lunch?');
    expect(screen.getByRole('heading', { name: 'Closed polls' })).toBeInTheDocument();
    expect(closed.getByText('Closed')).toBeInTheDocument();
    expect(results('Lunch?')).toEqual(['Yes2 votes · 67%', 'No (your answer)1 vote · 33%', 'Abstain0 votes · 0%']);
    expect(closed.queryByText('The results are shown when the poll closes.')).toBeNull();
  });

  it('takes several answers and lets the answer change where the poll allows it', async () => {
    const lunch = poll(1, 'Where to eat?', { definition: { answers: ['Pizza', 'Curry', 'Salad'], multiple: true, changeable: true } });
    const { user, socket } = await join([bea, mo], { snapshot: { polls: { polls: [lunch] } } });
    // A poll of the snapshot opens nothing, but counts on the button.
    const toggle = screen.getByRole('button', { name: 'Polls' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveAccessibleDescription('1 new poll');
    await user.click(toggle);
    expect(toggle).not.toHaveAccessibleDescription();
    const where = card('Where to eat?');
    const choices = where.getByRole('group', { name: 'Where to eat?' });
    expect(choices).toHaveAccessibleDescription('One or more answers.');
    await user.click(within(choices).getByRole('checkbox', { name: 'Salad' }));
    await user.click(within(choices).getByRole('checkbox', { name: 'Pizza' }));
    await user.click(where.getByRole('button', { name: 'Submit answer' }));
    expect(pollsSent(socket).at(-1)?.payload).toEqual({ action: 'vote', poll_id: 1, choices: [0, 2] });
    pollEvent(socket, { event: 'voted', ballot: { poll_id: 1, choices: [0, 2] } });
    expect(where.getByText('Your answer: Pizza, Salad')).toBeInTheDocument();
    await user.click(where.getByRole('button', { name: 'Change answer' }));
    const again = where.getByRole('group', { name: 'Where to eat?' });
    expect(within(again).getByRole('checkbox', { name: 'Pizza' })).toBeChecked();
    await user.click(within(again).getByRole('checkbox', { name: 'Pizza' }));
    await user.click(where.getByRole('button', { name: 'Submit answer' }));
    expect(pollsSent(socket).at(-1)?.payload).toEqual({ action: 'vote', poll_id: 1, choices: [2] });
    pollEvent(socket, { event: 'voted', ballot: { poll_id: 1, choices: [2] } });
    expect(where.getByText('Your answer: Salad')).toBeInTheDocument();
    // "Keep my answer" goes back to it, unchanged.
    await user.click(where.getByRole('button', { name: 'Change answer' }));
    await user.click(within(where.getByRole('group', { name: 'Where to eat?' })).getByRole('checkbox', { name: 'Curry' }));
    await user.click(where.getByRole('button', { name: 'Keep my answer' }));
    expect(where.getByText('Your answer: Salad')).toBeInTheDocument();
    await user.click(where.getByRole('button', { name: 'Change answer' }));
    expect(within(where.getByRole('group', { name: 'Where to eat?' })).getByRole('checkbox', { name: 'Curry' })).not.toBeChecked();
    // A refusal is said in our words at the poll, and the answer may be sent again.
    await user.click(where.getByRole('button', { name: 'Submit answer' }));
    refuse(socket, pollsSent(socket).at(-1)?.id, 'conflict', 'you have answered; this poll does not allow changes');
    expect(where.getByRole('alert')).toHaveTextContent('You have already answered this poll.');
    expect(where.queryByText(/does not allow/)).toBeNull();
    expect(where.getByRole('button', { name: 'Submit answer' })).toBeEnabled();
  });

  it('tells guests why they do not answer a poll without guests, and does not push it at them', async () => {
    const guest = person('p1', 'Ada', { roles: ['guest'] });
    const { user, socket } = await join([bea, mo], { self: guest });
    pollEvent(socket, { event: 'started', poll: poll(1, 'Members only?', { definition: { guests_excluded: true } }) });
    const toggle = screen.getByRole('button', { name: 'Polls' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).not.toHaveAccessibleDescription();
    await user.click(toggle);
    const members = card('Members only?');
    expect(members.getByText('This poll is for people with an account: guests do not answer it.')).toBeInTheDocument();
    expect(members.queryByRole('radiogroup')).toBeNull();
    expect(members.queryByRole('button', { name: 'Submit answer' })).toBeNull();
    expect(members.getByText('Without guests')).toBeInTheDocument();
  });

  it('reaches people in simple mode too', async () => {
    const services = testServices();
    services.services.storage?.setItem('plenum.simpleMode', 'true');
    const { user, socket } = await join([bea, mo], { services });
    expect(screen.queryByRole('button', { name: 'Polls' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Chat' })).toBeNull();
    pollEvent(socket, { event: 'started', poll: poll(1, 'Lunch?') });
    await user.click(within(card('Lunch?').getByRole('radiogroup', { name: 'Lunch?' })).getByRole('radio', { name: 'Yes' }));
    await user.click(card('Lunch?').getByRole('button', { name: 'Submit answer' }));
    expect(pollsSent(socket).at(-1)?.payload).toEqual({ action: 'vote', poll_id: 1, choices: [0] });
    await user.click(screen.getByRole('button', { name: 'Close polls' }));
    expect(screen.getByRole('button', { name: 'Polls' })).toHaveAttribute('aria-expanded', 'false');
  });

  it('counts a new poll and gives a notice while another panel is open', async () => {
    const { user, socket } = await join([bea, mo]);
    await user.click(screen.getByRole('button', { name: 'Chat' }));
    pollEvent(socket, { event: 'started', poll: poll(1, 'Lunch?') });
    expect(screen.getByRole('button', { name: 'Chat' })).toHaveAttribute('aria-expanded', 'true');
    const toggle = screen.getByRole('button', { name: 'Polls' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveAccessibleDescription('1 new poll');
    expect(toggle.parentElement?.querySelector('.tool-badge')).toHaveTextContent('1');
    const notice = within(screen.getByRole('status', { name: 'Notices' }));
    expect(notice.getByText('Mo started a poll.')).toBeInTheDocument();
    await user.click(notice.getByRole('button', { name: 'Show poll' }));
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(notice.queryByText('Mo started a poll.')).toBeNull();
    expect(toggle).not.toHaveAccessibleDescription();
    expect(card('Lunch?').getByRole('radiogroup', { name: 'Lunch?' })).toBeInTheDocument();
  });
});

describe('results', () => {
  const voters = [
    { participant_id: 'p2', display_name: 'Bea', choices: [0] },
    { participant_id: 'p3', display_name: 'Cem', choices: [0] },
    { participant_id: 'p4', display_name: 'Dana', choices: [1] },
  ];

  it('shows live results to participants, with counts and shares but never names', async () => {
    const live = poll(1, 'Lunch?', { voted: 3, eligible: 4, definition: { live_results: true }, results: { counts: [2, 1, 0], voters } });
    const { user } = await join([bea, mo], { snapshot: { polls: { polls: [live] } } });
    await openPolls(user);
    expect(results('Lunch?')).toEqual(['Yes2 votes · 67%', 'No1 vote · 33%', 'Abstain0 votes · 0%']);
    expect(card('Lunch?').queryByText(/Bea/)).toBeNull();
    expect(card('Lunch?').getByText('Results shown live')).toBeInTheDocument();
  });

  it('shows moderators the results with the names per answer, and closes a poll', async () => {
    const named = poll(1, 'Lunch?', { voted: 3, eligible: 4, results: { counts: [2, 1, 0], voters } });
    const { user, socket } = await join([bea, mo], { self: moderator, snapshot: { polls: { polls: [named] } } });
    await openPolls(user);
    const lunch = card('Lunch?');
    expect(lunch.getByText('3 of 4 answered')).toBeInTheDocument();
    expect(lunch.getByText('Names visible to moderators')).toBeInTheDocument();
    expect(results('Lunch?')).toEqual(['Yes2 votes · 67%Chosen by Bea and Cem', 'No1 vote · 33%Chosen by Dana', 'Abstain0 votes · 0%']);
    // Live progress with new results.
    pollEvent(socket, { event: 'progress', poll_id: 1, voted: 4, eligible: 4, results: { counts: [2, 2, 0], voters: [...voters, { participant_id: 'p5', display_name: 'Eve', choices: [1] }] } });
    expect(results('Lunch?')[1]).toBe('No2 votes · 50%Chosen by Dana and Eve');
    await user.click(lunch.getByRole('button', { name: 'End poll' }));
    expect(pollsSent(socket).at(-1)?.payload).toEqual({ action: 'close', poll_id: 1 });
    pollEvent(socket, { event: 'closed', poll: { ...named, closed_at: 1_700_000_060_000 }, by: 'p1' });
    expect(card('Lunch?').queryByRole('button', { name: 'End poll' })).toBeNull();
  });

  it('shows no names for an anonymous poll', async () => {
    const anonymous = poll(1, 'Secret?', { voted: 2, eligible: 2, definition: { anonymous: true }, results: { counts: [1, 1, 0] } });
    const { user } = await join([bea], { self: moderator, snapshot: { polls: { polls: [anonymous] } } });
    await openPolls(user);
    expect(results('Secret?')).toEqual(['Yes1 vote · 50%', 'No1 vote · 50%', 'Abstain0 votes · 0%']);
    expect(card('Secret?').getByText('Anonymous')).toBeInTheDocument();
  });
});

describe('the time left', () => {
  it('counts down to the end on the node clock', async () => {
    const realSetInterval = globalThis.setInterval;
    const realClearInterval = globalThis.clearInterval;
    const now = Date.UTC(2025, 4, 5, 8, 30, 0);
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now });
    // The node's clock is 5 s ahead of ours; the poll ends two minutes after its now.
    const timed = poll(1, 'Quick one?', { started_at: now + 5_000, ends_at: now + 125_000, definition: { seconds: 120 } });
    const joined = await joinMeeting([bea, mo], { snapshot: { polls: { polls: [timed] } }, nodeTime: now + 5_000 });
    stops.push(answerPings(joined.socket, realSetInterval, realClearInterval));
    await joined.user.click(screen.getByRole('button', { name: 'Polls' }));
    const time = card('Quick one?').getByRole('timer', { name: 'Time left' });
    expect(time).toHaveTextContent('02:00 left');
    act(() => {
      vi.advanceTimersByTime(61_000);
    });
    expect(time).toHaveTextContent('00:59 left');
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(time).toHaveTextContent('Closing…');
  });
});

describe('in German', () => {
  it('names the panel, the form and the answers', async () => {
    const { user, socket } = await join([bea, mo], { self: moderator, languages: ['de'] });
    await user.click(screen.getByRole('button', { name: 'Umfragen' }));
    const panel = within(controlledBy('Umfragen'));
    expect(panel.getByRole('heading', { name: 'Neue Umfrage' })).toBeInTheDocument();
    expect(panel.getByRole('textbox', { name: 'Frage' })).toBeInTheDocument();
    expect([1, 2, 3].map((n) => (panel.getByRole('textbox', { name: `Antwort ${n}` }) as HTMLInputElement).value)).toEqual(['Ja', 'Nein', 'Enthaltung']);
    expect(panel.getByRole('button', { name: 'Antwort 3 entfernen' })).toBeInTheDocument();
    expect(panel.getByRole('switch', { name: 'Mehrfachauswahl' })).toBeInTheDocument();
    expect(panel.getByRole('switch', { name: 'Ergebnisse live zeigen' })).toBeInTheDocument();
    expect(panel.getByRole('radio', { name: 'Ohne Zeitlimit' })).toBeChecked();
    await user.click(panel.getByRole('button', { name: 'Umfrage starten' }));
    expect(panel.getByRole('textbox', { name: 'Frage' })).toHaveAccessibleDescription('Bitte geben Sie eine Frage ein.');
    pollEvent(socket, { event: 'started', poll: poll(1, 'Mittagessen?', { definition: { answers: ['Ja', 'Nein'] }, results: { counts: [1, 0] }, voted: 1 }) });
    const lunch = card('Mittagessen?');
    expect(lunch.getByText('Läuft')).toBeInTheDocument();
    expect(lunch.getByText('1 von 2 haben geantwortet')).toBeInTheDocument();
    expect(lunch.getByRole('button', { name: 'Antwort senden' })).toBeInTheDocument();
    expect(lunch.getByRole('button', { name: 'Umfrage beenden' })).toBeInTheDocument();
    expect(results('Mittagessen?')[0]).toBe('Ja1 Stimme · 100\u00a0%');
  });
});
