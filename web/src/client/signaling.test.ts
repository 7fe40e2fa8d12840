// Unit tests of the Signaling over a fake WebSocket with fake timers: join first, ping cadence,
// silence and abnormal closes leading to resume with backoff, the waiting room's resume token,
// close-code handling (moderators' codes included), following the room to its new node when a
// fresh ticket names another URL, the generated namespaces, id echo.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, SERVER_NAMESPACES, type ServerEnvelope } from '../protocol/generated';
import { fakeSocketFactory } from './fakeSocket';
import { participant } from './participantFixture';
import {
  decodeServerEnvelope,
  Signaling,
  SILENCE_CLOSE_CODE,
  type EndReason,
  type FreshTicket,
  type SignalingError,
  type SignalingStatus,
} from './signaling';

const ada = participant('p1', { display_name: 'Ada' });

function joined(token: string, resumed = false): ServerEnvelope {
  return {
    ts: 1,
    namespace: 'control',
    payload: { event: 'joined', you: 'p1', room: 'r1', participants: [ada], resume_token: token, resumed, started_at: 1 },
  };
}

function waiting(token: string, resumed = false): ServerEnvelope {
  return { ts: 1, namespace: 'control', payload: { event: 'waiting', you: 'p1', room: 'r1', resume_token: token, resumed } };
}

const pong: ServerEnvelope = { ts: 2, namespace: 'control', payload: { event: 'pong' } };

function setup(options: { renew?: boolean; renewTicket?: () => Promise<FreshTicket> } = {}) {
  const sockets = fakeSocketFactory();
  const statuses: [SignalingStatus, EndReason | null][] = [];
  const errors: SignalingError[] = [];
  const messages: ServerEnvelope[] = [];
  let renewals = 0;
  const signaling = new Signaling({
    url: 'ws://node/ws',
    ticket: 'T1',
    socketFactory: sockets.factory,
    ...(options.renewTicket !== undefined ? { renewTicket: options.renewTicket } : {}),
    ...(options.renew === true
      ? {
          renewTicket: () => {
            renewals += 1;
            return Promise.resolve({ ticket: `T${renewals + 1}`, url: 'ws://node/ws2' });
          },
        }
      : {}),
  });
  signaling.listen({
    status: (s, r) => statuses.push([s, r]),
    error: (e) => errors.push(e),
    message: (m) => messages.push(m),
  });
  return { sockets, signaling, statuses, errors, messages, renewals: () => renewals };
}

function joinedSignaling(options: { renewTicket?: () => Promise<FreshTicket> } = {}) {
  const t = setup(options);
  t.signaling.connect();
  t.sockets.last().open();
  t.sockets.last().receive(joined('R1'));
  return t;
}

/**
 * The node goes away: the connection drops, the first (plain) resume fails too, and the time
 * passes until the next attempt, which is the first to ask for a fresh ticket.
 */
async function loseUntilRenewal(sockets: ReturnType<typeof setup>['sockets']) {
  sockets.last().serverClose(1006);
  await vi.advanceTimersByTimeAsync(250);
  sockets.last().serverClose(1006);
  await vi.advanceTimersByTimeAsync(500);
}

