// Unit tests of the votes as the client keeps them: the snapshot, started, accepted, progress,
// ended, protocol_stored and problem_reported events; who may vote and who is missing; what was
// seen and what counts on the toolbar; which prepared vote was started; the result line; the
// receipts kept in storage; the form's checks against the node's rules; editing a definition;
// the reason for cancelling.
import { describe, expect, it } from 'vitest';
import type { Vote, VoteDefinition } from '../protocol/generated';
import {
  canEverVote,
  checkReason,
  checkVote,
  initialVotesState,
  isEligible,
  loadReceipts,
  markVotesSeen,
  MAX_KEPT_RECEIPTS,
  mayVote,
  missingVoters,
  newVoteDraft,
  RECEIPTS_KEY,
  receiptKey,
  saveReceipt,
  startedFrom,
  tallyLine,
  unseenVotes,
  voteDraftOf,
  votesReducer,
  withoutProblems,
  type VoteDraft,
  type VotesState,
} from './votes';

const definition: VoteDefinition = {
  topic: 'Adopt the budget?',
  options: ['Yes', 'No', 'Abstain'],
  kind: 'secret',
  live_results: false,
  voters: { everyone: true, roles: [], groups: [], participants: [] },
};

const bea = { participant_id: 'p2', display_name: 'Bea' };
const cem = { participant_id: 'p3', display_name: 'Cem' };

function vote(id: number, patch: Partial<Vote> = {}): Vote {
  return { id, definition, by: 'p9', state: 'running', started_at: 1_000 + id, voters: [bea, cem], voted: [], ...patch };
}

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('votesReducer', () => {
  it('takes the snapshot, oldest first, with the problem reports', () => {
    const problem = { vote_id: 1, at: 5, report: { voter: bea, problem: 'audio' as const } };
    const state = votesReducer(initialVotesState, { event: 'state', votes: [vote(2), vote(1)], problems: [problem] });
    expect(state.votes.map((v) => v.id)).toEqual([1, 2]);
    expect(state.problems).toEqual([problem]);
    // Votes of a snapshot are no news.
    expect(state.lastStarted).toBeNull();
    expect(withoutProblems(state).problems).toEqual([]);
    expect(withoutProblems(initialVotesState)).toBe(initialVotesState);
  });

  it('adds started votes, takes our ballot, follows progress, the end and the stored protocol', () => {
    let state: VotesState = votesReducer(initialVotesState, { event: 'started', vote: vote(1) });
    expect(state.lastStarted).toBe(1);
    state = votesReducer(state, { event: 'accepted', ballot: { vote_id: 1, choice: 0, receipt: 'R-1' } });
    expect(state.mine[1]).toEqual({ ballot: { vote_id: 1, choice: 0, receipt: 'R-1' }, startedAt: 1_001 });
    // A ballot of an unknown vote is ignored.
    expect(votesReducer(state, { event: 'accepted', ballot: { vote_id: 7, choice: 0 } })).toBe(state);
    state = votesReducer(state, { event: 'progress', vote_id: 1, voters: [bea, cem, { participant_id: 'p4', display_name: 'Dan' }], voted: ['p2'], tally: [1, 0, 0] });
    expect(state.votes[0]).toMatchObject({ voted: ['p2'], tally: [1, 0, 0] });
    expect(state.votes[0]?.voters).toHaveLength(3);
    // Progress without a tally (it is not live) carries none.
    state = votesReducer(state, { event: 'progress', vote_id: 1, voters: [bea, cem], voted: ['p2', 'p3'] });
    expect(state.votes[0]?.tally).toBeUndefined();
    expect(votesReducer(state, { event: 'progress', vote_id: 9, voters: [], voted: [] })).toBe(state);
    state = votesReducer(state, { event: 'ended', vote: vote(1, { state: 'closed', closed_at: 9_000, voted: ['p2', 'p3'], tally: [2, 0, 0] }), by: 'p9' });
    expect(state.votes[0]).toMatchObject({ state: 'closed', tally: [2, 0, 0] });
    expect(state.endedBy[1]).toBe('p9');
    // Late progress does not reopen an ended vote.
    expect(votesReducer(state, { event: 'progress', vote_id: 1, voters: [], voted: [] })).toBe(state);
    state = votesReducer(state, { event: 'protocol_stored', vote_id: 1, protocol_id: 'vp1' });
    expect(state.votes[0]?.protocol_id).toBe('vp1');
    expect(votesReducer(state, { event: 'protocol_stored', vote_id: 5, protocol_id: 'x' })).toBe(state);
  });

  it('keeps a stored protocol when the end comes after it, and knows when nobody ended a vote', () => {
    let state = votesReducer(initialVotesState, { event: 'started', vote: vote(1) });
    state = votesReducer(state, { event: 'protocol_stored', vote_id: 1, protocol_id: 'vp1' });
    state = votesReducer(state, { event: 'ended', vote: vote(1, { state: 'cancelled', cancel_reason: 'Wrong motion' }) });
    expect(state.votes[0]).toMatchObject({ state: 'cancelled', cancel_reason: 'Wrong motion', protocol_id: 'vp1' });
    expect(state.endedBy[1]).toBeUndefined();
  });

  it('keeps our ballots across a snapshot of the same conference only', () => {
    let state = votesReducer(initialVotesState, { event: 'started', vote: vote(1) });
    state = votesReducer(state, { event: 'accepted', ballot: { vote_id: 1, choice: 1 } });
    const same = votesReducer(state, { event: 'state', votes: [vote(1, { voted: ['p1'] })], problems: [] });
    expect(same.mine[1]?.ballot.choice).toBe(1);
    const another = votesReducer(state, { event: 'state', votes: [vote(1, { started_at: 99_999 })], problems: [] });
    expect(another.mine[1]).toBeUndefined();
  });

  it('collects problem reports', () => {
    const problem = { vote_id: 1, at: 5, report: { voter: bea, problem: 'other' as const, text: 'Frozen' } };
    const state = votesReducer(initialVotesState, { event: 'problem_reported', problem });
    expect(state.problems).toEqual([problem]);
  });
});

