// Unit tests of the polls as the client keeps them: the snapshot, started, voted, progress and
// closed events; what was seen and what counts on the toolbar; who may answer; which prepared
// poll was started; the form's checks against the node's rules; editing a definition; the
// limits on starting.
import { describe, expect, it } from 'vitest';
import type { Participant, Poll, PollDefinition } from '../protocol/generated';
import {
  answerBar,
  checkPoll,
  draftOf,
  initialPollsState,
  markPollsSeen,
  pollsReducer,
  share,
  startBlocker,
  startedFrom,
  unseenPolls,
  type PollDraft,
  type PollsState,
} from './polls';

const definition: PollDefinition = {
  topic: 'Lunch?',
  answers: ['Yes', 'No'],
  multiple: false,
  anonymous: false,
  live_results: false,
  changeable: false,
  guests_excluded: false,
};

function poll(id: number, patch: Partial<Poll> = {}): Poll {
  return { id, definition, by: 'a', started_at: 1_000, voted: 0, eligible: 3, ...patch };
}

const member: Pick<Participant, 'roles'> = { roles: ['participant'] };
const guest: Pick<Participant, 'roles'> = { roles: ['guest'] };

describe('pollsReducer', () => {
  it('takes the snapshot, oldest first, with our answers', () => {
    const state = pollsReducer(initialPollsState, { event: 'state', polls: [poll(2), poll(1)], mine: [{ poll_id: 1, choices: [0] }] });
    expect(state.polls.map((p) => p.id)).toEqual([1, 2]);
    expect(state.mine).toEqual({ 1: [0] });
    // Polls of a snapshot are no news.
    expect(state.lastStarted).toBeNull();
  });

  it('adds started polls, takes our answers, follows progress and the close', () => {
    let state: PollsState = pollsReducer(initialPollsState, { event: 'started', poll: poll(1) });
    expect(state.lastStarted).toBe(1);
    state = pollsReducer(state, { event: 'voted', ballot: { poll_id: 1, choices: [1] } });
    expect(state.mine[1]).toEqual([1]);
    state = pollsReducer(state, { event: 'progress', poll_id: 1, voted: 1, eligible: 4, results: { counts: [0, 1] } });
    expect(state.polls[0]).toMatchObject({ voted: 1, eligible: 4, results: { counts: [0, 1] } });
    // Progress without results (the viewer may not see them) carries none.
    state = pollsReducer(state, { event: 'progress', poll_id: 1, voted: 2, eligible: 4 });
    expect(state.polls[0]?.results).toBeUndefined();
    // Progress of an unknown poll changes nothing.
    expect(pollsReducer(state, { event: 'progress', poll_id: 9, voted: 1, eligible: 1 })).toBe(state);
    state = pollsReducer(state, { event: 'closed', poll: poll(1, { closed_at: 5_000, voted: 2, eligible: 4, results: { counts: [1, 1] } }) });
    expect(state.polls).toHaveLength(1);
    expect(state.polls[0]).toMatchObject({ closed_at: 5_000, results: { counts: [1, 1] } });
    // Late progress does not reopen a closed poll.
    expect(pollsReducer(state, { event: 'progress', poll_id: 1, voted: 3, eligible: 4 })).toBe(state);
  });

  it('counts running polls we may answer, have not answered and have not seen', () => {
    let state = pollsReducer(initialPollsState, {
      event: 'state',
      polls: [poll(1), poll(2, { definition: { ...definition, guests_excluded: true } }), poll(3, { closed_at: 2_000 }), poll(4)],
      mine: [{ poll_id: 4, choices: [0] }],
    });
    expect(unseenPolls(state, member)).toBe(2);
    expect(unseenPolls(state, guest)).toBe(1);
    state = markPollsSeen(state);
    expect(unseenPolls(state, member)).toBe(0);
    expect(markPollsSeen(state)).toBe(state);
    state = pollsReducer(state, { event: 'started', poll: poll(5) });
    expect(unseenPolls(state, member)).toBe(1);
  });
});

