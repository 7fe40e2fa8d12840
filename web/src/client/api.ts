// REST client for the Plenum controller (same origin): one typed function per endpoint of
// docs/api/README.md (auth, me, tokens, users, administration, dashboard, meetings, occurrences,
// invitations, guest links, background pictures, prepared polls, prepared breakout set-ups,
// prepared votes, rooms and tickets, meeting reports, vote protocols), plus resolving a ticket's
// WebSocket URL and the addresses of downloads (a report's CSV and chat, a vote's protocol).
// It does not open WebSockets (see signaling.ts), keeps no state and does not touch the DOM; transport,
// CSRF header and error mapping live in http.ts.
import type {
  AdminUser,
  ApiTokenInfo,
  AuthConfig,
  BackgroundPicture,
  BreakoutSetup,
  ChangePassword,
  CreatedToken,
  CreateToken,
  CreateUser,
  Dashboard,
  GuestLink,
  Invitation,
  InvitationAnswer,
  LoginRequest,
  Me,
  Meeting,
  MeetingInput,
  MeetingReport,
  NewGuestLink,
  NewInvitations,
  Occurrence,
  OccurrenceChange,
  Page,
  PasswordResetConfirm,
  PasswordResetRequest,
  PollDefinition,
  PreparedBreakout,
  PreparedPoll,
  PreparedVote,
  RecoveryCodes,
  ReportSummary,
  RoomCreated,
  RoomId,
  RoomSummary,
  SetupRequest,
  TicketGranted,
  TicketRequest,
  TotpCode,
  TotpEnrollment,
  UpdateMe,
  UpdateUser,
  UserSummary,
  VoteDefinition,
  VoteProtocol,
  VoteSummary,
} from '../protocol/generated';
import { ApiRequestError, createHttp, type FetchLike, type Http } from './http';

export { ApiRequestError, type FetchLike } from './http';

/** Which meetings `GET /meetings` lists (a query parameter, not a wire type). */
export type MeetingFilter = 'mine' | 'invited' | 'all';

/** Which page of a list to fetch: `cursor` is the previous page's `next_cursor`. */
export interface PageRequest {
  cursor?: string;
  /** At most 100. */
  limit?: number;
}

export const API_BASE = '/api/v1';

export interface PlenumApi {
  // ---- authentication ----
  /** `GET /auth/config`. */
  getAuthConfig(): Promise<AuthConfig>;
  /** `POST /auth/setup`: the first account; signs in. */
  setup(request: SetupRequest): Promise<Me>;
  /** `POST /auth/login`; rejects with code `totp_required` when the second factor is missing. */
  login(request: LoginRequest): Promise<Me>;
  /** `POST /auth/logout`. */
  logout(): Promise<void>;
  /** `POST /auth/password-reset`. */
  requestPasswordReset(request: PasswordResetRequest): Promise<void>;
  /** `POST /auth/password-reset/confirm`. */
  confirmPasswordReset(request: PasswordResetConfirm): Promise<void>;

  // ---- me ----
  /** `GET /me`; `null` when not signed in (401). */
  getMe(): Promise<Me | null>;
  /** `PATCH /me`. */
  updateMe(update: UpdateMe): Promise<Me>;
  /** `POST /me/password`. */
  changePassword(request: ChangePassword): Promise<void>;
  /** `POST /me/totp`: starts enrolment. */
  startTotp(): Promise<TotpEnrollment>;
  /** `POST /me/totp/confirm`: finishes enrolment, answers the recovery codes (once). */
  confirmTotp(code: TotpCode): Promise<RecoveryCodes>;
  /** `DELETE /me/totp`. */
  disableTotp(code: TotpCode): Promise<void>;
  /** `GET /me/tokens`. */
  listTokens(): Promise<ApiTokenInfo[]>;
  /** `POST /me/tokens`: the secret is in the answer, once. */
  createToken(request: CreateToken): Promise<CreatedToken>;
  /** `DELETE /me/tokens/{id}`. */
  revokeToken(id: string): Promise<void>;

