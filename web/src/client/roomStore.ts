// Room state: a pure reducer over the node's events (control, moderation, floor, chat, timer,
// polls, breakout, votes, error) and the signaling status, and a tiny external store around it that React reads with
// useSyncExternalStore. It holds who is in the room (in the node's order), who we are, whether
// we wait for admission, the conference clock, the policy, the waiting room (for chairs), the
// raised hands, the current turn and speaking times, the chat (client/chat.ts, with what was
// read and seen), the timer and the coffee break (client/timer.ts), the polls (client/polls.ts,
// with what was seen), the breakout rooms (client/breakout.ts: the session, everyone's place,
// their notices), the binding votes (client/votes.ts, with our ballots, what was seen and, for
// chairs, the problem reports), notices addressed to us,
// the connection status, the last error and the last presence change (for polite
// announcements). It does not send anything and touches no DOM.
import type {
  ErrorCode,
  FloorEvent,
  Hand,
  ModerationEvent,
  Participant,
  ParticipantId,
  RoomId,
  RoomPolicy,
  ServerEnvelope,
  SpeakingTime,
  Turn,
  WaitingPerson,
  WaitingRoom,
} from '../protocol/generated';
import { breakoutReducer, dismissBreakoutNotice, initialBreakoutState, type BreakoutState } from './breakout';
import { chatReducer, initialChatState, markRead, markSeen, type ChatState, type ConversationKey } from './chat';
import { initialPollsState, markPollsSeen, pollsReducer, type PollsState } from './polls';
import { isChair } from './roles';
import { initialTimerState, timerReducer, type TimerState } from './timer';
import { initialVotesState, markVotesSeen, votesReducer, withoutProblems, type VotesState } from './votes';
import type { EndReason, SignalingStatus } from './signaling';

export interface PresenceChange {
  /** Increases with every change, so a UI can tell two equal messages apart. */
  seq: number;
  kind: 'joined' | 'left';
  participantId: ParticipantId;
  displayName: string;
  /** When it happened (node clock, ms since the epoch). */
  at: number;
}

export interface RoomError {
  id: number | undefined;
  code: ErrorCode | 'media_failed';
  message: string;
}

/**
 * Something addressed to us that the UI shows until it is dismissed:
 * - `muted`, `video_stopped`: a moderator switched our microphone or camera off;
 * - `unmute_requested`: a moderator asks us to switch the microphone on;
 * - `microphone_restricted`: we may not switch the microphone on now (plenary mode);
 * - `time_up`: our speaking time is up;
 * - `screen_share_stopped`: a moderator stopped our screen share;
 * - `screen_share_restricted`: only moderators and podium guests may share now;
 * - `screen_share_failed`: the browser could not share the screen;
 * - `microphone_blocked`, `camera_blocked`: the browser does not let us use the device;
 * - `poll_started`: a moderator started a poll we may answer while another side panel was open;
 * - `vote_started`: a moderator started a vote we may vote in while another side panel was open;
 * - `vote_problem`: (chairs) a voter reports a problem with a running vote;
 * - `moved`: we were in the room, and a fresh `joined` (not a resume) took us in again: the room
 *   continued on another node (see signaling.ts), so the clock, polls, votes, timers and the chat
 *   from before are gone.
 */
export type NoticeKind =
  | 'muted'
  | 'unmute_requested'
  | 'video_stopped'
  | 'microphone_restricted'
  | 'time_up'
  | 'screen_share_stopped'
  | 'screen_share_restricted'
  | 'screen_share_failed'
  | 'microphone_blocked'
  | 'camera_blocked'
  | 'poll_started'
  | 'vote_started'
  | 'vote_problem'
  | 'moved';

export interface RoomNotice {
  id: number;
  kind: NoticeKind;
  /** The moderator who caused it, if one did. */
  by?: ParticipantId;
}

