// The meeting's polls as the client keeps them: a pure reducer over the node's `polls` events
// (the polls with what the viewer may see of their results, the viewer's own answers, the last
// poll that started while we were here, and which polls were seen with the Polls panel open),
// who may answer a poll, what to count on the toolbar, and the node's rules for a poll's
// definition (the form's checks: texts on one line and trimmed, 1–300 characters for the
// question, 2–12 answers of 1–100 characters, no two alike, 1 minute to 24 hours as the form
// offers) and for starting one (at most 5 running, 50 per meeting). It sends nothing and
// touches no DOM: roomStore.ts holds the state and the Meeting sends the commands.
import type { Participant, Poll, PollBallot, PollDefinition, PollsEvent, PreparedPoll } from '../protocol/generated';
import { hasRole } from './roles';

/** Longest question, in characters (Unicode code points), as the node counts them. */
export const MAX_TOPIC_CHARS = 300;
/** Longest answer, in characters. */
export const MAX_ANSWER_CHARS = 100;
/** Fewest and most answers a poll offers. */
export const MIN_ANSWERS = 2;
export const MAX_ANSWERS = 12;
/** The longest duration the node accepts (24 hours), in whole minutes as the form asks. */
export const MAX_POLL_MINUTES = 1_440;
/** Most polls running at once, and most polls in one meeting. */
export const MAX_RUNNING_POLLS = 5;
export const MAX_POLLS = 50;
/** Quick choices offered for a poll's duration, in minutes. */
export const DURATION_CHOICES: readonly number[] = [1, 2, 5, 10];

export interface PollsState {
  /** The meeting's polls, oldest first, each with the results the viewer may see. */
  polls: readonly Poll[];
  /** The viewer's answers, by poll id. */
  mine: Readonly<Record<number, readonly number[]>>;
  /** The last poll that started while we were here (not one of a snapshot). */
  lastStarted: number | null;
  /** Polls up to this id were seen with the Polls panel open. */
  seen: number;
}

export const initialPollsState: PollsState = { polls: [], mine: {}, lastStarted: null, seen: 0 };

function ballots(list: readonly PollBallot[]): PollsState['mine'] {
  const mine: Record<number, readonly number[]> = {};
  for (const ballot of list) mine[ballot.poll_id] = ballot.choices;
  return mine;
}

/** The list with `poll` in place of the one with its id, or added in id order. */
function withPoll(polls: readonly Poll[], poll: Poll): readonly Poll[] {
  const index = polls.findIndex((p) => p.id === poll.id);
  if (index === -1) return [...polls, poll].sort((a, b) => a.id - b.id);
  const next = [...polls];
  next[index] = poll;
  return next;
}

export function pollsReducer(state: PollsState, event: PollsEvent): PollsState {
  switch (event.event) {
    case 'state':
      return { ...state, polls: [...event.polls].sort((a, b) => a.id - b.id), mine: ballots(event.mine) };
    case 'started':
      return { ...state, polls: withPoll(state.polls, event.poll), lastStarted: event.poll.id };
    case 'voted':
      return { ...state, mine: { ...state.mine, [event.ballot.poll_id]: event.ballot.choices } };
    case 'progress': {
      const poll = state.polls.find((p) => p.id === event.poll_id);
      if (poll === undefined || poll.closed_at !== undefined) return state;
      const { results: _old, ...rest } = poll;
      const next: Poll = event.results === undefined ? rest : { ...rest, results: event.results };
      return { ...state, polls: withPoll(state.polls, { ...next, voted: event.voted, eligible: event.eligible }) };
    }
    case 'closed':
      return { ...state, polls: withPoll(state.polls, event.poll) };
  }
}

/** Everything so far was seen with the Polls panel open (the same state when nothing changes). */
export function markPollsSeen(state: PollsState): PollsState {
  const latest = state.polls.reduce((max, p) => Math.max(max, p.id), 0);
  return latest <= state.seen ? state : { ...state, seen: latest };
}

export function isRunning(poll: Pick<Poll, 'closed_at'>): boolean {
  return poll.closed_at === undefined;
}

/** Why someone may not answer a poll, or null when they may. */
export type AnswerBar = 'recorder' | 'guests_excluded';

/** Whether `participant` may answer a poll defined as `definition` (as the node decides). */
export function answerBar(participant: Pick<Participant, 'roles'> | undefined, definition: Pick<PollDefinition, 'guests_excluded'>): AnswerBar | null {
  if (participant === undefined) return null;
  if (hasRole(participant, 'recorder')) return 'recorder';
  if (definition.guests_excluded && hasRole(participant, 'guest')) return 'guests_excluded';
  return null;
}

/** Running polls the viewer may answer, has not answered and has not seen (the toolbar's badge). */
export function unseenPolls(state: PollsState, self: Pick<Participant, 'roles'> | undefined): number {
  const unseen = state.polls.filter((p) => p.id > state.seen && isRunning(p) && state.mine[p.id] === undefined);
  return unseen.filter((p) => answerBar(self, p.definition) === null).length;
}

/** The poll of this meeting started from a prepared poll, if one was. */
export function startedFrom(polls: readonly Poll[], prepared: Pick<PreparedPoll, 'id'>): Poll | undefined {
  return polls.find((p) => p.prepared_id === prepared.id);
}

/** The part of the whole, from 0 to 1 (0 when nobody answered). */
export function share(part: number, whole: number): number {
  return whole <= 0 ? 0 : part / whole;
}

// ---- the form's checks -------------------------------------------------------------------------