  // ---- address book ----
  /** `GET /users?q=`: favourites first. */
  searchUsers(query: string, page?: PageRequest): Promise<Page<UserSummary>>;
  /** `PUT`/`DELETE /users/{id}/favourite`. */
  setUserFavourite(id: string, favourite: boolean): Promise<void>;

  // ---- administration ----
  /** `GET /admin/users`. */
  listAdminUsers(page?: PageRequest): Promise<Page<AdminUser>>;
  /** `POST /admin/users`. */
  createUser(request: CreateUser): Promise<AdminUser>;
  /** `PATCH /admin/users/{id}`. */
  updateUser(id: string, update: UpdateUser): Promise<AdminUser>;
  /** `DELETE /admin/users/{id}`. */
  deleteUser(id: string): Promise<void>;

  // ---- dashboard and meetings ----
  /** `GET /dashboard?tz=`. */
  getDashboard(timeZone: string): Promise<Dashboard>;
  /** `GET /meetings?filter=`. */
  listMeetings(filter: MeetingFilter, page?: PageRequest): Promise<Page<Meeting>>;
  /** `POST /meetings`. */
  createMeeting(input: MeetingInput): Promise<Meeting>;
  /** `GET /meetings/{id}`. */
  getMeeting(id: string): Promise<Meeting>;
  /** `PUT /meetings/{id}`. */
  updateMeeting(id: string, input: MeetingInput): Promise<Meeting>;
  /** `DELETE /meetings/{id}`. */
  deleteMeeting(id: string): Promise<void>;
  /** `PUT /meetings/{id}/occurrences/{original_start}`. */
  changeOccurrence(id: string, originalStart: string, change: OccurrenceChange): Promise<Meeting>;
  /** `DELETE /meetings/{id}/occurrences/{original_start}`: undoes the change. */
  resetOccurrence(id: string, originalStart: string): Promise<Meeting>;
  /** `GET /meetings/occurrences?from=&to=` (RFC 3339 bounds, at most 100 days apart). */
  listOccurrences(from: string, to: string): Promise<Occurrence[]>;
  /** `PUT`/`DELETE /meetings/{id}/favourite`. */
  setMeetingFavourite(id: string, favourite: boolean): Promise<void>;

