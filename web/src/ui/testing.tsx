// Test support for component tests: renders UI with i18n (English unless asked) and fake
// services (REST, session, WebSocket, peer connection, media devices, storage), plus sample
// wire objects (AuthConfig, Me, Meeting, Occurrence, Participant, RoomPolicy, the envelopes of
// joining a room, chat messages, polls, votes). Not used by the app.
import { act, render, screen, waitFor, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { expect } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { ApiRequestError, type PlenumApi } from '../client/api';
import { fakeSocketFactory, type FakeSocket } from '../client/fakeSocket';
import { Session } from '../client/session';
import { fakeMediaDevices, fakePeerFactory } from '../media/fakes';
import type {
  AuthConfig,
  BreakoutSession,
  ChatAudience,
  ChatMessage,
  CoffeeBreak,
  RoomSummary,
  Hand,
  Me,
  Meeting,
  Occurrence,
  Participant,
  Poll,
  PollBallot,
  PollDefinition,
  RoomPolicy,
  RunningTimer,
  ServerEnvelope,
  UserSummary,
  Vote,
  VoteDefinition,
  VoteProblem,
  WaitingPerson,
} from '../protocol/generated';
import { createI18n } from './i18n';
import { RoomPage } from './pages/RoomPage';
import { ServicesProvider, type Services } from './services';

export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

/** An ad-hoc room's summary unless `overrides` say more. */
export function testRoomSummary(overrides: Partial<RoomSummary> & { id: string }): RoomSummary {
  return { password_required: false, guest_link_required: false, simple_mode: false, backgrounds: [], ...overrides };
}

export function testConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return { local_login: true, setup_required: false, setup_code_required: false, allow_anonymous_rooms: true, german_address: 'formal', ...overrides };
}

export function testMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 'u1',
    email: 'ada@example.org',
    display_name: 'Ada Lovelace',
    role: 'user',
    totp_enabled: false,
    groups: [],
    auth_source: 'local',
    ...overrides,
  };
}

export function testUser(overrides: Partial<UserSummary> = {}): UserSummary {
  return { id: 'u2', display_name: 'Grace Hopper', email: 'grace@example.org', favourite: false, ...overrides };
}

export function testMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 'm1',
    room_id: 'room-m1',
    title: 'Team meeting',
    subtitle: '',
    details: '',
    has_password: false,
    schedule: { kind: 'timed', start: '2025-05-05T10:00', end: '2025-05-05T11:00', time_zone: 'Europe/Berlin' },
    waiting_room: 'off',
    mute_on_entry: false,
    simple_mode: false,
    owner: { id: 'u1', display_name: 'Ada Lovelace', email: 'ada@example.org', favourite: false },
    my_role: 'owner',
    favourite: false,
    exceptions: [],
    created_at: '2025-05-01T08:00:00Z',
    updated_at: '2025-05-01T08:00:00Z',
    ...overrides,
  };
}

export function testOccurrence(overrides: Partial<Occurrence> = {}): Occurrence {
  return {
    meeting_id: 'm1',
    title: 'Team meeting',
    room_id: 'room-m1',
    owner_name: 'Ada Lovelace',
    start: '2025-05-05T10:00:00+02:00',
    end: '2025-05-05T11:00:00+02:00',
    my_role: 'owner',
    recurring: false,
    ...overrides,
  };
}

export function testParticipant(id: string, name: string, patch: Partial<Participant> = {}): Participant {
  return {
    id,
    display_name: name,
    roles: ['participant'],
    groups: [],
    audio: true,
    video: false,
    screen: false,
    speaking: false,
    connection: 'connected',
    joined_at: 1_700_000_000_000,
    ...patch,
  };
}

export function testPolicy(overrides: Partial<RoomPolicy> = {}): RoomPolicy {
  return { version: 1, waiting_room: 'off', mute_on_entry: false, hands: true, microphones_restricted: false, locked: false, screen_sharing: true, ...overrides };
}

export function joinedEnvelope(participants: Participant[], you = 'p1'): ServerEnvelope {
  return {
    ts: 1,
    namespace: 'control',
    payload: { event: 'joined', you, room: 'room-1', participants, resume_token: 'R1', resumed: false, started_at: Date.now() },
  };
}

export interface RoomSnapshot {
  policy?: Partial<RoomPolicy>;
  waiting?: WaitingPerson[];
  hands?: Hand[];
  chat?: { enabled?: boolean; messages?: ChatMessage[] };
  timer?: { timer?: RunningTimer; coffee_break?: CoffeeBreak };
  polls?: { polls?: Poll[]; mine?: PollBallot[] };
  /** Open breakout rooms. */
  breakout?: BreakoutSession;
  votes?: { votes?: Vote[]; problems?: VoteProblem[] };
}

/** A chat message (to everyone unless `to` says otherwise). */
export function testChatMessage(id: number, from: string, fromName: string, text: string, to: ChatAudience = { kind: 'everyone' }): ChatMessage {
  return { id, from, from_name: fromName, to, text, sent_at: 1_700_000_000_000 + id * 60_000 };
}

