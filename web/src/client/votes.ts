// The meeting's binding votes as the client keeps them: a pure reducer over the node's `votes`
// events (the votes with what the viewer may see of their tallies, the viewer's own ballots with
// their receipts, the problem reports moderators receive, who ended a vote, the last vote that
// started while we were here, and which votes were seen with the Votes panel open); who may vote
// in a vote and who has not voted yet; what to count on the toolbar; the result as one line; the
// receipts kept in this browser (a map in storage, by room, conference start and vote); and the
// node's rules for a vote's definition (the form's checks: the motion and the options as for
// polls, one rule for who may vote, the duration as the form offers it). It sends nothing and
// touches no DOM: roomStore.ts holds the state and the Meeting sends the commands.
import type {
  Eligibility,
  OwnBallot,
  Participant,
  ParticipantId,
  PreparedVote,
  Role,
  RoomId,
  Vote,
  VoteDefinition,
  VoteKind,
  VoteProblem,
  VotesEvent,
} from '../protocol/generated';
import { checkChoices, cleanPollText, durationDraft, durationSeconds, MAX_TOPIC_CHARS, textLength, type ChoiceProblem, type PollDraft } from './polls';

/** Longest reason for cancelling a vote, and longest text of a problem report (characters). */
export const MAX_REASON_CHARS = 300;
export const MAX_PROBLEM_TEXT_CHARS = 500;
/** Most prepared votes a meeting keeps (as for polls). */
export const MAX_PREPARED_VOTES = 50;
/** The roles a vote may be limited to (guests and recorders never vote). */
export const VOTER_ROLES = ['owner', 'moderator', 'podium', 'interpreter', 'participant'] as const satisfies readonly Role[];

export interface VotesState {
  /** The meeting's votes, oldest first. */
  votes: readonly Vote[];
  /** Problem reports (moderators only), oldest first. */
  problems: readonly VoteProblem[];
  /** The viewer's ballots taken while we were here, by vote id, with the vote's start. */
  mine: Readonly<Record<number, { ballot: OwnBallot; startedAt: number }>>;
  /** Who closed or cancelled a vote, by vote id (absent: its time ran out or the meeting ended). */
  endedBy: Readonly<Record<number, ParticipantId>>;
  /** The last vote that started while we were here (not one of a snapshot). */
  lastStarted: number | null;
  /** Votes up to this id were seen with the Votes panel open. */
  seen: number;
}

export const initialVotesState: VotesState = { votes: [], problems: [], mine: {}, endedBy: {}, lastStarted: null, seen: 0 };

/** The list with `vote` in place of the one with its id, or added in id order. */
function withVote(votes: readonly Vote[], vote: Vote): readonly Vote[] {
  const index = votes.findIndex((v) => v.id === vote.id);
  if (index === -1) return [...votes, vote].sort((a, b) => a.id - b.id);
  const next = [...votes];
  next[index] = vote;
  return next;
}

/** Our ballots that belong to these votes (not to an earlier conference's vote of the same number). */
function mineOf(mine: VotesState['mine'], votes: readonly Vote[]): VotesState['mine'] {
  const kept: Record<number, { ballot: OwnBallot; startedAt: number }> = {};
  for (const [id, entry] of Object.entries(mine)) {
    if (votes.some((v) => v.id === Number(id) && v.started_at === entry.startedAt)) kept[Number(id)] = entry;
  }
  return kept;
}

export function votesReducer(state: VotesState, event: VotesEvent): VotesState {
  switch (event.event) {
    case 'state': {
      const votes = [...event.votes].sort((a, b) => a.id - b.id);
      return { ...state, votes, problems: event.problems, mine: mineOf(state.mine, votes) };
    }
    case 'started': {
      const { [event.vote.id]: _earlier, ...mine } = state.mine;
      return { ...state, votes: withVote(state.votes, event.vote), mine, lastStarted: event.vote.id };
    }
    case 'accepted': {
      const vote = state.votes.find((v) => v.id === event.ballot.vote_id);
      if (vote === undefined) return state;
      return { ...state, mine: { ...state.mine, [vote.id]: { ballot: event.ballot, startedAt: vote.started_at } } };
    }
    case 'progress': {
      const vote = state.votes.find((v) => v.id === event.vote_id);
      if (vote === undefined || !isRunning(vote)) return state;
      const { tally: _tally, ballots: _ballots, ...rest } = vote;
      const next: Vote = { ...rest, voters: event.voters, voted: event.voted };
      if (event.tally !== undefined) next.tally = event.tally;
      if (event.ballots !== undefined) next.ballots = event.ballots;
      return { ...state, votes: withVote(state.votes, next) };
    }
    case 'ended': {
      const { [event.vote.id]: _by, ...others } = state.endedBy;
      const endedBy: Record<number, ParticipantId> = event.by === undefined ? others : { ...others, [event.vote.id]: event.by };
      const known = state.votes.find((v) => v.id === event.vote.id)?.protocol_id;
      const vote = known !== undefined && event.vote.protocol_id === undefined ? { ...event.vote, protocol_id: known } : event.vote;
      return { ...state, votes: withVote(state.votes, vote), endedBy };
    }
    case 'protocol_stored': {
      const vote = state.votes.find((v) => v.id === event.vote_id);
      if (vote === undefined) return state;
      return { ...state, votes: withVote(state.votes, { ...vote, protocol_id: event.protocol_id }) };
    }
    case 'problem_reported':
      return { ...state, problems: [...state.problems, event.problem] };
  }
}