describe('who answers', () => {
  it('keeps out recorders, and guests where the poll says so', () => {
    expect(answerBar(member, definition)).toBeNull();
    expect(answerBar(guest, definition)).toBeNull();
    expect(answerBar(guest, { guests_excluded: true })).toBe('guests_excluded');
    expect(answerBar({ roles: ['moderator', 'participant'] }, { guests_excluded: true })).toBeNull();
    expect(answerBar({ roles: ['recorder'] }, definition)).toBe('recorder');
  });
});

describe('prepared polls and limits', () => {
  it('knows which prepared poll was started', () => {
    const polls = [poll(1, { prepared_id: 'x' }), poll(2)];
    expect(startedFrom(polls, { id: 'x' })?.id).toBe(1);
    expect(startedFrom(polls, { id: 'y' })).toBeUndefined();
  });

  it('starts at most 5 running polls and 50 in a meeting', () => {
    expect(startBlocker([1, 2, 3, 4].map((id) => poll(id)))).toBeNull();
    expect(startBlocker([1, 2, 3, 4, 5].map((id) => poll(id)))).toBe('too_many_running');
    const closed = Array.from({ length: 49 }, (_, i) => poll(i + 1, { closed_at: 1 }));
    expect(startBlocker(closed)).toBeNull();
    expect(startBlocker([...closed, poll(50, { closed_at: 1 })])).toBe('too_many_polls');
  });

  it('shares of nobody are none', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(0, 0)).toBe(0);
  });
});

describe('checkPoll', () => {
  const draft: PollDraft = {
    topic: 'Lunch?',
    answers: ['Yes', 'No'],
    multiple: false,
    anonymous: false,
    liveResults: false,
    changeable: false,
    guestsExcluded: false,
    duration: 'none',
    otherMinutes: '',
  };

  it('gives the definition with the texts as the node keeps them', () => {
    expect(checkPoll({ ...draft, topic: ' Lunch\r\n at noon\u0007? ', answers: [' Yes', 'No\n'], multiple: true, liveResults: true, duration: 5 })).toEqual({
      definition: { ...definition, topic: 'Lunch at noon ?', multiple: true, live_results: true, seconds: 300 },
    });
    expect(checkPoll({ ...draft, duration: 'other', otherMinutes: ' 90 ' })).toEqual({ definition: { ...definition, seconds: 5400 } });
    expect(checkPoll(draft)).toEqual({ definition });
  });

  it('finds every problem, field by field', () => {
    expect(checkPoll({ ...draft, topic: '  ', answers: ['Yes', ' ', 'yes', 'x'.repeat(101)] })).toEqual({
      problems: { topic: 'empty', answers: { 1: 'empty', 2: 'duplicate', 3: 'too_long' } },
    });
    // Characters are counted as the node counts them (code points).
    expect(checkPoll({ ...draft, topic: '😀'.repeat(300) })).toHaveProperty('definition');
    expect(checkPoll({ ...draft, topic: '😀'.repeat(301) })).toEqual({ problems: { topic: 'too_long' } });
    expect(checkPoll({ ...draft, answers: ['Yes'] })).toEqual({ problems: { count: 'too_few' } });
    expect(checkPoll({ ...draft, answers: Array.from({ length: 13 }, (_, i) => `A${i}`) })).toEqual({ problems: { count: 'too_many' } });
    for (const minutes of ['', '0', '1441', '1.5', 'ten']) {
      expect(checkPoll({ ...draft, duration: 'other', otherMinutes: minutes })).toEqual({ problems: { duration: 'not_minutes' } });
    }
  });

  it('edits a definition: quick choices as such, other lengths as minutes', () => {
    expect(draftOf({ ...definition, seconds: 600 })).toMatchObject({ duration: 10, otherMinutes: '' });
    expect(draftOf({ ...definition, seconds: 5400 })).toMatchObject({ duration: 'other', otherMinutes: '90' });
    expect(draftOf({ ...definition, anonymous: true })).toMatchObject({ duration: 'none', anonymous: true, topic: 'Lunch?', answers: ['Yes', 'No'] });
    expect(checkPoll(draftOf({ ...definition, seconds: 120, changeable: true }))).toEqual({ definition: { ...definition, seconds: 120, changeable: true } });
  });
});
