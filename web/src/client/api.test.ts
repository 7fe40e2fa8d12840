// Unit tests of the REST client with a fake fetch: CSRF header and credentials, JSON bodies,
// error mapping (code, message, field), pagination, 204 answers, path encoding, prepared polls,
// prepared breakout set-ups, prepared votes and vote protocols, and ws_url resolution.
import { describe, expect, it } from 'vitest';
import type { BreakoutSetup } from '../protocol/generated';
import { ApiRequestError, createApi, oidcLoginUrl, reportCsvUrl, resolveWsUrl, voteProtocolPdfUrl, voteProtocolUrl, type FetchLike } from './api';

interface Call {
  url: string;
  init: RequestInit;
}

function recording(status: number, body?: unknown): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init: init ?? {} });
      return Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status }));
    },
  };
}

function header(call: Call | undefined, name: string): string | undefined {
  const headers = (call?.init.headers ?? {}) as Record<string, string>;
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

describe('resolveWsUrl', () => {
  it('resolves relative URLs and maps http→ws, https→wss', () => {
    expect(resolveWsUrl('/node/v1/rooms/abc/ws', 'http://127.0.0.1:5173/r/abc')).toBe('ws://127.0.0.1:5173/node/v1/rooms/abc/ws');
    expect(resolveWsUrl('/node/v1/rooms/abc/ws', 'https://meet.example/r/abc')).toBe('wss://meet.example/node/v1/rooms/abc/ws');
    expect(resolveWsUrl('wss://node.example/ws', 'https://meet.example/r/abc')).toBe('wss://node.example/ws');
    expect(resolveWsUrl('https://node.example/ws', 'http://x/')).toBe('wss://node.example/ws');
  });
});

describe('createApi: transport', () => {
  it('sends X-Plenum-CSRF on POST, PUT, PATCH and DELETE, never on GET', async () => {
    const { fetch, calls } = recording(200, {});
    const api = createApi(fetch);
    await api.getMeeting('m1');
    await api.createMeeting({ title: 't', subtitle: '', details: '', schedule: { kind: 'unscheduled' }, waiting_room: 'off', mute_on_entry: false, simple_mode: false });
    await api.updateMeeting('m1', { title: 't', subtitle: '', details: '', schedule: { kind: 'unscheduled' }, waiting_room: 'off', mute_on_entry: false, simple_mode: false });
    await api.updateMe({ language: 'de' });
    await api.deleteMeeting('m1');
    expect(calls.map((c) => [c.init.method, header(c, 'X-Plenum-CSRF')])).toEqual([
      ['GET', undefined],
      ['POST', '1'],
      ['PUT', '1'],
      ['PATCH', '1'],
      ['DELETE', '1'],
    ]);
  });

  it('sends the session cookie (same-origin credentials) and JSON', async () => {
    const { fetch, calls } = recording(200, { id: 'u1' });
    const api = createApi(fetch);
    await api.login({ email: 'ada@example.org', password: 'secret-secret', totp_code: '123456' });
    const call = calls[0];
    expect(call?.url).toBe('/api/v1/auth/login');
    expect(call?.init.credentials).toBe('same-origin');
    expect(header(call, 'Content-Type')).toBe('application/json');
    expect(JSON.parse(String(call?.init.body))).toEqual({ email: 'ada@example.org', password: 'secret-secret', totp_code: '123456' });
  });

  it('sends no body (and no Content-Type) when there is none', async () => {
    const { fetch, calls } = recording(200, {});
    await createApi(fetch).startTotp();
    expect(calls[0]?.init.body).toBeUndefined();
    expect(header(calls[0], 'Content-Type')).toBeUndefined();
    expect(header(calls[0], 'X-Plenum-CSRF')).toBe('1');
  });

  it('maps error bodies to ApiRequestError with status, code, message and field', async () => {
    const { fetch } = recording(400, { error: { code: 'invalid_request', message: 'end must be after start', field: 'schedule.end' } });
    const error = await createApi(fetch)
      .createMeeting({ title: 't', subtitle: '', details: '', schedule: { kind: 'unscheduled' }, waiting_room: 'off', mute_on_entry: false, simple_mode: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', message: 'end must be after start', field: 'schedule.end' });
  });

  it('maps totp_required, rate limits and bodies that are no ApiError', async () => {
    await expect(createApi(recording(401, { error: { code: 'totp_required', message: 'code needed' } }).fetch).login({ email: 'a@b', password: 'p' })).rejects.toMatchObject({
      status: 401,
      code: 'totp_required',
      field: undefined,
    });
    await expect(createApi(recording(429, { error: { code: 'rate_limited', message: 'slow down' } }).fetch).requestPasswordReset({ email: 'a@b' })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    await expect(createApi(recording(502, 'Bad gateway').fetch).getDashboard('UTC')).rejects.toMatchObject({ status: 502, code: 'unexpected' });
  });

  it('reports network failures', async () => {
    const api = createApi(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.createRoom()).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('resolves empty answers (204) with undefined', async () => {
    const { fetch } = recording(204);
    await expect(createApi(fetch).revokeToken('t1')).resolves.toBeUndefined();
  });
});

describe('createApi: endpoints', () => {
  it('pages lists with cursor and limit and passes next_cursor through', async () => {
    const { fetch, calls } = recording(200, { items: [{ id: 'm1' }], next_cursor: 'c2' });
    const api = createApi(fetch);
    const first = await api.listMeetings('mine');
    expect(first.next_cursor).toBe('c2');
    await api.listMeetings('mine', { cursor: first.next_cursor ?? '', limit: 50 });
    await api.searchUsers('ad a', { limit: 20 });
    await api.listAdminUsers({ cursor: 'x/y' });
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/meetings?filter=mine',
      '/api/v1/meetings?filter=mine&cursor=c2&limit=50',
      '/api/v1/users?q=ad+a&limit=20',
      '/api/v1/admin/users?cursor=x%2Fy',
    ]);
  });

  it('encodes path segments and query values', async () => {
    const { fetch, calls } = recording(200, {});
    const api = createApi(fetch);
    await api.changeOccurrence('m 1', '2025-05-05T10:00', { original_start: '2025-05-05T10:00', cancelled: true });
    await api.getDashboard('America/Argentina/Buenos_Aires');
    await api.listOccurrences('2025-05-05T00:00:00+02:00', '2025-05-19T00:00:00+02:00');
    await api.setMeetingFavourite('m1', true);
    await api.setMeetingFavourite('m1', false);
    await api.answerInvitation('m1', { accept: true });
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'PUT /api/v1/meetings/m%201/occurrences/2025-05-05T10%3A00',
      'GET /api/v1/dashboard?tz=America%2FArgentina%2FBuenos_Aires',
      'GET /api/v1/meetings/occurrences?from=2025-05-05T00%3A00%3A00%2B02%3A00&to=2025-05-19T00%3A00%3A00%2B02%3A00',
      'PUT /api/v1/meetings/m1/favourite',
      'DELETE /api/v1/meetings/m1/favourite',
      'POST /api/v1/meetings/m1/invitation/response',
    ]);
  });

  it('answers null for GET /me without a session and for a missing room', async () => {
    await expect(createApi(recording(401, { error: { code: 'unauthorized', message: 'sign in' } }).fetch).getMe()).resolves.toBeNull();
    await expect(createApi(recording(404, { error: { code: 'not_found', message: 'no such room' } }).fetch).getRoom('nope')).resolves.toBeNull();
  });

  it('posts the ticket request with password and guest token', async () => {
    const { fetch, calls } = recording(200, { ticket: 't', ws_url: '/node/v1/rooms/abc/ws', participant_id: 'p1', expires_in: 30 });
    const api = createApi(fetch);
    await expect(api.requestTicket('abc', { display_name: 'Ada', password: 'pw', guest_token: 'g1' })).resolves.toMatchObject({ ticket: 't' });
    expect(calls[0]?.url).toBe('/api/v1/rooms/abc/tickets');
    expect(calls[0]?.init.body).toBe('{"display_name":"Ada","password":"pw","guest_token":"g1"}');
  });

  it('sends the code in the body of DELETE /me/totp', async () => {
    const { fetch, calls } = recording(204);
    await createApi(fetch).disableTotp({ code: '123456' });
    expect(calls[0]?.init.method).toBe('DELETE');
    expect(calls[0]?.init.body).toBe('{"code":"123456"}');
  });

  it('lists the reports of a room, reads one and links its CSV', async () => {
    const { fetch, calls } = recording(200, []);
    const api = createApi(fetch);
    await api.listReports('room 1');
    await api.getReport('rep/1');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual(['GET /api/v1/reports?room=room+1', 'GET /api/v1/reports/rep%2F1']);
    expect(reportCsvUrl('rep/1')).toBe('/api/v1/reports/rep%2F1/csv');
  });

  it("lists, adds, changes and removes a meeting's prepared polls, and lists a room's", async () => {
    const { fetch, calls } = recording(200, []);
    const api = createApi(fetch);
    const definition = { topic: 'Lunch?', answers: ['Yes', 'No'], multiple: false, anonymous: false, live_results: false, changeable: false, guests_excluded: false, seconds: 60 };
    await api.listPreparedPolls('m1');
    await api.addPreparedPoll('m1', definition);
    await api.updatePreparedPoll('m1', 'p/1', definition);
    await api.removePreparedPoll('m1', 'p/1');
    await api.listRoomPolls('room 1');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/v1/meetings/m1/polls',
      'POST /api/v1/meetings/m1/polls',
      'PUT /api/v1/meetings/m1/polls/p%2F1',
      'DELETE /api/v1/meetings/m1/polls/p%2F1',
      'GET /api/v1/rooms/room%201/polls',
    ]);
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual(definition);
    expect(JSON.parse(String(calls[2]?.init.body))).toEqual(definition);
  });

  it("lists, adds, changes and removes a meeting's prepared votes, lists a room's, and reads the protocols", async () => {
    const { fetch, calls } = recording(200, []);
    const api = createApi(fetch);
    const definition = {
      topic: 'Budget?',
      options: ['Yes', 'No', 'Abstain'],
      kind: 'secret' as const,
      live_results: false,
      voters: { everyone: true, roles: [], groups: [], participants: [] },
    };
    await api.listPreparedVotes('m1');
    await api.addPreparedVote('m1', definition);
    await api.updatePreparedVote('m1', 'v/1', definition);
    await api.removePreparedVote('m1', 'v/1');
    await api.listRoomVotes('room 1');
    await api.listVotes('room 1');
    await api.getVoteProtocol('vp/1');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/v1/meetings/m1/votes',
      'POST /api/v1/meetings/m1/votes',
      'PUT /api/v1/meetings/m1/votes/v%2F1',
      'DELETE /api/v1/meetings/m1/votes/v%2F1',
      'GET /api/v1/rooms/room%201/votes',
      'GET /api/v1/votes?room=room+1',
      'GET /api/v1/votes/vp%2F1',
    ]);
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual(definition);
    expect(voteProtocolUrl('vp/1')).toBe('/api/v1/votes/vp%2F1');
    expect(voteProtocolPdfUrl('vp/1')).toBe('/api/v1/votes/vp%2F1/pdf');
  });

  it("lists, adds, changes and removes a meeting's breakout set-ups, and lists a room's", async () => {
    const { fetch, calls } = recording(200, []);
    const api = createApi(fetch);
    const setup: BreakoutSetup = {
      name: 'Fours',
      settings: { assignment: 'random', split_by: 'size', rooms: 2, size: 4, names: ['', 'Blue'], include_moderators: false, assign_late_joiners: true, minutes: 15 },
    };
    await api.listBreakoutSetups('m1');
    await api.addBreakoutSetup('m1', setup);
    await api.updateBreakoutSetup('m1', 'b/1', { ...setup, settings: { ...setup.settings, names: [] } });
    await api.removeBreakoutSetup('m1', 'b/1');
    await api.listRoomBreakoutSetups('room 1');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/v1/meetings/m1/breakout-setups',
      'POST /api/v1/meetings/m1/breakout-setups',
      'PUT /api/v1/meetings/m1/breakout-setups/b%2F1',
      'DELETE /api/v1/meetings/m1/breakout-setups/b%2F1',
      'GET /api/v1/rooms/room%201/breakout-setups',
    ]);
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual(setup);
    expect(JSON.parse(String(calls[2]?.init.body))).toEqual({ ...setup, settings: { ...setup.settings, names: [] } });
  });

  it('sends the owner key and the guest key with the ticket request', async () => {
    const { fetch, calls } = recording(200, { ticket: 't', ws_url: '/ws', participant_id: 'p1', expires_in: 30 });
    await createApi(fetch).requestTicket('abc', { display_name: 'Ada', owner_key: 'ok', guest_key: 'gk' });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ display_name: 'Ada', owner_key: 'ok', guest_key: 'gk' });
  });

  it('builds the OpenID Connect login link', () => {
    expect(oidcLoginUrl('/meetings?view=agenda')).toBe('/api/v1/auth/oidc/login?return_to=%2Fmeetings%3Fview%3Dagenda');
  });
});