  // ---- invitations and guest links ----
  /** `GET /meetings/{id}/invitations`. */
  listInvitations(meetingId: string): Promise<Invitation[]>;
  /** `POST /meetings/{id}/invitations`. */
  invite(meetingId: string, request: NewInvitations): Promise<Invitation[]>;
  /** `DELETE /meetings/{id}/invitations/{invitation}`. */
  revokeInvitation(meetingId: string, invitationId: string): Promise<void>;
  /** `POST /meetings/{id}/invitation/response`. */
  answerInvitation(meetingId: string, answer: InvitationAnswer): Promise<void>;
  /** `GET /meetings/{id}/guest-links`. */
  listGuestLinks(meetingId: string): Promise<GuestLink[]>;
  /** `POST /meetings/{id}/guest-links`: the answer carries `path`, once. */
  createGuestLink(meetingId: string, request: NewGuestLink): Promise<GuestLink>;
  /** `DELETE /meetings/{id}/guest-links/{link}`. */
  revokeGuestLink(meetingId: string, linkId: string): Promise<void>;
  /** `GET /meetings/{id}/backgrounds`. */
  listBackgrounds(meetingId: string): Promise<BackgroundPicture[]>;
  /** `POST /meetings/{id}/backgrounds?name=`: the file is the body. */
  addBackground(meetingId: string, name: string, file: Blob): Promise<BackgroundPicture>;
  /** `DELETE /meetings/{id}/backgrounds/{picture}`. */
  removeBackground(meetingId: string, pictureId: string): Promise<void>;
  /** `GET /meetings/{id}/polls`: the prepared polls (owner and invited moderators). */
  listPreparedPolls(meetingId: string): Promise<PreparedPoll[]>;
  /** `POST /meetings/{id}/polls` (owner). */
  addPreparedPoll(meetingId: string, definition: PollDefinition): Promise<PreparedPoll>;
  /** `PUT /meetings/{id}/polls/{poll}` (owner). */
  updatePreparedPoll(meetingId: string, pollId: string, definition: PollDefinition): Promise<PreparedPoll>;
  /** `DELETE /meetings/{id}/polls/{poll}` (owner). */
  removePreparedPoll(meetingId: string, pollId: string): Promise<void>;
  /** `GET /meetings/{id}/breakout-setups`: the prepared breakout set-ups (owner and invited moderators). */
  listBreakoutSetups(meetingId: string): Promise<PreparedBreakout[]>;
  /** `POST /meetings/{id}/breakout-setups` (owner). */
  addBreakoutSetup(meetingId: string, setup: BreakoutSetup): Promise<PreparedBreakout>;
  /** `PUT /meetings/{id}/breakout-setups/{item}` (owner). */
  updateBreakoutSetup(meetingId: string, itemId: string, setup: BreakoutSetup): Promise<PreparedBreakout>;
  /** `DELETE /meetings/{id}/breakout-setups/{item}` (owner). */
  removeBreakoutSetup(meetingId: string, itemId: string): Promise<void>;
  /** `GET /meetings/{id}/votes`: the prepared votes (owner and invited moderators). */
  listPreparedVotes(meetingId: string): Promise<PreparedVote[]>;
  /** `POST /meetings/{id}/votes` (owner). */
  addPreparedVote(meetingId: string, definition: VoteDefinition): Promise<PreparedVote>;
  /** `PUT /meetings/{id}/votes/{item}` (owner). */
  updatePreparedVote(meetingId: string, itemId: string, definition: VoteDefinition): Promise<PreparedVote>;
  /** `DELETE /meetings/{id}/votes/{item}` (owner). */
  removePreparedVote(meetingId: string, itemId: string): Promise<void>;

  // ---- rooms ----
  /** `POST /rooms`: an ad-hoc room. */
  createRoom(): Promise<RoomCreated>;
  /** `GET /rooms/{id}`; `null` when the room does not exist (404). */
  getRoom(id: RoomId): Promise<RoomSummary | null>;
  /** `POST /rooms/{id}/tickets`. */
  requestTicket(id: RoomId, request: TicketRequest): Promise<TicketGranted>;
  /** `GET /rooms/{id}/polls`: the prepared polls of the room's meeting (its owner and moderators; none for an ad-hoc room). */
  listRoomPolls(id: RoomId): Promise<PreparedPoll[]>;
  /** `GET /rooms/{id}/breakout-setups`: the breakout set-ups of the room's meeting (its owner and moderators; none for an ad-hoc room). */
  listRoomBreakoutSetups(id: RoomId): Promise<PreparedBreakout[]>;
  /** `GET /rooms/{id}/votes`: the prepared votes of the room's meeting (its owner and moderators; none for an ad-hoc room). */
  listRoomVotes(id: RoomId): Promise<PreparedVote[]>;

  // ---- reports ----
  /** `GET /reports?room=`: the reports of a room the caller may see, newest first. */
  listReports(roomId: RoomId): Promise<ReportSummary[]>;
  /** `GET /reports/{id}`. */
  getReport(id: string): Promise<MeetingReport>;

  // ---- votes ----
  /** `GET /votes?room=`: the stored protocols of a room's votes the caller may see. */
  listVotes(roomId: RoomId): Promise<VoteSummary[]>;
  /** `GET /votes/{id}`: a vote's signed protocol. */
  getVoteProtocol(id: string): Promise<VoteProtocol>;
}

/** The link that starts OpenID Connect sign-in (a full page load, not a fetch). */
export function oidcLoginUrl(returnTo: string): string {
  return `${API_BASE}/auth/oidc/login?return_to=${encodeURIComponent(returnTo)}`;
}

const seg = encodeURIComponent;