export interface RoomState {
  status: SignalingStatus;
  endReason: EndReason | null;
  roomId: RoomId | null;
  selfId: ParticipantId | null;
  /** We are in the waiting room: nothing about the meeting is known until `joined`. */
  waiting: boolean;
  /** Everyone in the room, self included, in the node's order. */
  participants: readonly Participant[];
  /** Every name seen in this stay (also of people who left or wait), by participant id. */
  names: Readonly<Record<ParticipantId, string>>;
  /** When the conference began (node clock, ms since the epoch). */
  startedAt: number | null;
  plannedEnd: number | null;
  /** Node clock minus our clock, measured at `joined`/`waiting` (ms). */
  clockOffset: number;
  policy: RoomPolicy | null;
  /**
   * The waiting-room setting to use when a chair switches the waiting room on: the last one
   * that was not `off` (`everyone` until one is seen).
   */
  preferredWaitingRoom: Exclude<WaitingRoom, 'off'>;
  allowedMicrophones: readonly ParticipantId[];
  /** People waiting for admission (chairs only), in order of arrival. */
  waitingList: readonly WaitingPerson[];
  /** Raised hands in queue order: points of order first. */
  hands: readonly Hand[];
  turn: Turn | null;
  turnLimitSeconds: number | null;
  /** The speaker of the current turn whose time ran out, until the turn changes. */
  timeUp: ParticipantId | null;
  /** Speaking times by participant (chairs only). */
  speaking: Readonly<Record<ParticipantId, SpeakingTime>>;
  notices: readonly RoomNotice[];
  /** The chat: messages, the switch, what was read and seen. */
  chat: ChatState;
  /** The timer (with "time is up" and the ready marks) and the coffee break. */
  timer: TimerState;
  /** The polls, our answers, and what was seen with the Polls panel open. */
  polls: PollsState;
  /** The open breakout rooms, everyone's place and the notices about them. */
  breakout: BreakoutState;
  /** The binding votes, our ballots, what was seen, and (chairs) the problem reports. */
  votes: VotesState;
  /** The meeting was ended with a debrief and we stay as a chair. */
  debrief: boolean;
  lastError: RoomError | null;
  presence: PresenceChange | null;
}

export type RoomAction =
  | { type: 'server'; envelope: ServerEnvelope; /** Our clock when it arrived (ms). */ receivedAt?: number }
  | { type: 'status'; status: SignalingStatus; reason: EndReason | null }
  | { type: 'error'; error: RoomError }
  | { type: 'notice'; kind: NoticeKind; by?: ParticipantId }
  | { type: 'dismiss_notice'; id: number }
  /** A chat conversation was shown: its messages are read. */
  | { type: 'chat_read'; key: ConversationKey }
  /** The chat panel is open: what arrived so far is seen (the toolbar's count). */
  | { type: 'chat_seen' }
  /** The Polls panel is open: the polls so far are seen (the toolbar's count). */
  | { type: 'polls_seen' }
  /** A notice about the breakout rooms was dismissed. */
  | { type: 'breakout_dismiss'; id: number }
  /** The Votes panel is open: the votes so far are seen (the toolbar's count). */
  | { type: 'votes_seen' };

export const initialRoomState: RoomState = {
  status: 'idle',
  endReason: null,
  roomId: null,
  selfId: null,
  waiting: false,
  participants: [],
  names: {},
  startedAt: null,
  plannedEnd: null,
  clockOffset: 0,
  policy: null,
  preferredWaitingRoom: 'everyone',
  allowedMicrophones: [],
  waitingList: [],
  hands: [],
  turn: null,
  turnLimitSeconds: null,
  timeUp: null,
  speaking: {},
  notices: [],
  chat: initialChatState,
  timer: initialTimerState,
  polls: initialPollsState,
  breakout: initialBreakoutState,
  votes: initialVotesState,
  debrief: false,
  lastError: null,
  presence: null,
};

/** Our own participant, once joined. */
export function selfOf(state: Pick<RoomState, 'participants' | 'selfId'>): Participant | undefined {
  return state.participants.find((p) => p.id === state.selfId);
}

/** Whether we are an owner or moderator of the room. */
export function selfIsChair(state: Pick<RoomState, 'participants' | 'selfId'>): boolean {
  return isChair(selfOf(state));
}

function upsert(list: readonly Participant[], participant: Participant): readonly Participant[] {
  const index = list.findIndex((p) => p.id === participant.id);
  if (index === -1) return [...list, participant];
  const next = [...list];
  next[index] = participant;
  return next;
}

function withNames(names: RoomState['names'], people: readonly { id: ParticipantId; display_name: string }[]): RoomState['names'] {
  if (people.every((p) => names[p.id] === p.display_name)) return names;
  const next = { ...names };
  for (const p of people) next[p.id] = p.display_name;
  return next;
}

function presence(state: RoomState, kind: PresenceChange['kind'], p: Pick<Participant, 'id' | 'display_name'>, at: number): PresenceChange {
  return { seq: (state.presence?.seq ?? 0) + 1, kind, participantId: p.id, displayName: p.display_name, at };
}

