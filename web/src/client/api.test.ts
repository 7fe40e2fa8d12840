// Unit tests of the REST client with a fake fetch, and of ws_url resolution.
import { describe, expect, it } from 'vitest';
import { ApiRequestError, createApi, resolveWsUrl, type FetchLike } from './api';

function respond(status: number, body: unknown): FetchLike {
  return () => Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status }));
}

describe('resolveWsUrl', () => {
  it('resolves relative URLs and maps http→ws, https→wss', () => {
    expect(resolveWsUrl('/node/v1/rooms/abc/ws', 'http://127.0.0.1:5173/r/abc')).toBe('ws://127.0.0.1:5173/node/v1/rooms/abc/ws');
    expect(resolveWsUrl('/node/v1/rooms/abc/ws', 'https://meet.example/r/abc')).toBe('wss://meet.example/node/v1/rooms/abc/ws');
    expect(resolveWsUrl('wss://node.example/ws', 'https://meet.example/r/abc')).toBe('wss://node.example/ws');
    expect(resolveWsUrl('https://node.example/ws', 'http://x/')).toBe('wss://node.example/ws');
  });
});

describe('createApi', () => {
  it('creates a room', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const api = createApi((input, init) => {
      calls.push([input, init]);
      return Promise.resolve(new Response(JSON.stringify({ id: 'abc' }), { status: 201 }));
    });
    await expect(api.createRoom()).resolves.toEqual({ id: 'abc' });
    expect(calls[0]?.[0]).toBe('/api/v1/rooms');
    expect(calls[0]?.[1]?.method).toBe('POST');
  });

  it('returns null for a missing room', async () => {
    const api = createApi(respond(404, { error: { code: 'not_found', message: 'no such room' } }));
    await expect(api.getRoom('nope')).resolves.toBeNull();
  });

  it('surfaces ApiError bodies', async () => {
    const api = createApi(respond(400, { error: { code: 'invalid_request', message: 'name too long', field: 'display_name' } }));
    const error = await api.requestTicket('abc', { display_name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', message: 'name too long', field: 'display_name' });
  });

  it('posts the display name for a ticket', async () => {
    let sent: string | undefined;
    const api = createApi((_input, init) => {
      sent = typeof init?.body === 'string' ? init.body : undefined;
      return Promise.resolve(
        new Response(JSON.stringify({ ticket: 't', ws_url: '/node/v1/rooms/abc/ws', participant_id: 'p1', expires_in: 30 }), {
          status: 200,
        }),
      );
    });
    await expect(api.requestTicket('abc', { display_name: 'Ada' })).resolves.toMatchObject({ ticket: 't', participant_id: 'p1' });
    expect(sent).toBe('{"display_name":"Ada"}');
  });

  it('reports network failures', async () => {
    const api = createApi(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.createRoom()).rejects.toMatchObject({ code: 'network' });
  });
});