/** `GET /reports/{id}/csv`: a report as a CSV file, for a download link (same-origin cookie). */
export function reportCsvUrl(id: string): string {
  return `${API_BASE}/reports/${seg(id)}/csv`;
}

/** `GET /reports/{id}/chat`: the chat's messages to everyone as a text file, for a download link. */
export function reportChatUrl(id: string): string {
  return `${API_BASE}/reports/${seg(id)}/chat`;
}

/** `GET /votes/{id}`: a vote's signed protocol as JSON, for a download link (same-origin cookie). */
export function voteProtocolUrl(id: string): string {
  return `${API_BASE}/votes/${seg(id)}`;
}

/** `GET /votes/{id}/pdf`: a vote's protocol as a PDF report, for a download link. */
export function voteProtocolPdfUrl(id: string): string {
  return `${API_BASE}/votes/${seg(id)}/pdf`;
}

function pageQuery(page: PageRequest | undefined) {
  return { cursor: page?.cursor, limit: page?.limit };
}

export function createApi(fetchImpl?: FetchLike, base = ''): PlenumApi {
  const http: Http = createHttp(fetchImpl, `${base}${API_BASE}`);
  const get = <T>(path: string, query?: Record<string, string | number | undefined>) =>
    http.request<T>('GET', path, query === undefined ? {} : { query });
  const post = <T>(path: string, body?: unknown) => http.request<T>('POST', path, body === undefined ? {} : { body });
  const put = <T>(path: string, body?: unknown) => http.request<T>('PUT', path, body === undefined ? {} : { body });
  const patch = <T>(path: string, body: unknown) => http.request<T>('PATCH', path, { body });
  const del = <T>(path: string, body?: unknown) => http.request<T>('DELETE', path, body === undefined ? {} : { body });

  const meeting = (id: string) => `/meetings/${seg(id)}`;

  return {
    getAuthConfig: () => get('/auth/config'),
    setup: (request) => post('/auth/setup', request),
    login: (request) => post('/auth/login', request),
    logout: () => post('/auth/logout'),
    requestPasswordReset: (request) => post('/auth/password-reset', request),
    confirmPasswordReset: (request) => post('/auth/password-reset/confirm', request),

    async getMe() {
      try {
        return await get<Me>('/me');
      } catch (e) {
        if (e instanceof ApiRequestError && e.status === 401) return null;
        throw e;
      }
    },
    updateMe: (update) => patch('/me', update),
    changePassword: (request) => post('/me/password', request),
    startTotp: () => post('/me/totp'),
    confirmTotp: (code) => post('/me/totp/confirm', code),
    disableTotp: (code) => del('/me/totp', code),
    listTokens: () => get('/me/tokens'),
    createToken: (request) => post('/me/tokens', request),
    revokeToken: (id) => del(`/me/tokens/${seg(id)}`),

    searchUsers: (query, page) => get('/users', { q: query, ...pageQuery(page) }),
    setUserFavourite: (id, favourite) => (favourite ? put : del)(`/users/${seg(id)}/favourite`),

    listAdminUsers: (page) => get('/admin/users', pageQuery(page)),
    createUser: (request) => post('/admin/users', request),
    updateUser: (id, update) => patch(`/admin/users/${seg(id)}`, update),
    deleteUser: (id) => del(`/admin/users/${seg(id)}`),

    getDashboard: (timeZone) => get('/dashboard', { tz: timeZone }),
    listMeetings: (filter, page) => get('/meetings', { filter, ...pageQuery(page) }),
    createMeeting: (input) => post('/meetings', input),
    getMeeting: (id) => get(meeting(id)),
    updateMeeting: (id, input) => put(meeting(id), input),
    deleteMeeting: (id) => del(meeting(id)),
    changeOccurrence: (id, originalStart, change) => put(`${meeting(id)}/occurrences/${seg(originalStart)}`, change),
    resetOccurrence: (id, originalStart) => del(`${meeting(id)}/occurrences/${seg(originalStart)}`),
    listOccurrences: (from, to) => get('/meetings/occurrences', { from, to }),
    setMeetingFavourite: (id, favourite) => (favourite ? put : del)(`${meeting(id)}/favourite`),

    listInvitations: (meetingId) => get(`${meeting(meetingId)}/invitations`),
    invite: (meetingId, request) => post(`${meeting(meetingId)}/invitations`, request),
    revokeInvitation: (meetingId, invitationId) => del(`${meeting(meetingId)}/invitations/${seg(invitationId)}`),
    answerInvitation: (meetingId, answer) => post(`${meeting(meetingId)}/invitation/response`, answer),
    listGuestLinks: (meetingId) => get(`${meeting(meetingId)}/guest-links`),
    createGuestLink: (meetingId, request) => post(`${meeting(meetingId)}/guest-links`, request),
    revokeGuestLink: (meetingId, linkId) => del(`${meeting(meetingId)}/guest-links/${seg(linkId)}`),
    listBackgrounds: (meetingId) => get(`${meeting(meetingId)}/backgrounds`),
    addBackground: (meetingId, name, file) => http.request('POST', `${meeting(meetingId)}/backgrounds`, { query: { name }, file }),
    removeBackground: (meetingId, pictureId) => del(`${meeting(meetingId)}/backgrounds/${seg(pictureId)}`),
    listPreparedPolls: (meetingId) => get(`${meeting(meetingId)}/polls`),
    addPreparedPoll: (meetingId, definition) => post(`${meeting(meetingId)}/polls`, definition),
    updatePreparedPoll: (meetingId, pollId, definition) => put(`${meeting(meetingId)}/polls/${seg(pollId)}`, definition),
    removePreparedPoll: (meetingId, pollId) => del(`${meeting(meetingId)}/polls/${seg(pollId)}`),
    listBreakoutSetups: (meetingId) => get(`${meeting(meetingId)}/breakout-setups`),
    addBreakoutSetup: (meetingId, setup) => post(`${meeting(meetingId)}/breakout-setups`, setup),
    updateBreakoutSetup: (meetingId, itemId, setup) => put(`${meeting(meetingId)}/breakout-setups/${seg(itemId)}`, setup),
    removeBreakoutSetup: (meetingId, itemId) => del(`${meeting(meetingId)}/breakout-setups/${seg(itemId)}`),
    listPreparedVotes: (meetingId) => get(`${meeting(meetingId)}/votes`),
    addPreparedVote: (meetingId, definition) => post(`${meeting(meetingId)}/votes`, definition),
    updatePreparedVote: (meetingId, itemId, definition) => put(`${meeting(meetingId)}/votes/${seg(itemId)}`, definition),
    removePreparedVote: (meetingId, itemId) => del(`${meeting(meetingId)}/votes/${seg(itemId)}`),

    createRoom: () => post('/rooms'),
    async getRoom(id) {
      try {
        return await get<RoomSummary>(`/rooms/${seg(id)}`);
      } catch (e) {
        if (e instanceof ApiRequestError && e.status === 404) return null;
        throw e;
      }
    },
    requestTicket: (id, request) => post(`/rooms/${seg(id)}/tickets`, request),
    listRoomPolls: (id) => get(`/rooms/${seg(id)}/polls`),
    listRoomBreakoutSetups: (id) => get(`/rooms/${seg(id)}/breakout-setups`),
    listRoomVotes: (id) => get(`/rooms/${seg(id)}/votes`),

    listReports: (roomId) => get('/reports', { room: roomId }),
    getReport: (id) => get(`/reports/${seg(id)}`),

    listVotes: (roomId) => get('/votes', { room: roomId }),
    getVoteProtocol: (id) => get(`/votes/${seg(id)}`),
  };
}

/**
 * Resolves a (possibly relative) `ws_url` against the page URL and maps http→ws, https→wss.
 * Absolute ws:/wss: URLs are kept as they are.
 */
export function resolveWsUrl(wsUrl: string, pageUrl: string): string {
  const url = new URL(wsUrl, pageUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.toString();
}