function withNotice(state: RoomState, kind: NoticeKind, by?: ParticipantId): RoomState {
  const id = Math.max(0, ...state.notices.map((n) => n.id)) + 1;
  const notice: RoomNotice = by === undefined ? { id, kind } : { id, kind, by };
  // One notice of a kind at a time: the newest replaces an older one.
  return { ...state, notices: [...state.notices.filter((n) => n.kind !== kind), notice] };
}

function withPolicy(state: RoomState, policy: RoomPolicy): RoomState {
  const preferredWaitingRoom = policy.waiting_room === 'off' ? state.preferredWaitingRoom : policy.waiting_room;
  return { ...state, policy, preferredWaitingRoom };
}

/** Drops what only chairs receive (after losing the chair). */
function withoutChairData(state: RoomState): RoomState {
  const votes = withoutProblems(state.votes);
  if (state.waitingList.length === 0 && Object.keys(state.speaking).length === 0 && votes === state.votes) return state;
  return { ...state, waitingList: [], speaking: {}, votes };
}

function onModeration(state: RoomState, event: ModerationEvent): RoomState {
  switch (event.event) {
    case 'state':
      return {
        ...withPolicy(state, event.policy),
        allowedMicrophones: event.allowed_microphones,
        waitingList: event.waiting,
        names: withNames(state.names, event.waiting),
      };
    case 'policy_changed':
      return withPolicy(state, event.policy);
    case 'waiting_list':
      return { ...state, waitingList: event.waiting, names: withNames(state.names, event.waiting) };
    case 'microphones_allowed':
      return { ...state, allowedMicrophones: event.participants };
    case 'muted':
      return withNotice(
        { ...state, notices: state.notices.filter((n) => n.kind !== 'unmute_requested') },
        'muted',
        event.by,
      );
    case 'unmute_requested':
      return withNotice(state, 'unmute_requested', event.by);
    case 'video_stopped':
      return withNotice(state, 'video_stopped', event.by);
    case 'screen_share_stopped':
      return withNotice(state, 'screen_share_stopped', event.by);
    case 'ended':
      return event.debrief && selfIsChair(state) ? { ...state, debrief: true } : state;
  }
}

function onFloor(state: RoomState, event: FloorEvent): RoomState {
  switch (event.event) {
    case 'state': {
      const speaking: Record<ParticipantId, SpeakingTime> = {};
      for (const time of event.speaking) speaking[time.participant] = time;
      return {
        ...state,
        hands: event.hands,
        turn: event.turn ?? null,
        turnLimitSeconds: event.turn_limit_seconds ?? null,
        timeUp: event.turn !== undefined && state.turn?.participant === event.turn.participant ? state.timeUp : null,
        speaking,
      };
    }
    case 'hands':
      return { ...state, hands: event.hands };
    case 'turn_changed': {
      const same = event.turn !== undefined && state.turn !== null && sameTurn(state.turn, event.turn);
      return { ...state, turn: event.turn ?? null, timeUp: same ? state.timeUp : null };
    }
    case 'turn_limit_changed':
      return { ...state, turnLimitSeconds: event.seconds ?? null };
    case 'time_up': {
      const next = { ...state, timeUp: event.participant };
      return event.participant === state.selfId ? withNotice(next, 'time_up') : next;
    }
    case 'speaking':
      return { ...state, speaking: { ...state.speaking, [event.time.participant]: event.time } };
  }
}

