// Unit tests of the room reducer and store: snapshot on joined, join order, updates in place,
// removal with a presence change, errors and status; the waiting room and admission, the
// policy and waiting list, hands, turns, speaking times, notices and the debrief; the chat
// (history, messages, read and seen marks, cleared again in the waiting room); the timer and
// the coffee break (kept from the node's events, forgotten in the waiting room); the polls; the
// votes (what was seen, the notice to chairs of a reported problem, the reports dropped with the
// chair).
import { describe, expect, it, vi } from 'vitest';
import type {
  ChatEvent,
  ChatMessage,
  ControlEvent,
  TimerEvent,
  FloorEvent,
  ModerationEvent,
  Participant,
  PollsEvent,
  RoomPolicy,
  ServerEnvelope,
  Vote,
  VotesEvent,
} from '../protocol/generated';
import { EVERYONE, peopleKey, unreadIn, unseenCount } from './chat';
import { initialPollsState, unseenPolls } from './polls';
import { initialRoomState, roomReducer, RoomStore, selfIsChair, type RoomState } from './roomStore';
import { initialVotesState, unseenVotes } from './votes';
import { participant } from './participantFixture';

const person = (id: string, name: string, patch: Partial<Participant> = {}) =>
  participant(id, { display_name: name, ...patch });

function control(payload: ControlEvent): ServerEnvelope {
  return { ts: 1, namespace: 'control', payload };
}

function apply(state: RoomState, ...events: (ControlEvent | ModerationEvent | FloorEvent)[]): RoomState {
  return events.reduce((s, e) => roomReducer(s, { type: 'server', envelope: wrap(e) }), state);
}

const moderationEvents: readonly string[] = ['state', 'policy_changed', 'waiting_list', 'microphones_allowed', 'muted', 'unmute_requested', 'video_stopped', 'ended'];
const floorEvents: readonly string[] = ['hands', 'turn_changed', 'turn_limit_changed', 'time_up', 'speaking'];

/** Wraps an event into its namespace (`state` events are told apart by their fields). */
function wrap(e: ControlEvent | ModerationEvent | FloorEvent): ServerEnvelope {
  if (e.event === 'state') {
    return 'policy' in e ? { ts: 1, namespace: 'moderation', payload: e } : { ts: 1, namespace: 'floor', payload: e };
  }
  if (moderationEvents.includes(e.event)) return { ts: 1, namespace: 'moderation', payload: e as ModerationEvent };
  if (floorEvents.includes(e.event)) return { ts: 1, namespace: 'floor', payload: e as FloorEvent };
  return control(e as ControlEvent);
}

const policy: RoomPolicy = {
  version: 1,
  waiting_room: 'off',
  mute_on_entry: false,
  hands: true,
  microphones_restricted: false,
  locked: false,
  screen_sharing: true,
};

const joined: ControlEvent = {
  event: 'joined',
  you: 'b',
  room: 'r1',
  participants: [person('a', 'Ada'), person('b', 'Bea')],
  resume_token: 't',
  resumed: false,
  started_at: 1000,
};

const joinedAsChair: ControlEvent = {
  ...joined,
  participants: [person('a', 'Ada'), person('b', 'Bea', { roles: ['moderator', 'participant'] })],
} as ControlEvent;