/** Everything so far was seen with the Votes panel open (the same state when nothing changes). */
export function markVotesSeen(state: VotesState): VotesState {
  const latest = state.votes.reduce((max, v) => Math.max(max, v.id), 0);
  return latest <= state.seen ? state : { ...state, seen: latest };
}

/** Drops what only moderators receive (after losing the chair). */
export function withoutProblems(state: VotesState): VotesState {
  return state.problems.length === 0 ? state : { ...state, problems: [] };
}

export function isRunning(vote: Pick<Vote, 'state'>): boolean {
  return vote.state === 'running';
}

/** Whether `participantId` is among the vote's eligible voters. */
export function isEligible(vote: Pick<Vote, 'voters'>, participantId: ParticipantId | null | undefined): boolean {
  return participantId != null && vote.voters.some((v) => v.participant_id === participantId);
}

/** Whether `participantId` has voted in the vote. */
export function hasVoted(vote: Pick<Vote, 'voted'>, participantId: ParticipantId | null | undefined): boolean {
  return participantId != null && vote.voted.includes(participantId);
}

/** Whether the viewer may cast a ballot now: the vote runs, they are eligible and have not voted. */
export function mayVote(state: Pick<VotesState, 'mine'>, vote: Vote, selfId: ParticipantId | null | undefined): boolean {
  return isRunning(vote) && isEligible(vote, selfId) && !hasVoted(vote, selfId) && state.mine[vote.id] === undefined;
}

/** Eligible voters who have not voted yet, in the vote's order. */
export function missingVoters(vote: Pick<Vote, 'voters' | 'voted'>): Vote['voters'] {
  return vote.voters.filter((v) => !vote.voted.includes(v.participant_id));
}

/** Running votes the viewer may vote in and has not seen (the toolbar's badge). */
export function unseenVotes(state: VotesState, selfId: ParticipantId | null | undefined): number {
  return state.votes.filter((v) => v.id > state.seen && mayVote(state, v, selfId)).length;
}

/** The vote of this meeting started from a prepared vote, if one was. */
export function startedFrom(votes: readonly Vote[], prepared: Pick<PreparedVote, 'id'>): Vote | undefined {
  return votes.find((v) => v.prepared_id === prepared.id);
}

/** The result as one line, option by option: "Yes 3 · No 0 · Abstain 0". */
export function tallyLine(options: readonly string[], counts: readonly number[]): string {
  return options.map((option, i) => `${option} ${counts[i] ?? 0}`).join(' · ');
}

/** Whether a participant can ever vote (guests and recorders never do). */
export function canEverVote(participant: Pick<Participant, 'roles'>): boolean {
  return !participant.roles.includes('guest') && !participant.roles.includes('recorder');
}

// ---- receipts kept in this browser ------------------------------------------------------------

/** Where the receipts of secret votes are kept: a JSON map from `receiptKey` to the receipt. */
export const RECEIPTS_KEY = 'plenum.voteReceipts';
/** How many receipts are kept (the oldest are forgotten first). */
export const MAX_KEPT_RECEIPTS = 200;

export type ReceiptStorage = Pick<Storage, 'getItem' | 'setItem'> | null | undefined;

/** A vote's key among the kept receipts: room, when it started, its number. */
export function receiptKey(roomId: RoomId, vote: Pick<Vote, 'id' | 'started_at'>): string {
  return `${roomId}:${vote.started_at}:${vote.id}`;
}