/** Control characters (the node drops them from a question and its answers). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

/**
 * A text as it is sent: line breaks and other control characters become spaces (the node would
 * drop them, joining the words), trimmed. The node keeps such a text as it is. (Votes check
 * their texts the same way.)
 */
export function cleanPollText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(CONTROL, ' ').trim();
}

/** A text's length as the node counts it (Unicode code points). */
export function textLength(text: string): number {
  return Array.from(text).length;
}

/** What the form asks for, before checking. */
export interface PollDraft {
  topic: string;
  answers: readonly string[];
  multiple: boolean;
  anonymous: boolean;
  liveResults: boolean;
  changeable: boolean;
  guestsExcluded: boolean;
  /** The duration chosen: none, minutes of a quick choice, or `other`. */
  duration: 'none' | 'other' | number;
  /** The minutes typed for `other`. */
  otherMinutes: string;
}

/** What is wrong with a draft, field by field. */
export interface PollProblems {
  topic?: 'empty' | 'too_long';
  /** Per answer (by index): what is wrong with it. */
  answers?: Readonly<Record<number, ChoiceProblem>>;
  /** The number of answers. */
  count?: 'too_few' | 'too_many';
  duration?: 'not_minutes';
}

/** What is wrong with one answer (or a vote's option). */
export type ChoiceProblem = 'empty' | 'too_long' | 'duplicate';

/**
 * A list of answers (or a vote's options) as it is sent, what is wrong with each, and with their
 * number: 2 to 12, each 1 to 100 characters, no two alike ignoring case.
 */
export function checkChoices(list: readonly string[]): {
  cleaned: string[];
  wrong: Record<number, ChoiceProblem>;
  count?: 'too_few' | 'too_many';
} {
  const cleaned = list.map(cleanPollText);
  const wrong: Record<number, ChoiceProblem> = {};
  const seen = new Set<string>();
  cleaned.forEach((choice, i) => {
    const key = choice.toLowerCase();
    if (choice === '') wrong[i] = 'empty';
    else if (textLength(choice) > MAX_ANSWER_CHARS) wrong[i] = 'too_long';
    else if (seen.has(key)) wrong[i] = 'duplicate';
    seen.add(key);
  });
  if (list.length < MIN_ANSWERS) return { cleaned, wrong, count: 'too_few' };
  if (list.length > MAX_ANSWERS) return { cleaned, wrong, count: 'too_many' };
  return { cleaned, wrong };
}

/** The seconds of a duration in whole minutes (1 to 1,440), null for none, or a problem. */
export function durationSeconds(draft: Pick<PollDraft, 'duration' | 'otherMinutes'>): { seconds: number | null } | { problem: 'not_minutes' } {
  if (draft.duration === 'none') return { seconds: null };
  if (typeof draft.duration === 'number') return { seconds: draft.duration * 60 };
  const text = draft.otherMinutes.trim();
  if (!/^\d{1,5}$/.test(text)) return { problem: 'not_minutes' };
  const minutes = Number(text);
  if (minutes < 1 || minutes > MAX_POLL_MINUTES) return { problem: 'not_minutes' };
  return { seconds: minutes * 60 };
}

/** The definition to send (texts cleaned), or what is wrong with the draft. */
export function checkPoll(draft: PollDraft): { definition: PollDefinition } | { problems: PollProblems } {
  const problems: PollProblems = {};
  const topic = cleanPollText(draft.topic);
  if (topic === '') problems.topic = 'empty';
  else if (textLength(topic) > MAX_TOPIC_CHARS) problems.topic = 'too_long';
  const { cleaned: answers, wrong, count } = checkChoices(draft.answers);
  if (count !== undefined) problems.count = count;
  if (Object.keys(wrong).length > 0) problems.answers = wrong;
  const duration = durationSeconds(draft);
  if ('problem' in duration) return { problems: { ...problems, duration: duration.problem } };
  if (Object.keys(problems).length > 0) return { problems };
  const definition: PollDefinition = {
    topic,
    answers,
    multiple: draft.multiple,
    anonymous: draft.anonymous,
    live_results: draft.liveResults,
    changeable: draft.changeable,
    guests_excluded: draft.guestsExcluded,
  };
  if (duration.seconds !== null) definition.seconds = duration.seconds;
  return { definition };
}

/** The draft that edits a definition (a duration that is no quick choice as other minutes). */
export function draftOf(definition: PollDefinition): PollDraft {
  return {
    topic: definition.topic,
    answers: definition.answers,
    multiple: definition.multiple,
    anonymous: definition.anonymous,
    liveResults: definition.live_results,
    changeable: definition.changeable,
    guestsExcluded: definition.guests_excluded,
    ...durationDraft(definition.seconds),
  };
}

/** A duration as the form shows it: a quick choice, or other minutes, or none. */
export function durationDraft(seconds: number | undefined): Pick<PollDraft, 'duration' | 'otherMinutes'> {
  const minutes = seconds === undefined ? null : Math.max(1, Math.round(seconds / 60));
  const quick = minutes !== null && DURATION_CHOICES.includes(minutes) && seconds === minutes * 60;
  return {
    duration: minutes === null ? 'none' : quick ? minutes : 'other',
    otherMinutes: minutes === null || quick ? '' : String(minutes),
  };
}

/** Why no further poll can start now, or null. */
export function startBlocker(polls: readonly Poll[]): 'too_many_running' | 'too_many_polls' | null {
  if (polls.length >= MAX_POLLS) return 'too_many_polls';
  if (polls.filter(isRunning).length >= MAX_RUNNING_POLLS) return 'too_many_running';
  return null;
}