describe('who votes', () => {
  it('lets eligible people vote once while the vote runs', () => {
    const state = votesReducer(initialVotesState, { event: 'started', vote: vote(1) });
    const running = vote(1);
    expect(isEligible(running, 'p2')).toBe(true);
    expect(isEligible(running, 'p1')).toBe(false);
    expect(isEligible(running, null)).toBe(false);
    expect(mayVote(state, running, 'p2')).toBe(true);
    expect(mayVote(state, running, 'p1')).toBe(false);
    expect(mayVote(state, vote(1, { voted: ['p2'] }), 'p2')).toBe(false);
    expect(mayVote(state, vote(1, { state: 'closed' }), 'p2')).toBe(false);
    const accepted = votesReducer(state, { event: 'accepted', ballot: { vote_id: 1, choice: 0 } });
    expect(mayVote(accepted, running, 'p2')).toBe(false);
    expect(missingVoters(vote(1, { voted: ['p2'] }))).toEqual([cem]);
    expect(canEverVote({ roles: ['participant'] })).toBe(true);
    expect(canEverVote({ roles: ['guest'] })).toBe(false);
    expect(canEverVote({ roles: ['participant', 'recorder'] })).toBe(false);
  });

  it('counts running votes we may vote in and have not seen', () => {
    let state = votesReducer(initialVotesState, {
      event: 'state',
      votes: [vote(1), vote(2, { voters: [cem] }), vote(3, { state: 'closed' }), vote(4, { voted: ['p2'] })],
      problems: [],
    });
    expect(unseenVotes(state, 'p2')).toBe(1);
    expect(unseenVotes(state, 'p3')).toBe(3);
    state = markVotesSeen(state);
    expect(unseenVotes(state, 'p2')).toBe(0);
    expect(markVotesSeen(state)).toBe(state);
    state = votesReducer(state, { event: 'started', vote: vote(5) });
    expect(unseenVotes(state, 'p2')).toBe(1);
  });

  it('knows which prepared vote was started, and says the result in one line', () => {
    const votes = [vote(1, { prepared_id: 'x' }), vote(2)];
    expect(startedFrom(votes, { id: 'x' })?.id).toBe(1);
    expect(startedFrom(votes, { id: 'y' })).toBeUndefined();
    expect(tallyLine(['Yes', 'No', 'Abstain'], [3, 0])).toBe('Yes 3 · No 0 · Abstain 0');
  });
});

describe('receipts', () => {
  it('keeps receipts by room, start and number', () => {
    const storage = memory();
    const key = receiptKey('room-1', vote(1));
    expect(key).toBe('room-1:1001:1');
    expect(loadReceipts(storage)).toEqual({});
    saveReceipt(storage, key, 'R-1');
    saveReceipt(storage, 'room-1:2000:2', 'R-2');
    expect(loadReceipts(storage)).toEqual({ [key]: 'R-1', 'room-1:2000:2': 'R-2' });
    expect(JSON.parse(storage.data.get(RECEIPTS_KEY) ?? '')).toEqual({ [key]: 'R-1', 'room-1:2000:2': 'R-2' });
  });

  it('forgets the oldest beyond the limit, and survives broken or missing storage', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_KEPT_RECEIPTS }, (_, i) => [`r:${i}:1`, `R${i}`]));
    const storage = memory({ [RECEIPTS_KEY]: JSON.stringify(many) });
    saveReceipt(storage, 'r:new:1', 'NEW');
    const kept = loadReceipts(storage);
    expect(Object.keys(kept)).toHaveLength(MAX_KEPT_RECEIPTS);
    expect(kept['r:0:1']).toBeUndefined();
    expect(kept['r:new:1']).toBe('NEW');
    expect(loadReceipts(memory({ [RECEIPTS_KEY]: 'not json' }))).toEqual({});
    expect(loadReceipts(memory({ [RECEIPTS_KEY]: '["x"]' }))).toEqual({});
    expect(loadReceipts(memory({ [RECEIPTS_KEY]: '{"a":"R","b":3}' }))).toEqual({ a: 'R' });
    expect(loadReceipts(null)).toEqual({});
    const blocked = { getItem: () => null, setItem: () => { throw new Error('full'); } };
    expect(() => saveReceipt(blocked, 'k', 'R')).not.toThrow();
  });
});