/** The kept receipts (an empty map when there are none or the storage cannot be read). */
export function loadReceipts(storage: ReceiptStorage): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(RECEIPTS_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

/** Keeps a receipt (the newest last; the oldest dropped beyond the limit); a blocked storage forgets. */
export function saveReceipt(storage: ReceiptStorage, key: string, receipt: string): void {
  const kept = loadReceipts(storage);
  if (kept[key] === receipt) return;
  delete kept[key];
  kept[key] = receipt;
  const entries = Object.entries(kept).slice(-MAX_KEPT_RECEIPTS);
  try {
    storage?.setItem(RECEIPTS_KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // A full or blocked storage: the receipt is only shown, not kept.
  }
}

// ---- the form's checks -------------------------------------------------------------------------

/** Who may vote, as the form asks: one rule. */
export type VotersChoice = 'everyone' | 'roles' | 'groups' | 'participants';

/** What the form asks for, before checking. */
export interface VoteDraft {
  topic: string;
  options: readonly string[];
  kind: VoteKind;
  liveResults: boolean;
  voters: VotersChoice;
  roles: readonly Role[];
  /** The groups as typed, separated by commas. */
  groups: string;
  participants: readonly ParticipantId[];
  duration: PollDraft['duration'];
  otherMinutes: string;
}

/** What is wrong with a draft, field by field. */
export interface VoteDraftProblems {
  topic?: 'empty' | 'too_long';
  options?: Readonly<Record<number, ChoiceProblem>>;
  count?: 'too_few' | 'too_many';
  /** No role, group or person chosen for the rule picked. */
  voters?: 'none';
  duration?: 'not_minutes';
}

/** The groups as typed: split at commas, trimmed, without repeats, in order. */
export function parseVoterGroups(text: string): string[] {
  const groups: string[] = [];
  for (const part of text.split(',')) {
    const group = cleanPollText(part).replace(/\s+/g, ' ');
    if (group !== '' && !groups.includes(group)) groups.push(group);
  }
  return groups;
}

function eligibility(draft: VoteDraft): Eligibility | null {
  const none: Eligibility = { everyone: false, roles: [], groups: [], participants: [] };
  switch (draft.voters) {
    case 'everyone':
      return { ...none, everyone: true };
    case 'roles': {
      const roles = VOTER_ROLES.filter((r) => draft.roles.includes(r));
      return roles.length === 0 ? null : { ...none, roles };
    }
    case 'groups': {
      const groups = parseVoterGroups(draft.groups);
      return groups.length === 0 ? null : { ...none, groups };
    }
    case 'participants': {
      const participants = [...new Set(draft.participants)];
      return participants.length === 0 ? null : { ...none, participants };
    }
  }
}

/** The definition to send (texts cleaned), or what is wrong with the draft. */
export function checkVote(draft: VoteDraft): { definition: VoteDefinition } | { problems: VoteDraftProblems } {
  const problems: VoteDraftProblems = {};
  const topic = cleanPollText(draft.topic);
  if (topic === '') problems.topic = 'empty';
  else if (textLength(topic) > MAX_TOPIC_CHARS) problems.topic = 'too_long';
  const { cleaned: options, wrong, count } = checkChoices(draft.options);
  if (count !== undefined) problems.count = count;
  if (Object.keys(wrong).length > 0) problems.options = wrong;
  const voters = eligibility(draft);
  if (voters === null) problems.voters = 'none';
  const duration = durationSeconds(draft);
  if ('problem' in duration) problems.duration = duration.problem;
  if (voters === null || 'problem' in duration || Object.keys(problems).length > 0) return { problems };
  const definition: VoteDefinition = { topic, options, kind: draft.kind, live_results: draft.liveResults, voters };
  if (duration.seconds !== null) definition.seconds = duration.seconds;
  return { definition };
}

/** A new vote's draft: Yes, No, Abstain (in the caller's words), named, everyone with an account. */
export function newVoteDraft(options: readonly string[]): VoteDraft {
  return {
    topic: '',
    options,
    kind: 'named',
    liveResults: false,
    voters: 'everyone',
    roles: [],
    groups: '',
    participants: [],
    duration: 'none',
    otherMinutes: '',
  };
}

/** The draft that edits a definition (the first rule of who may vote that says something). */
export function voteDraftOf(definition: VoteDefinition): VoteDraft {
  const { voters } = definition;
  const choice: VotersChoice = voters.everyone
    ? 'everyone'
    : voters.roles.length > 0
      ? 'roles'
      : voters.groups.length > 0
        ? 'groups'
        : voters.participants.length > 0
          ? 'participants'
          : 'everyone';
  return {
    topic: definition.topic,
    options: definition.options,
    kind: definition.kind,
    liveResults: definition.live_results,
    voters: choice,
    roles: voters.roles,
    groups: voters.groups.join(', '),
    participants: voters.participants,
    ...durationDraft(definition.seconds),
  };
}

/** Whether a reason for cancelling is acceptable: 1–300 characters once cleaned. */
export function checkReason(text: string): { reason: string } | { problem: 'empty' | 'too_long' } {
  const reason = cleanPollText(text);
  if (reason === '') return { problem: 'empty' };
  if (textLength(reason) > MAX_REASON_CHARS) return { problem: 'too_long' };
  return { reason };
}