function sameTurn(a: Turn, b: Turn): boolean {
  return a.participant === b.participant && a.started_at === b.started_at;
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'status':
      if (state.status === action.status && state.endReason === action.reason) return state;
      return { ...state, status: action.status, endReason: action.status === 'ended' ? action.reason : null };
    case 'error':
      return { ...state, lastError: action.error };
    case 'notice':
      return withNotice(state, action.kind, action.by);
    case 'dismiss_notice':
      if (!state.notices.some((n) => n.id === action.id)) return state;
      return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };
    case 'chat_read': {
      const chat = markRead(state.chat, action.key, state.selfId);
      return chat === state.chat ? state : { ...state, chat };
    }
    case 'chat_seen': {
      const chat = markSeen(state.chat);
      return chat === state.chat ? state : { ...state, chat };
    }
    case 'polls_seen': {
      const polls = markPollsSeen(state.polls);
      return polls === state.polls ? state : { ...state, polls };
    }
    case 'votes_seen': {
      const votes = markVotesSeen(state.votes);
      return votes === state.votes ? state : { ...state, votes };
    }
    case 'breakout_dismiss': {
      const breakout = dismissBreakoutNotice(state.breakout, action.id);
      return breakout === state.breakout ? state : { ...state, breakout };
    }
    case 'server': {
      const { envelope } = action;
      switch (envelope.namespace) {
        case 'error':
          return { ...state, lastError: { id: envelope.id, code: envelope.payload.code, message: envelope.payload.message } };
        case 'moderation':
          return onModeration(state, envelope.payload);
        case 'floor':
          return onFloor(state, envelope.payload);
        case 'chat': {
          const chat = chatReducer(state.chat, envelope.payload);
          return chat === state.chat ? state : { ...state, chat };
        }
        case 'timer': {
          const timer = timerReducer(state.timer, envelope.payload, envelope.ts);
          return timer === state.timer ? state : { ...state, timer };
        }
        case 'polls':
          return { ...state, polls: pollsReducer(state.polls, envelope.payload) };
        case 'breakout': {
          const breakout = breakoutReducer(state.breakout, envelope.payload, { selfId: state.selfId, at: envelope.ts });
          return breakout === state.breakout ? state : { ...state, breakout };
        }
        case 'votes': {
          const event = envelope.payload;
          const votes = votesReducer(state.votes, event);
          const next = votes === state.votes ? state : { ...state, votes };
          // A chair hears of a problem with a vote wherever they look.
          if (event.event === 'problem_reported' && selfIsChair(state)) return withNotice(next, 'vote_problem', event.problem.report.voter.participant_id);
          return next;
        }
        case 'media':
          return state;
        case 'control':
          break;
      }
      const event = envelope.payload;
      const clockOffset = action.receivedAt === undefined ? state.clockOffset : envelope.ts - action.receivedAt;
      switch (event.event) {
        case 'waiting':
          // Nothing about the meeting is ours to know while we wait.
          return {
            ...initialRoomState,
            status: state.status,
            roomId: event.room,
            selfId: event.you,
            waiting: true,
            clockOffset,
            preferredWaitingRoom: state.preferredWaitingRoom,
            presence: state.presence,
          };
        case 'joined': {
          const fresh = state.waiting || !event.resumed;
          // Only a node that lost our place joins us afresh while we were in the room: the room
          // moved to another node (admission from the waiting room is no move).
          const moved = !event.resumed && !state.waiting && state.startedAt !== null;
          const next: RoomState = {
            ...state,
            roomId: event.room,
            selfId: event.you,
            waiting: false,
            participants: [...event.participants],
            names: withNames(state.names, event.participants),
            startedAt: event.started_at,
            plannedEnd: event.planned_end ?? null,
            clockOffset,
            notices: fresh ? [] : state.notices,
            debrief: fresh ? false : state.debrief,
          };
          return moved ? withNotice(next, 'moved') : next;
        }
        case 'participant_joined': {
          const names = withNames(state.names, [event.participant]);
          if (event.participant.id === state.selfId) {
            return { ...state, participants: upsert(state.participants, event.participant), names };
          }
          return {
            ...state,
            participants: upsert(state.participants, event.participant),
            names,
            presence: presence(state, 'joined', event.participant, envelope.ts),
          };
        }
        case 'participant_updated': {
          const next = {
            ...state,
            participants: upsert(state.participants, event.participant),
            names: withNames(state.names, [event.participant]),
          };
          const lostChair = event.participant.id === state.selfId && selfIsChair(state) && !isChair(event.participant);
          return lostChair ? withoutChairData(next) : next;
        }
        case 'participant_left': {
          const leaving = state.participants.find((p) => p.id === event.participant_id);
          if (leaving === undefined) return state;
          return {
            ...state,
            participants: state.participants.filter((p) => p.id !== event.participant_id),
            hands: state.hands.filter((h) => h.participant !== event.participant_id),
            presence: presence(state, 'left', leaving, envelope.ts),
          };
        }
        case 'pong':
          return state;
      }
      return state;
    }
  }
}

/** An external store over `roomReducer`. */
export class RoomStore {
  private state: RoomState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: RoomState = initialRoomState) {
    this.state = initial;
  }

  getSnapshot = (): RoomState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(action: RoomAction): void {
    const next = roomReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}