describe('checkVote', () => {
  const draft: VoteDraft = { ...newVoteDraft(['Yes', 'No', 'Abstain']), topic: 'Adopt the budget?', kind: 'secret' };

  it('gives the definition with the texts as the node keeps them', () => {
    expect(checkVote(draft)).toEqual({ definition });
    expect(checkVote({ ...draft, topic: ' Adopt\r\n the budget? ', options: [' Yes', 'No\n'], kind: 'named', liveResults: true, duration: 5 })).toEqual({
      definition: { ...definition, topic: 'Adopt the budget?', options: ['Yes', 'No'], kind: 'named', live_results: true, seconds: 300 },
    });
    expect(checkVote({ ...draft, duration: 'other', otherMinutes: '90' })).toEqual({ definition: { ...definition, seconds: 5400 } });
  });

  it('takes one rule of who may vote', () => {
    const none = { everyone: false, roles: [], groups: [], participants: [] };
    expect(checkVote({ ...draft, voters: 'roles', roles: ['participant', 'moderator'] })).toEqual({
      definition: { ...definition, voters: { ...none, roles: ['moderator', 'participant'] } },
    });
    expect(checkVote({ ...draft, voters: 'groups', groups: ' Board, council ,Board,, ' })).toEqual({
      definition: { ...definition, voters: { ...none, groups: ['Board', 'council'] } },
    });
    expect(checkVote({ ...draft, voters: 'participants', participants: ['p2', 'p3', 'p2'] })).toEqual({
      definition: { ...definition, voters: { ...none, participants: ['p2', 'p3'] } },
    });
    expect(checkVote({ ...draft, voters: 'roles' })).toEqual({ problems: { voters: 'none' } });
    expect(checkVote({ ...draft, voters: 'groups', groups: ' , ' })).toEqual({ problems: { voters: 'none' } });
    expect(checkVote({ ...draft, voters: 'participants' })).toEqual({ problems: { voters: 'none' } });
  });

  it('finds every problem, field by field', () => {
    expect(checkVote({ ...draft, topic: ' ', options: ['Yes', '', 'yes', 'x'.repeat(101)], duration: 'other', otherMinutes: '0' })).toEqual({
      problems: { topic: 'empty', options: { 1: 'empty', 2: 'duplicate', 3: 'too_long' }, duration: 'not_minutes' },
    });
    expect(checkVote({ ...draft, topic: 'x'.repeat(301) })).toEqual({ problems: { topic: 'too_long' } });
    expect(checkVote({ ...draft, options: ['Yes'] })).toEqual({ problems: { count: 'too_few' } });
    expect(checkVote({ ...draft, options: Array.from({ length: 13 }, (_, i) => `O${i}`) })).toEqual({ problems: { count: 'too_many' } });
  });

  it('edits a definition with the rule that says something', () => {
    expect(voteDraftOf({ ...definition, seconds: 600 })).toMatchObject({ voters: 'everyone', duration: 10, otherMinutes: '', kind: 'secret' });
    expect(voteDraftOf({ ...definition, seconds: 5400, voters: { everyone: false, roles: [], groups: ['A', 'B'], participants: [] } })).toMatchObject({
      voters: 'groups',
      groups: 'A, B',
      duration: 'other',
      otherMinutes: '90',
    });
    expect(voteDraftOf({ ...definition, voters: { everyone: false, roles: ['moderator'], groups: [], participants: [] } }).voters).toBe('roles');
    expect(voteDraftOf({ ...definition, voters: { everyone: false, roles: [], groups: [], participants: ['p2'] } }).voters).toBe('participants');
    const draftBack = voteDraftOf(definition);
    expect(checkVote(draftBack)).toEqual({ definition });
  });

  it('asks for a reason of 1 to 300 characters to cancel', () => {
    expect(checkReason('  Wrong\nmotion ')).toEqual({ reason: 'Wrong motion' });
    expect(checkReason('  ')).toEqual({ problem: 'empty' });
    expect(checkReason('x'.repeat(301))).toEqual({ problem: 'too_long' });
  });
});