/** A running poll (Yes, No, Abstain; one answer; started by p9) unless `patch` says otherwise. */
export function testPoll(id: number, topic: string, patch: Partial<Omit<Poll, 'definition'>> & { definition?: Partial<PollDefinition> } = {}): Poll {
  const { definition, ...rest } = patch;
  return {
    id,
    definition: {
      topic,
      answers: ['Yes', 'No', 'Abstain'],
      multiple: false,
      anonymous: false,
      live_results: false,
      changeable: false,
      guests_excluded: false,
      ...definition,
    },
    by: 'p9',
    started_at: 1_700_000_000_000,
    voted: 0,
    eligible: 2,
    ...rest,
  };
}

/**
 * A running vote (Yes, No, Abstain; named; everyone with an account; started by p9) whose eligible
 * voters are `voters` (id and name) unless `patch` says otherwise.
 */
export function testVote(
  id: number,
  topic: string,
  patch: Partial<Omit<Vote, 'definition'>> & { definition?: Partial<VoteDefinition> } = {},
): Vote {
  const { definition, ...rest } = patch;
  return {
    id,
    definition: {
      topic,
      options: ['Yes', 'No', 'Abstain'],
      kind: 'named',
      live_results: false,
      voters: { everyone: true, roles: [], groups: [], participants: [] },
      ...definition,
    },
    by: 'p9',
    state: 'running',
    started_at: 1_700_000_000_000 + id,
    voters: [],
    voted: [],
    ...rest,
  };
}

/** The moderation, floor, chat, timer, polls, breakout and votes snapshots the node sends right after `joined`. */
export function snapshotEnvelopes(snapshot: RoomSnapshot = {}): ServerEnvelope[] {
  return [
    {
      ts: 1,
      namespace: 'moderation',
      payload: { event: 'state', policy: testPolicy(snapshot.policy), allowed_microphones: [], waiting: snapshot.waiting ?? [] },
    },
    { ts: 1, namespace: 'floor', payload: { event: 'state', hands: snapshot.hands ?? [], speaking: [] } },
    { ts: 1, namespace: 'chat', payload: { event: 'state', enabled: snapshot.chat?.enabled ?? true, messages: snapshot.chat?.messages ?? [] } },
    { ts: 1, namespace: 'timer', payload: { event: 'state', ...snapshot.timer } },
    { ts: 1, namespace: 'polls', payload: { event: 'state', polls: snapshot.polls?.polls ?? [], mine: snapshot.polls?.mine ?? [] } },
    { ts: 1, namespace: 'breakout', payload: snapshot.breakout === undefined ? { event: 'state' } : { event: 'state', session: snapshot.breakout } },
    { ts: 1, namespace: 'votes', payload: { event: 'state', votes: snapshot.votes?.votes ?? [], problems: snapshot.votes?.problems ?? [] } },
  ];
}

function notFaked(name: string) {
  return () => Promise.reject(new ApiRequestError(500, 'internal', `not faked: ${name}`));
}

/** A fake API: harmless answers for lookups and lists, rejections for changes not overridden. */
export function fakeApi(overrides: Partial<PlenumApi> = {}): PlenumApi {
  return {
    getAuthConfig: () => Promise.resolve(testConfig()),
    setup: notFaked('setup'),
    login: notFaked('login'),
    logout: () => Promise.resolve(),
    requestPasswordReset: () => Promise.resolve(),
    confirmPasswordReset: () => Promise.resolve(),
    getMe: () => Promise.resolve(null),
    updateMe: notFaked('updateMe'),
    changePassword: notFaked('changePassword'),
    startTotp: notFaked('startTotp'),
    confirmTotp: notFaked('confirmTotp'),
    disableTotp: notFaked('disableTotp'),
    listTokens: () => Promise.resolve([]),
    createToken: notFaked('createToken'),
    revokeToken: () => Promise.resolve(),
    searchUsers: () => Promise.resolve({ items: [] }),
    setUserFavourite: () => Promise.resolve(),
    listAdminUsers: () => Promise.resolve({ items: [] }),
    createUser: notFaked('createUser'),
    updateUser: notFaked('updateUser'),
    deleteUser: () => Promise.resolve(),
    getDashboard: () => Promise.resolve({ today: [], upcoming: [], favourites: [], invitations: [], recurring: [] }),
    listMeetings: () => Promise.resolve({ items: [] }),
    createMeeting: notFaked('createMeeting'),
    getMeeting: notFaked('getMeeting'),
    updateMeeting: notFaked('updateMeeting'),
    deleteMeeting: () => Promise.resolve(),
    changeOccurrence: notFaked('changeOccurrence'),
    resetOccurrence: notFaked('resetOccurrence'),
    listOccurrences: () => Promise.resolve([]),
    setMeetingFavourite: () => Promise.resolve(),
    listInvitations: () => Promise.resolve([]),
    invite: () => Promise.resolve([]),
    revokeInvitation: () => Promise.resolve(),
    answerInvitation: () => Promise.resolve(),
    listGuestLinks: () => Promise.resolve([]),
    createGuestLink: notFaked('createGuestLink'),
    revokeGuestLink: () => Promise.resolve(),
    listBackgrounds: () => Promise.resolve([]),
    addBackground: notFaked('addBackground'),
    removeBackground: () => Promise.resolve(),
    listPreparedPolls: () => Promise.resolve([]),
    addPreparedPoll: notFaked('addPreparedPoll'),
    updatePreparedPoll: notFaked('updatePreparedPoll'),
    removePreparedPoll: () => Promise.resolve(),
    listBreakoutSetups: () => Promise.resolve([]),
    addBreakoutSetup: notFaked('addBreakoutSetup'),
    updateBreakoutSetup: notFaked('updateBreakoutSetup'),
    removeBreakoutSetup: () => Promise.resolve(),
    listPreparedVotes: () => Promise.resolve([]),
    addPreparedVote: notFaked('addPreparedVote'),
    updatePreparedVote: notFaked('updatePreparedVote'),
    removePreparedVote: () => Promise.resolve(),
    createRoom: () => Promise.resolve({ id: 'room-1', owner_key: 'owner-key-1' }),
    getRoom: (id) => Promise.resolve(testRoomSummary({ id })),
    requestTicket: () => Promise.resolve({ ticket: 'T1', ws_url: '/node/v1/rooms/room-1/ws', participant_id: 'p1', expires_in: 30 }),
    listRoomPolls: () => Promise.resolve([]),
    listRoomBreakoutSetups: () => Promise.resolve([]),
    listRoomVotes: () => Promise.resolve([]),
    listReports: () => Promise.resolve([]),
    getReport: notFaked('getReport'),
    listVotes: () => Promise.resolve([]),
    getVoteProtocol: notFaked('getVoteProtocol'),
    ...overrides,
  };
}