describe('roomReducer', () => {
  it('takes the full snapshot from joined', () => {
    const state = apply(initialRoomState, joined);
    expect(state.selfId).toBe('b');
    expect(state.roomId).toBe('r1');
    expect(state.participants.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('appends joiners in join order and announces them', () => {
    const state = apply(initialRoomState, joined, { event: 'participant_joined', participant: person('c', 'Cem') });
    expect(state.participants.map((p) => p.display_name)).toEqual(['Ada', 'Bea', 'Cem']);
    expect(state.presence).toEqual({ seq: 1, kind: 'joined', participantId: 'c', displayName: 'Cem', at: 1 });
  });

  it('updates a participant in place', () => {
    const state = apply(
      initialRoomState,
      joined,
      { event: 'participant_joined', participant: person('c', 'Cem') },
      { event: 'participant_updated', participant: person('a', 'Ada', { audio: false, speaking: true, connection: 'reconnecting' }) },
    );
    expect(state.participants.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(state.participants[0]).toMatchObject({ audio: false, speaking: true, connection: 'reconnecting' });
  });

  it('removes a participant who left and announces it with the name', () => {
    const state = apply(initialRoomState, joined, { event: 'participant_left', participant_id: 'a', reason: 'connection_lost' });
    expect(state.participants.map((p) => p.id)).toEqual(['b']);
    expect(state.presence).toMatchObject({ kind: 'left', displayName: 'Ada' });
  });

  it('ignores leaving unknown participants and pongs', () => {
    const state = apply(initialRoomState, joined);
    expect(apply(state, { event: 'participant_left', participant_id: 'zz', reason: 'left' })).toBe(state);
    expect(apply(state, { event: 'pong' })).toBe(state);
  });

  it('replaces the snapshot on a resumed joined', () => {
    const state = apply(initialRoomState, joined, {
      ...joined,
      participants: [person('b', 'Bea'), person('d', 'Dan')],
      resumed: true,
    } as ControlEvent);
    expect(state.participants.map((p) => p.id)).toEqual(['b', 'd']);
  });

  it('notices a move only when a fresh joined follows an earlier one', () => {
    const moved = (state: RoomState) => state.notices.filter((n) => n.kind === 'moved');
    // The first join, and a resume of it, are no move.
    let state = apply(initialRoomState, joined);
    expect(moved(state)).toEqual([]);
    state = apply(state, { ...joined, resumed: true } as ControlEvent);
    expect(moved(state)).toEqual([]);
    // Admission from the waiting room is no move either.
    const waiting: ControlEvent = { event: 'waiting', you: 'b', room: 'r1', resume_token: 'w', resumed: false };
    expect(moved(apply(initialRoomState, waiting, joined))).toEqual([]);
    expect(moved(apply(state, waiting, joined))).toEqual([]);
    // The room continued on another node: a fresh join after the first one.
    state = roomReducer(state, { type: 'notice', kind: 'time_up' });
    state = apply(state, { ...joined, started_at: 9000 } as ControlEvent);
    expect(state.notices).toEqual([{ id: expect.any(Number), kind: 'moved' }]);
    expect(state.startedAt).toBe(9000);
    // A resume on the new node keeps it until it is dismissed.
    state = apply(state, { ...joined, resumed: true } as ControlEvent);
    expect(moved(state)).toHaveLength(1);
    state = roomReducer(state, { type: 'dismiss_notice', id: moved(state)[0]!.id });
    expect(state.notices).toEqual([]);
  });

  it('records errors and status', () => {
    let state = roomReducer(initialRoomState, {
      type: 'server',
      envelope: { id: 4, ts: 1, namespace: 'error', payload: { event: 'error', code: 'forbidden', message: 'no' } },
    });
    expect(state.lastError).toEqual({ id: 4, code: 'forbidden', message: 'no' });
    state = roomReducer(state, { type: 'status', status: 'ended', reason: 'resume_rejected' });
    expect(state.status).toBe('ended');
    expect(state.endReason).toBe('resume_rejected');
  });
});

describe('roomReducer: waiting room and admission', () => {
  const waiting: ControlEvent = { event: 'waiting', you: 'b', room: 'r1', resume_token: 'w', resumed: false };

  it('waits without knowing anything about the meeting, then takes the snapshot on joined', () => {
    let state = apply(initialRoomState, waiting);
    expect(state).toMatchObject({ waiting: true, selfId: 'b', roomId: 'r1', participants: [], startedAt: null });
    state = apply(state, { ...joined, planned_end: 5000 } as ControlEvent);
    expect(state).toMatchObject({ waiting: false, selfId: 'b', startedAt: 1000, plannedEnd: 5000 });
    expect(state.participants.map((p) => p.id)).toEqual(['a', 'b']);
    expect(state.names).toEqual({ a: 'Ada', b: 'Bea' });
  });

  it('forgets the meeting when sent back to the waiting room', () => {
    const state = apply(
      initialRoomState,
      joinedAsChair,
      { event: 'state', policy, allowed_microphones: ['a'], waiting: [{ id: 'c', display_name: 'Cem', guest: true, since: 5 }] },
      { event: 'hands', hands: [{ participant: 'a', point_of_order: false, raised_at: 3 }] },
      waiting,
    );
    expect(state).toMatchObject({ waiting: true, participants: [], policy: null, waitingList: [], hands: [], allowedMicrophones: [] });
  });

  it('measures the node clock against ours on joined', () => {
    const state = roomReducer(initialRoomState, { type: 'server', envelope: { ...control(joined), ts: 10_500 }, receivedAt: 10_000 });
    expect(state.clockOffset).toBe(500);
  });
});

describe('roomReducer: moderation', () => {
  it('takes the policy, the allowed microphones and (for chairs) the waiting list', () => {
    const state = apply(initialRoomState, joinedAsChair, {
      event: 'state',
      policy: { ...policy, waiting_room: 'guests' },
      allowed_microphones: ['a'],
      waiting: [{ id: 'c', display_name: 'Cem', guest: true, since: 5 }],
    });
    expect(selfIsChair(state)).toBe(true);
    expect(state.policy?.waiting_room).toBe('guests');
    expect(state.preferredWaitingRoom).toBe('guests');
    expect(state.allowedMicrophones).toEqual(['a']);
    expect(state.waitingList.map((w) => w.id)).toEqual(['c']);
    expect(state.names.c).toBe('Cem');
  });

  it('follows policy changes and remembers the last waiting-room setting that was on', () => {
    let state = apply(initialRoomState, joined, { event: 'state', policy, allowed_microphones: [], waiting: [] });
    expect(state.preferredWaitingRoom).toBe('everyone');
    state = apply(state, { event: 'policy_changed', policy: { ...policy, waiting_room: 'guests', hands: false }, by: 'a' });
    state = apply(state, { event: 'policy_changed', policy: { ...policy, waiting_room: 'off' } });
    expect(state.policy).toMatchObject({ waiting_room: 'off', hands: true });
    expect(state.preferredWaitingRoom).toBe('guests');
    state = apply(state, { event: 'microphones_allowed', participants: ['b'] }, { event: 'waiting_list', waiting: [] });
    expect(state.allowedMicrophones).toEqual(['b']);
  });

  it('keeps one notice per kind addressed to us, and dismisses them', () => {
    let state = apply(initialRoomState, joined, { event: 'unmute_requested', by: 'a' }, { event: 'video_stopped', by: 'a' });
    expect(state.notices.map((n) => n.kind)).toEqual(['unmute_requested', 'video_stopped']);
    // Being muted answers an open request to unmute.
    state = apply(state, { event: 'muted', by: 'a' }, { event: 'muted', by: 'a' });
    expect(state.notices.map((n) => [n.kind, n.by])).toEqual([
      ['video_stopped', 'a'],
      ['muted', 'a'],
    ]);
    state = roomReducer(state, { type: 'notice', kind: 'microphone_restricted' });
    const id = state.notices[0]?.id ?? -1;
    state = roomReducer(state, { type: 'dismiss_notice', id });
    expect(state.notices.map((n) => n.kind)).toEqual(['muted', 'microphone_restricted']);
  });

  it('stays in a debrief only as a chair', () => {
    expect(apply(initialRoomState, joinedAsChair, { event: 'ended', debrief: true, by: 'b' }).debrief).toBe(true);
    expect(apply(initialRoomState, joined, { event: 'ended', debrief: true, by: 'a' }).debrief).toBe(false);
    expect(apply(initialRoomState, joinedAsChair, { event: 'ended', debrief: false, by: 'b' }).debrief).toBe(false);
  });

  it('drops what only chairs see when we lose the chair', () => {
    let state = apply(
      initialRoomState,
      joinedAsChair,
      { event: 'state', policy, allowed_microphones: [], waiting: [{ id: 'c', display_name: 'Cem', guest: true, since: 5 }] },
      { event: 'speaking', time: { participant: 'a', total_ms: 1000 } },
    );
    expect(Object.keys(state.speaking)).toEqual(['a']);
    state = apply(state, { event: 'participant_updated', participant: person('b', 'Bea') });
    expect(state.waitingList).toEqual([]);
    expect(state.speaking).toEqual({});
  });
});

describe('roomReducer: floor', () => {
  it('takes hands, turn, limit and speaking times from the snapshot', () => {
    const state = apply(initialRoomState, joinedAsChair, {
      event: 'state',
      hands: [
        { participant: 'a', point_of_order: true, raised_at: 3 },
        { participant: 'b', point_of_order: false, raised_at: 2 },
      ],
      turn: { participant: 'a', started_at: 4, ends_at: 64 },
      turn_limit_seconds: 60,
      speaking: [{ participant: 'a', total_ms: 5000, speaking_since: 4 }],
    });
    expect(state.hands.map((h) => h.participant)).toEqual(['a', 'b']);
    expect(state.turn).toEqual({ participant: 'a', started_at: 4, ends_at: 64 });
    expect(state.turnLimitSeconds).toBe(60);
    expect(state.speaking.a?.total_ms).toBe(5000);
  });

  it('follows the queue, turns, limits and speaking times', () => {
    let state = apply(initialRoomState, joinedAsChair, { event: 'hands', hands: [{ participant: 'a', point_of_order: false, raised_at: 3 }] });
    expect(state.hands).toHaveLength(1);
    state = apply(state, { event: 'turn_changed', turn: { participant: 'a', started_at: 5, ends_at: 65 } }, { event: 'hands', hands: [] });
    expect(state.turn?.participant).toBe('a');
    expect(state.hands).toEqual([]);
    state = apply(state, { event: 'time_up', participant: 'a' });
    expect(state.timeUp).toBe('a');
    // Someone else's time: no notice for us.
    expect(state.notices).toEqual([]);
    state = apply(state, { event: 'turn_changed' }, { event: 'turn_limit_changed', seconds: 120 });
    expect(state).toMatchObject({ turn: null, timeUp: null, turnLimitSeconds: 120 });
    state = apply(state, { event: 'turn_limit_changed' }, { event: 'speaking', time: { participant: 'a', total_ms: 7000, last_spoke: 9 } });
    expect(state.turnLimitSeconds).toBeNull();
    expect(state.speaking.a).toEqual({ participant: 'a', total_ms: 7000, last_spoke: 9 });
  });

  it('reminds us gently when our own time is up', () => {
    const state = apply(initialRoomState, joined, { event: 'turn_changed', turn: { participant: 'b', started_at: 5 } }, { event: 'time_up', participant: 'b' });
    expect(state.notices.map((n) => n.kind)).toEqual(['time_up']);
  });

  it('takes the hand of someone who left out of the queue', () => {
    const state = apply(
      initialRoomState,
      joined,
      { event: 'hands', hands: [{ participant: 'a', point_of_order: false, raised_at: 3 }] },
      { event: 'participant_left', participant_id: 'a', reason: 'removed' },
    );
    expect(state.hands).toEqual([]);
  });
});

describe('roomReducer: chat', () => {
  const chat = (payload: ChatEvent): ServerEnvelope => ({ ts: 1, namespace: 'chat', payload });
  const message = (id: number, from: string, to: ChatMessage['to'] = { kind: 'everyone' }): ChatMessage => ({
    id,
    from,
    from_name: from,
    to,
    text: `hello ${id}`,
    sent_at: id,
  });
  const reduce = (state: RoomState, ...envelopes: ServerEnvelope[]) => envelopes.reduce((s, envelope) => roomReducer(s, { type: 'server', envelope }), state);

  it('keeps the history and new messages, and marks conversations read and the panel seen', () => {
    let state = reduce(apply(initialRoomState, joined), chat({ event: 'state', enabled: true, messages: [message(1, 'a')] }));
    expect(state.chat.messages).toHaveLength(1);
    state = reduce(state, chat({ event: 'message', message: message(2, 'a') }), chat({ event: 'message', message: message(3, 'a', { kind: 'people', participants: ['b'] }) }));
    expect(unseenCount(state.chat, 'b')).toBe(2);
    expect(unreadIn(state.chat, EVERYONE, 'b')).toBe(1);
    state = roomReducer(state, { type: 'chat_seen' });
    expect(unseenCount(state.chat, 'b')).toBe(0);
    state = roomReducer(state, { type: 'chat_read', key: peopleKey(['a'], 'b') });
    expect(unreadIn(state.chat, peopleKey(['a'], 'b'), 'b')).toBe(0);
    expect(unreadIn(state.chat, EVERYONE, 'b')).toBe(1);
    expect(roomReducer(state, { type: 'chat_read', key: peopleKey(['a'], 'b') })).toBe(state);
    expect(roomReducer(state, { type: 'chat_seen' })).toBe(state);
    state = reduce(state, chat({ event: 'enabled_changed', enabled: false, by: 'a' }), chat({ event: 'cleared', by: 'a' }));
    expect(state.chat.enabled).toBe(false);
    expect(state.chat.messages.map((m) => m.id)).toEqual([3]);
  });

  it('forgets the chat when sent back to the waiting room', () => {
    let state = reduce(apply(initialRoomState, joined), chat({ event: 'state', enabled: false, messages: [message(1, 'a')] }));
    state = apply(state, { event: 'waiting', you: 'b', room: 'r1', resume_token: 't', resumed: false });
    expect(state.chat.messages).toEqual([]);
    expect(state.chat.enabled).toBe(true);
    expect(state.chat.loaded).toBe(false);
  });
});

describe('roomReducer: timer', () => {
  const timer = (payload: TimerEvent, ts = 1_000): ServerEnvelope => ({ ts, namespace: 'timer', payload });
  const reduce = (state: RoomState, ...envelopes: ServerEnvelope[]) => envelopes.reduce((s, envelope) => roomReducer(s, { type: 'server', envelope }), state);
  const running = { title: 'Group work', started_at: 1_000, ends_at: 61_000, ready_check: true, ready: [], by: 'a' };

  it('keeps the timer, its time being up, the ready marks and the break', () => {
    let state = reduce(apply(initialRoomState, joined), timer({ event: 'started', timer: running }));
    expect(state.timer.timer).toEqual(running);
    state = reduce(state, timer({ event: 'ready_changed', ready: ['b'] }), timer({ event: 'expired' }, 61_000));
    expect(state.timer).toMatchObject({ timer: { ready: ['b'] }, expired: true, coffeeBreak: null });
    state = reduce(state, timer({ event: 'break_started', coffee_break: { started_at: 70_000, ends_at: 370_000, by: 'a' } }));
    expect(state.timer.coffeeBreak?.ends_at).toBe(370_000);
    expect(reduce(state, timer({ event: 'expired' }))).toBe(state);
  });

  it('knows from the snapshot whether a countdown already ran out', () => {
    const state = reduce(apply(initialRoomState, joined), timer({ event: 'state', timer: running }, 90_000));
    expect(state.timer.expired).toBe(true);
  });

  it('forgets the timer and the break when sent back to the waiting room', () => {
    let state = reduce(
      apply(initialRoomState, joined),
      timer({ event: 'state', timer: running, coffee_break: { started_at: 1, ends_at: 2, by: 'a' } }),
    );
    state = apply(state, { event: 'waiting', you: 'b', room: 'r1', resume_token: 't', resumed: false });
    expect(state.timer).toEqual({ timer: null, expired: false, coffeeBreak: null });
  });
});

describe('roomReducer: polls', () => {
  const polls = (payload: PollsEvent): ServerEnvelope => ({ ts: 1, namespace: 'polls', payload });
  const lunch = {
    id: 1,
    definition: { topic: 'Lunch?', answers: ['Yes', 'No'], multiple: false, anonymous: false, live_results: false, changeable: false, guests_excluded: false },
    by: 'a',
    started_at: 1,
    voted: 0,
    eligible: 2,
  };
  const reduce = (state: RoomState, ...envelopes: ServerEnvelope[]) => envelopes.reduce((s, envelope) => roomReducer(s, { type: 'server', envelope }), state);

  it('keeps the polls and our answers, and what was seen with the panel open', () => {
    let state = reduce(apply(initialRoomState, joined), polls({ event: 'state', polls: [], mine: [] }), polls({ event: 'started', poll: lunch }));
    expect(state.polls.lastStarted).toBe(1);
    expect(unseenPolls(state.polls, state.participants[1])).toBe(1);
    state = roomReducer(state, { type: 'polls_seen' });
    expect(unseenPolls(state.polls, state.participants[1])).toBe(0);
    expect(roomReducer(state, { type: 'polls_seen' })).toBe(state);
    state = reduce(state, polls({ event: 'voted', ballot: { poll_id: 1, choices: [0] } }));
    expect(state.polls.mine).toEqual({ 1: [0] });
  });

  it('says who started a poll, and forgets the polls when sent back to the waiting room', () => {
    let state = roomReducer(reduce(apply(initialRoomState, joined), polls({ event: 'started', poll: lunch })), { type: 'notice', kind: 'poll_started', by: 'a' });
    expect(state.notices).toEqual([{ id: 1, kind: 'poll_started', by: 'a' }]);
    state = apply(state, { event: 'waiting', you: 'b', room: 'r1', resume_token: 't', resumed: false });
    expect(state.polls).toEqual(initialPollsState);
  });
});

describe('roomReducer: votes', () => {
  const votes = (payload: VotesEvent): ServerEnvelope => ({ ts: 1, namespace: 'votes', payload });
  const budget: Vote = {
    id: 1,
    definition: { topic: 'Budget?', options: ['Yes', 'No'], kind: 'secret', live_results: false, voters: { everyone: true, roles: [], groups: [], participants: [] } },
    by: 'a',
    state: 'running',
    started_at: 1,
    voters: [{ participant_id: 'b', display_name: 'Bea' }],
    voted: [],
  };
  const problem = { vote_id: 1, at: 2, report: { voter: { participant_id: 'c', display_name: 'Cem' }, problem: 'audio' as const } };
  const reduce = (state: RoomState, ...envelopes: ServerEnvelope[]) => envelopes.reduce((s, envelope) => roomReducer(s, { type: 'server', envelope }), state);

  it('keeps the votes and our ballot, and what was seen with the panel open', () => {
    let state = reduce(apply(initialRoomState, joined), votes({ event: 'state', votes: [], problems: [] }), votes({ event: 'started', vote: budget }));
    expect(state.votes.lastStarted).toBe(1);
    expect(unseenVotes(state.votes, state.selfId)).toBe(1);
    state = roomReducer(state, { type: 'votes_seen' });
    expect(unseenVotes(state.votes, state.selfId)).toBe(0);
    expect(roomReducer(state, { type: 'votes_seen' })).toBe(state);
    state = reduce(state, votes({ event: 'accepted', ballot: { vote_id: 1, choice: 0, receipt: 'R' } }));
    expect(state.votes.mine[1]?.ballot.receipt).toBe('R');
    state = apply(state, { event: 'waiting', you: 'b', room: 'r1', resume_token: 't', resumed: false });
    expect(state.votes).toEqual(initialVotesState);
  });

  it('tells chairs of a reported problem, and drops the reports with the chair', () => {
    const participant = reduce(apply(initialRoomState, joined), votes({ event: 'problem_reported', problem }));
    expect(participant.notices).toEqual([]);
    let state = reduce(apply(initialRoomState, joinedAsChair), votes({ event: 'started', vote: budget }), votes({ event: 'problem_reported', problem }));
    expect(state.votes.problems).toEqual([problem]);
    expect(state.notices).toEqual([{ id: 1, kind: 'vote_problem', by: 'c' }]);
    state = apply(state, { event: 'participant_updated', participant: person('b', 'Bea') });
    expect(state.votes.problems).toEqual([]);
  });
});

describe('RoomStore', () => {
  it('notifies subscribers only on change', () => {
    const store = new RoomStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.dispatch({ type: 'server', envelope: control(joined) });
    store.dispatch({ type: 'server', envelope: control({ event: 'pong' }) });
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    store.dispatch({ type: 'server', envelope: control({ event: 'participant_joined', participant: person('c', 'Cem') }) });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().participants).toHaveLength(3);
  });
});