/** A renewTicket answering the given URLs in turn (the last one repeats), with tickets F1, F2, … */
function renewals(...urls: string[]) {
  const calls: number[] = [];
  const renewTicket = (): Promise<FreshTicket> => {
    calls.push(Date.now());
    const url = urls[Math.min(calls.length, urls.length) - 1] ?? 'ws://node/ws';
    return Promise.resolve({ ticket: `F${calls.length}`, url });
  };
  return { renewTicket, calls };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Signaling', () => {
  it('sends control/join with the ticket as the first message', () => {
    const { sockets, signaling, statuses } = setup();
    signaling.connect();
    expect(sockets.sockets).toHaveLength(1);
    expect(sockets.last().url).toBe('ws://node/ws');
    expect(sockets.last().sent).toEqual([]);
    sockets.last().open();
    expect(sockets.last().sent).toEqual([{ id: 1, namespace: 'control', payload: { action: 'join', ticket: 'T1', audio: false, video: false } }]);
    sockets.last().receive(joined('R1'));
    expect(signaling.status).toBe('connected');
    expect(statuses).toEqual([
      ['connecting', null],
      ['connected', null],
    ]);
  });

  it('pings every 2 s once joined, with incrementing ids', () => {
    const { sockets } = joinedSignaling();
    const socket = sockets.last();
    vi.advanceTimersByTime(1999);
    expect(socket.sent).toHaveLength(1);
    socket.receive(pong);
    vi.advanceTimersByTime(1);
    expect(socket.sent[1]).toEqual({ id: 2, namespace: 'control', payload: { action: 'ping' } });
    socket.receive(pong);
    vi.advanceTimersByTime(2000);
    socket.receive(pong);
    vi.advanceTimersByTime(2000);
    expect(socket.sent.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(socket.sent.slice(1).every((e) => e.namespace === 'control' && e.payload.action === 'ping')).toBe(true);
  });

  it('does not reconnect while pongs keep arriving', () => {
    const { sockets, signaling } = joinedSignaling();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(2000);
      sockets.last().receive(pong);
    }
    expect(sockets.sockets).toHaveLength(1);
    expect(signaling.status).toBe('connected');
  });

  it('resumes with the token after 5 s of silence', () => {
    const { sockets, signaling, statuses } = joinedSignaling();
    const first = sockets.last();
    vi.advanceTimersByTime(4999);
    expect(signaling.status).toBe('connected');
    vi.advanceTimersByTime(1);
    expect(signaling.status).toBe('reconnecting');
    expect(first.closedWith?.code).toBe(SILENCE_CLOSE_CODE);
    expect(first.closedWith?.code).not.toBe(1000);
    // First retry after 250 ms.
    vi.advanceTimersByTime(249);
    expect(sockets.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets.sockets).toHaveLength(2);
    const second = sockets.last();
    second.open();
    expect(second.sent[0]).toMatchObject({ namespace: 'control', payload: { action: 'resume', token: 'R1' } });
    second.receive(joined('R2', true));
    expect(signaling.status).toBe('connected');
    expect(statuses.map(([s]) => s)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('uses the fresh resume token of the latest joined event', () => {
    const { sockets } = joinedSignaling();
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(250);
    sockets.last().open();
    sockets.last().receive(joined('R2', true));
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(250);
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'resume', token: 'R2' } });
  });

  it('backs off 0.25, 0.5, 1, 2, 2 s and gives up after about 12 s', () => {
    const { sockets, signaling } = joinedSignaling();
    sockets.last().serverClose(1006);
    const opened: number[] = [];
    const start = Date.now();
    for (let i = 0; i < 400 && signaling.status === 'reconnecting'; i++) {
      const before = sockets.sockets.length;
      vi.advanceTimersByTime(50);
      if (sockets.sockets.length > before) {
        opened.push(Date.now() - start);
        sockets.last().serverClose(1006);
      }
    }
    // Attempts at 250, 750, 1750, 3750, 5750, … each failing right away.
    expect(opened.slice(0, 5)).toEqual([250, 750, 1750, 3750, 5750]);
    expect(signaling.status).toBe('ended');
    expect(signaling.endReason).toBe('connection_lost');
    expect(opened.at(-1)).toBeLessThanOrEqual(12_000);
  });

  it('gives up within the window even when resume attempts hang', () => {
    const { sockets, signaling } = joinedSignaling();
    sockets.last().serverClose(1006);
    // Every attempt's socket never opens; silence ends each one.
    vi.advanceTimersByTime(12_000);
    expect(signaling.status).toBe('ended');
    expect(signaling.endReason).toBe('connection_lost');
    expect(sockets.sockets.length).toBeGreaterThan(2);
  });

  it('reconnects on an abnormal close and on 4009 shutting down', () => {
    for (const code of [1006, 1011, CloseCode.ShuttingDown, CloseCode.JoinTimeout]) {
      const { sockets, signaling } = joinedSignaling();
      sockets.last().serverClose(code);
      expect(signaling.status).toBe('reconnecting');
      vi.advanceTimersByTime(250);
      expect(sockets.sockets).toHaveLength(2);
      sockets.last().open();
      expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'resume' } });
      signaling.leave();
    }
  });

  it('joins the room on its new node when a fresh ticket names another URL', async () => {
    const renew = renewals('ws://node/ws', 'ws://node2/ws');
    const { sockets, signaling, statuses } = joinedSignaling({ renewTicket: renew.renewTicket });
    sockets.last().serverClose(1006);
    // The first retry is a plain resume: no request to the controller for a blip.
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets.sockets).toHaveLength(2);
    expect(renew.calls).toHaveLength(0);
    // The node is dead: the connection fails without opening.
    sockets.last().serverClose(1006);
    // Second attempt: a fresh ticket first; it still names the old node, so we resume there.
    await vi.advanceTimersByTimeAsync(500);
    expect(renew.calls).toHaveLength(1);
    expect(sockets.sockets).toHaveLength(3);
    expect(sockets.last().url).toBe('ws://node/ws');
    sockets.last().serverClose(1006);
    // Third attempt: the controller placed the room elsewhere; join there with the fresh ticket.
    await vi.advanceTimersByTimeAsync(1000);
    expect(renew.calls).toHaveLength(2);
    expect(sockets.sockets).toHaveLength(4);
    const moved = sockets.last();
    expect(moved.url).toBe('ws://node2/ws');
    expect(signaling.status).toBe('reconnecting');
    moved.open();
    expect(moved.sent).toEqual([{ id: 2, namespace: 'control', payload: { action: 'join', ticket: 'F2', audio: false, video: false } }]);
    moved.receive(joined('N1'));
    expect(signaling.status).toBe('connected');
    expect(statuses.map(([s]) => s)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    // From now on the new node is ours: a later loss resumes there with its token.
    moved.serverClose(1006);
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets.last().url).toBe('ws://node2/ws');
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'resume', token: 'N1' } });
    expect(renew.calls).toHaveLength(2);
  });

  it('keeps joining the new node (with fresh tickets) when the first join there fails', async () => {
    const renew = renewals('ws://node2/ws');
    const { sockets, signaling } = joinedSignaling({ renewTicket: renew.renewTicket });
    await loseUntilRenewal(sockets);
    expect(sockets.last().url).toBe('ws://node2/ws');
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'join', ticket: 'F1' } });
    // The new node drops us before `joined`: our old place is gone, resuming makes no sense.
    sockets.last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000);
    expect(renew.calls).toHaveLength(2);
    expect(sockets.last().url).toBe('ws://node2/ws');
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'join', ticket: 'F2' } });
    // A spent ticket there is not final either: the next attempt fetches another one.
    sockets.last().serverClose(CloseCode.TicketReused);
    expect(signaling.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(2000);
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'join', ticket: 'F3' } });
    sockets.last().receive(joined('N1'));
    expect(signaling.status).toBe('connected');
  });

  it('keeps resuming with the token when the fresh ticket names the same node', async () => {
    const renew = renewals('ws://node/ws');
    const { sockets, signaling, statuses } = joinedSignaling({ renewTicket: renew.renewTicket });
    await loseUntilRenewal(sockets);
    sockets.last().open();
    sockets.last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000);
    expect(renew.calls).toHaveLength(2);
    expect(sockets.sockets).toHaveLength(4);
    sockets.last().open();
    sockets.last().receive(joined('R2', true));
    expect(signaling.status).toBe('connected');
    const attempts = sockets.sockets.slice(1);
    expect(attempts.every((s) => s.url === 'ws://node/ws')).toBe(true);
    expect(attempts.slice(1).map((s) => s.sent[0])).toEqual([
      expect.objectContaining({ payload: { action: 'resume', token: 'R1' } }),
      expect.objectContaining({ payload: { action: 'resume', token: 'R1' } }),
    ]);
    expect(statuses.map(([s]) => s)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('keeps resuming when a fresh ticket cannot be had, and gives up only after the window', async () => {
    const calls: number[] = [];
    const renewTicket = (): Promise<FreshTicket> => {
      calls.push(Date.now());
      return Promise.reject(new Error('503 Service Unavailable'));
    };
    const { sockets, signaling, statuses } = joinedSignaling({ renewTicket });
    const start = Date.now();
    sockets.last().serverClose(1006);
    const opened: number[] = [];
    for (let i = 0; i < 400 && signaling.status === 'reconnecting'; i++) {
      const before = sockets.sockets.length;
      await vi.advanceTimersByTimeAsync(50);
      if (sockets.sockets.length > before) {
        opened.push(Date.now() - start);
        sockets.last().open();
        expect(sockets.last().url).toBe('ws://node/ws');
        expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'resume', token: 'R1' } });
        sockets.last().serverClose(1006);
      }
    }
    // Same cadence as without renewals; every attempt after the first asked first.
    expect(opened.slice(0, 5)).toEqual([250, 750, 1750, 3750, 5750]);
    expect(calls).toHaveLength(opened.length - 1);
    expect(signaling.endReason).toBe('connection_lost');
    expect(Date.now() - start).toBeGreaterThan(11_000);
    expect(statuses.map(([s]) => s)).toEqual(['connecting', 'connected', 'reconnecting', 'ended']);
  });

  it('does not wait for a controller that does not answer', async () => {
    let asked = 0;
    const renewTicket = (): Promise<FreshTicket> => {
      asked += 1;
      return new Promise<FreshTicket>(() => {});
    };
    const { sockets, signaling } = joinedSignaling({ renewTicket });
    await loseUntilRenewal(sockets);
    expect(asked).toBe(1);
    expect(sockets.sockets).toHaveLength(2);
    // After the silence timeout the attempt goes ahead without a ticket.
    await vi.advanceTimersByTimeAsync(5000);
    expect(sockets.sockets).toHaveLength(3);
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'resume', token: 'R1' } });
    sockets.last().serverClose(1006);
    // Never two requests at once: the hanging one is not asked again.
    await vi.advanceTimersByTimeAsync(1000);
    expect(asked).toBe(1);
    expect(sockets.sockets).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(signaling.endReason).toBe('connection_lost');
  });

  it('ignores a fresh ticket that arrives after leaving', async () => {
    let asked = 0;
    let answer: (fresh: FreshTicket) => void = () => {};
    const renewTicket = () =>
      new Promise<FreshTicket>((resolve) => {
        asked += 1;
        answer = resolve;
      });
    const { sockets, signaling } = joinedSignaling({ renewTicket });
    await loseUntilRenewal(sockets);
    expect(asked).toBe(1);
    signaling.leave();
    answer({ ticket: 'F1', url: 'ws://node2/ws' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sockets.sockets).toHaveLength(2);
    expect(signaling.endReason).toBe('left');
  });

  it('ends with resume_rejected on 4005 during a resume', () => {
    const { sockets, signaling, statuses } = joinedSignaling();
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(250);
    sockets.last().open();
    sockets.last().serverClose(CloseCode.ResumeRejected);
    expect(signaling.status).toBe('ended');
    expect(statuses.at(-1)).toEqual(['ended', 'resume_rejected']);
    vi.advanceTimersByTime(20_000);
    expect(sockets.sockets).toHaveLength(2);
  });

  it.each([
    [CloseCode.TicketInvalid, 'ticket_rejected'],
    [CloseCode.TicketWrongRoom, 'wrong_room'],
    [CloseCode.Replaced, 'replaced'],
    [CloseCode.Left, 'removed'],
    [CloseCode.PolicyViolation, 'policy_violation'],
    [CloseCode.Removed, 'removed_by_moderator'],
    [CloseCode.Banned, 'banned'],
    [CloseCode.NotAdmitted, 'not_admitted'],
    [CloseCode.MeetingEnded, 'meeting_ended'],
    [CloseCode.RoomLocked, 'room_locked'],
  ] as const)('treats close code %i as final (%s)', (code, reason) => {
    const { sockets, signaling } = joinedSignaling();
    sockets.last().serverClose(code);
    expect(signaling.status).toBe('ended');
    expect(signaling.endReason).toBe(reason);
    vi.advanceTimersByTime(20_000);
    expect(sockets.sockets).toHaveLength(1);
  });

  it.each([CloseCode.TicketExpired, CloseCode.TicketReused])(
    'fetches a new ticket once when the first join fails with %i',
    async (code) => {
      const { sockets, signaling, renewals } = setup({ renew: true });
      signaling.connect();
      sockets.last().open();
      sockets.last().serverClose(code);
      await vi.advanceTimersByTimeAsync(0);
      expect(renewals()).toBe(1);
      expect(sockets.sockets).toHaveLength(2);
      expect(sockets.last().url).toBe('ws://node/ws2');
      sockets.last().open();
      expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'join', ticket: 'T2' } });
      // A second failure is final.
      sockets.last().serverClose(code);
      await vi.advanceTimersByTimeAsync(0);
      expect(renewals()).toBe(1);
      expect(signaling.status).toBe('ended');
      expect(signaling.endReason).toBe('ticket_rejected');
    },
  );

  it('ends with ticket_rejected on 4002 without a way to renew', () => {
    const { sockets, signaling } = setup();
    signaling.connect();
    sockets.last().open();
    sockets.last().serverClose(CloseCode.TicketExpired);
    expect(signaling.status).toBe('ended');
    expect(signaling.endReason).toBe('ticket_rejected');
  });

  it('echoes ids: an error event names the command that caused it', () => {
    const { sockets, signaling, errors } = joinedSignaling();
    const id = signaling.send({ namespace: 'media', payload: { action: 'offer', sdp: 'v=0' } });
    expect(id).toBe(2);
    expect(sockets.last().sent[1]).toEqual({ id: 2, namespace: 'media', payload: { action: 'offer', sdp: 'v=0' } });
    // The node's wire format has `"event": "error"` in the error namespace.
    sockets
      .last()
      .receive(
        JSON.stringify({ id: 2, ts: 3, namespace: 'error', payload: { event: 'error', code: 'media_rejected', message: 'bad sdp' } }),
      );
    expect(errors).toEqual([
      { id: 2, code: 'media_rejected', message: 'bad sdp', command: { namespace: 'media', payload: { action: 'offer', sdp: 'v=0' } } },
    ]);
  });

  it('is connected in the waiting room and resumes there with its token', () => {
    const { sockets, signaling, statuses } = setup();
    signaling.connect();
    sockets.last().open();
    sockets.last().receive(waiting('W1'));
    expect(signaling.status).toBe('connected');
    expect(statuses.map(([s]) => s)).toEqual(['connecting', 'connected']);
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(250);
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'resume', token: 'W1' } });
    // Admission later brings a normal joined with a new token.
    sockets.last().receive(waiting('W2', true));
    sockets.last().receive(joined('R1'));
    sockets.last().serverClose(1006);
    vi.advanceTimersByTime(250);
    sockets.last().open();
    expect(sockets.last().sent[0]).toMatchObject({ payload: { action: 'resume', token: 'R1' } });
  });

  it('refuses a room locked at the first join without trying again', () => {
    const { sockets, signaling } = setup({ renew: true });
    signaling.connect();
    sockets.last().open();
    sockets.last().serverClose(CloseCode.RoomLocked);
    expect(signaling.endReason).toBe('room_locked');
    vi.advanceTimersByTime(20_000);
    expect(sockets.sockets).toHaveLength(1);
  });

  it('accepts exactly the generated server namespaces', () => {
    expect(SERVER_NAMESPACES).toEqual(['control', 'media', 'moderation', 'floor', 'chat', 'timer', 'polls', 'breakout', 'votes', 'error']);
    const moderation = decodeServerEnvelope(
      JSON.stringify({ ts: 1, namespace: 'moderation', payload: { event: 'muted', by: 'p2' } }),
    );
    expect(moderation).toMatchObject({ namespace: 'moderation', payload: { event: 'muted' } });
    const floor = decodeServerEnvelope(JSON.stringify({ ts: 1, namespace: 'floor', payload: { event: 'hands', hands: [] } }));
    expect(floor).toMatchObject({ namespace: 'floor' });
    const chat = decodeServerEnvelope(JSON.stringify({ ts: 1, namespace: 'chat', payload: { event: 'cleared', by: 'p2' } }));
    expect(chat).toMatchObject({ namespace: 'chat', payload: { event: 'cleared' } });
    expect(decodeServerEnvelope(JSON.stringify({ ts: 1, namespace: 'chat', payload: {} }))).toBeNull();
    const timer = decodeServerEnvelope(JSON.stringify({ ts: 1, namespace: 'timer', payload: { event: 'expired' } }));
    expect(timer).toMatchObject({ namespace: 'timer', payload: { event: 'expired' } });
    const polls = decodeServerEnvelope(JSON.stringify({ ts: 1, namespace: 'polls', payload: { event: 'voted', ballot: { poll_id: 1, choices: [0] } } }));
    expect(polls).toMatchObject({ namespace: 'polls', payload: { event: 'voted' } });
    expect(decodeServerEnvelope(JSON.stringify({ ts: 1, namespace: 'whiteboard', payload: { event: 'x' } }))).toBeNull();
    expect(decodeServerEnvelope(JSON.stringify({ ts: 1, namespace: 'floor', payload: {} }))).toBeNull();
  });

  it('ignores frames that are not server envelopes', () => {
    const { sockets, messages } = joinedSignaling();
    sockets.last().receive('not json');
    sockets.last().receive('{"namespace":"other","payload":{}}');
    sockets.last().receive('[]');
    expect(messages).toHaveLength(1);
  });

  it('does not send commands while reconnecting', () => {
    const { sockets, signaling } = joinedSignaling();
    sockets.last().serverClose(1006);
    expect(signaling.send({ namespace: 'control', payload: { action: 'update_media', audio: true, video: false, screen: false } })).toBeNull();
  });

  it('leave sends control/leave and closes with 1000', () => {
    const { sockets, signaling } = joinedSignaling();
    signaling.leave();
    expect(sockets.last().sent.at(-1)).toMatchObject({ namespace: 'control', payload: { action: 'leave' } });
    expect(sockets.last().closedWith?.code).toBe(1000);
    expect(signaling.endReason).toBe('left');
    vi.advanceTimersByTime(20_000);
    expect(sockets.sockets).toHaveLength(1);
  });
});