export function testServices(overrides: Partial<Services> = {}) {
  const sockets = fakeSocketFactory();
  const peers = fakePeerFactory();
  const api = overrides.api ?? fakeApi();
  const services: Services = {
    api,
    session: overrides.session ?? new Session(api),
    socketFactory: sockets.factory,
    peerFactory: peers.factory,
    mediaDevices: fakeMediaDevices(),
    videoEffects: null,
    storage: memoryStorage(),
    pageUrl: () => 'http://localhost:3000/r/room-1',
    ...overrides,
  };
  return { services, sockets, peers };
}

export function renderUi(ui: ReactElement, options: { services?: Services; languages?: string[] } = {}): RenderResult {
  const i18n = createI18n(options.languages ?? ['en']);
  const services = options.services ?? testServices().services;
  return render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={services}>{ui}</ServicesProvider>
    </I18nextProvider>,
  );
}

export interface JoinOptions {
  /** Who we are (default: Ada, a participant, id p1). */
  self?: Participant;
  /** The namespaces' state after `joined`. */
  snapshot?: RoomSnapshot;
  languages?: string[];
  services?: ReturnType<typeof testServices>;
  /** The node's clock in the `joined` envelope (ms), when a test cares. */
  nodeTime?: number;
}

/**
 * Opens room-1, joins as "Ada" through the join screen and receives `joined` (with `others`)
 * and the snapshots, up to Ada's tile; returns the user-event handle, the socket and services.
 */
export async function joinMeeting(others: Participant[], options: JoinOptions = {}) {
  const user = userEvent.setup();
  const t = options.services ?? testServices();
  const languages = options.languages ?? ['en'];
  const de = languages[0] === 'de';
  renderUi(<RoomPage roomId="room-1" />, { services: t.services, languages });
  await user.type(await screen.findByRole('textbox', { name: de ? 'Anzeigename' : 'Display name' }), 'Ada');
  await user.click(screen.getByRole('button', { name: de ? 'Beitreten' : 'Join' }));
  await waitFor(() => expect(t.sockets.sockets).toHaveLength(1));
  const socket = t.sockets.last();
  act(() => socket.open());
  const self = options.self ?? testParticipant('p1', 'Ada');
  await act(async () => {
    const joined = joinedEnvelope([self, ...others]);
    socket.receive(options.nodeTime === undefined ? joined : { ...joined, ts: options.nodeTime });
    for (const envelope of snapshotEnvelopes(options.snapshot)) socket.receive(envelope);
    await Promise.resolve();
  });
  // (A full-screen view such as the coffee break may hide the stage from assistive technology.)
  await screen.findByRole('group', { name: 'Ada', hidden: true });
  return { user, socket, ...t };
}

/**
 * Answers the client's pings every second, as the node does, so that a test running for several
 * seconds keeps its connection; returns the function that stops it.
 */
export function answerPings(socket: FakeSocket, every: typeof setInterval = setInterval, stop: typeof clearInterval = clearInterval): () => void {
  const timer = every(() => socket.receive({ ts: Date.now(), namespace: 'control', payload: { event: 'pong' } }), 1000);
  return () => stop(timer);
}

/** The element the button named `name` controls (an open side panel), or an error. */
export function controlledBy(name: string): HTMLElement {
  const toggle = screen.getByRole('button', { name });
  const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
  if (panel === null) throw new Error(`nothing controlled by ${name} is open`);
  return panel;
}
