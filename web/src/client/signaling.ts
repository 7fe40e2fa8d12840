// The signaling connection to a conference node: one WebSocket (through an injectable factory)
// carrying the JSON envelopes of docs/protocol. It joins with a ticket, pings every 2 s, notices
// silence and abnormal closes, resumes with the resume token of `joined` or `waiting` (with
// backoff), follows the room to another node when its node is gone (a fresh ticket names another
// URL), and maps the node's close codes to an end reason. It knows nothing about rooms (see roomStore.ts), media or the
// DOM; it only forwards every decoded server envelope to its listeners.
import {
  CloseCode,
  SERVER_NAMESPACES,
  type ClientCommand,
  type ClientEnvelope,
  type ErrorCode,
  type ServerEnvelope,
} from '../protocol/generated';

/** The part of a WebSocket the signaling needs. */
export interface SignalingSocket {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** Callbacks a socket factory wires to its socket. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(code: number, reason: string): void;
}

/** Opens a socket to `url`; must call the handlers asynchronously, as a WebSocket does. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => SignalingSocket;

/** The factory for real browsers. */
export const browserSocketFactory: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event: MessageEvent) => {
    // Binary frames are not part of the protocol; ignore them.
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  };
  ws.onclose = (event: CloseEvent) => handlers.onClose(event.code, event.reason);
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (code, reason) => ws.close(code, reason),
  };
};

export type SignalingStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'ended';

/**
 * Why the signaling ended:
 * - `left`: we left (or the page went away);
 * - `resume_rejected`: the node no longer keeps our place (4005): you can rejoin;
 * - `connection_lost`: reconnecting did not succeed in time: you can rejoin;
 * - `replaced`: the same participant resumed elsewhere (4006);
 * - `removed`: the node ended our stay without us leaving (4007);
 * - `removed_by_moderator`: a moderator removed us (4010); joining again is possible;
 * - `banned`: a moderator removed us for the rest of the meeting (4011);
 * - `not_admitted`: a moderator did not let us in from the waiting room (4012);
 * - `meeting_ended`: the meeting was ended (4013);
 * - `room_locked`: the meeting is locked (4014); it may be unlocked later;
 * - `ticket_rejected`: the ticket was refused (4001, or 4002/4004 again after a fresh ticket);
 * - `wrong_room`: the ticket names another room (4003);
 * - `policy_violation`: we flooded the node (4008);
 * - `closed`: the node closed the connection normally (1000/1001) without us leaving.
 */
export type EndReason =
  | 'left'
  | 'resume_rejected'
  | 'connection_lost'
  | 'replaced'
  | 'removed'
  | 'removed_by_moderator'
  | 'banned'
  | 'not_admitted'
  | 'meeting_ended'
  | 'room_locked'
  | 'ticket_rejected'
  | 'wrong_room'
  | 'policy_violation'
  | 'closed';

/** An `error` event, with the command it answers when the node echoed its id. */
export interface SignalingError {
  id: number | undefined;
  code: ErrorCode;
  message: string;
  command: ClientCommand | undefined;
}

export interface SignalingListener {
  message?(envelope: ServerEnvelope): void;
  status?(status: SignalingStatus, reason: EndReason | null): void;
  error?(error: SignalingError): void;
}

export interface FreshTicket {
  ticket: string;
  url: string;
}

export interface SignalingOptions {
  url: string;
  ticket: string;
  socketFactory: SocketFactory;
  /**
   * Fetches a new ticket: used once if the very first join fails with 4002/4004, and while
   * reconnecting to learn whether the room moved to another node.
   */
  renewTicket?: () => Promise<FreshTicket>;
  pingIntervalMs?: number;
  silenceTimeoutMs?: number;
  /** How long after losing the connection resuming is still tried. */
  reconnectWindowMs?: number;
  /** Delays between resume attempts; the last one repeats. */
  backoffMs?: readonly number[];
  now?: () => number;
}

/** Client-side close code used when we give up on a silent connection (not a clean close). */
export const SILENCE_CLOSE_CODE = 3000;
const MAX_ID = 0xffff_ffff;
const REMEMBERED_COMMANDS = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isServerNamespace(value: unknown): value is (typeof SERVER_NAMESPACES)[number] {
  return (SERVER_NAMESPACES as readonly unknown[]).includes(value);
}

/** Decodes a text frame into a server envelope, or `null` if it is not shaped like one. */
export function decodeServerEnvelope(text: string): ServerEnvelope | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.payload)) return null;
  const { namespace, id } = value;
  if (!isServerNamespace(namespace)) return null;
  if (id !== undefined && typeof id !== 'number') return null;
  if (namespace !== 'error' && typeof value.payload.event !== 'string') return null;
  if (namespace === 'error' && (typeof value.payload.code !== 'string' || typeof value.payload.message !== 'string')) {
    return null;
  }
  return value as ServerEnvelope;
}

export class Signaling {
  private readonly options: Required<Omit<SignalingOptions, 'renewTicket'>> & Pick<SignalingOptions, 'renewTicket'>;
  private url: string;
  private ticket: string;
  private socket: SignalingSocket | null = null;
  /** Incremented whenever a socket is dropped, so late callbacks of old sockets are ignored. */
  private generation = 0;
  private statusValue: SignalingStatus = 'idle';
  private endReasonValue: EndReason | null = null;
  private joinedOnce = false;
  private ticketRenewed = false;
  private resumeToken: string | null = null;
  private lossStartedAt: number | null = null;
  private attempt = 0;
  /** A renewTicket() asked while reconnecting has not settled yet. */
  private renewing = false;
  /**
   * The room moved to another node while we were reconnecting: our place died with the old node,
   * so attempts join (with a fresh ticket) until `joined` or `waiting` arrives.
   */
  private moved = false;
  private nextId = 1;
  private readonly sent = new Map<number, ClientCommand>();
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<SignalingListener>();

  constructor(options: SignalingOptions) {
    this.options = {
      pingIntervalMs: 2000,
      silenceTimeoutMs: 5000,
      reconnectWindowMs: 12_000,
      backoffMs: [250, 500, 1000, 2000],
      now: () => Date.now(),
      ...options,
    };
    this.url = options.url;
    this.ticket = options.ticket;
  }

  get status(): SignalingStatus {
    return this.statusValue;
  }

  get endReason(): EndReason | null {
    return this.endReasonValue;
  }

  listen(listener: SignalingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the first connection and joins with the ticket. */
  connect(): void {
    if (this.statusValue !== 'idle') return;
    this.setStatus('connecting');
    this.open('join');
  }

  /**
   * Sends a command and returns its id, or `null` when there is no joined connection to send
   * it on (commands are not queued: the callers resend their state after a resume).
   */
  send(command: ClientCommand): number | null {
    if (this.statusValue !== 'connected' || this.socket === null) return null;
    return this.sendOn(this.socket, command);
  }

  /** Leaves for good: sends `control/leave` if possible and closes with 1000. */
  leave(): void {
    if (this.statusValue === 'ended') return;
    if (this.socket !== null && this.statusValue === 'connected') {
      this.sendOn(this.socket, { namespace: 'control', payload: { action: 'leave' } });
    }
    this.end('left', 1000);
  }

  private sendOn(socket: SignalingSocket, command: ClientCommand): number {
    const id = this.nextId;
    this.nextId = this.nextId >= MAX_ID ? 1 : this.nextId + 1;
    const envelope: ClientEnvelope = { id, ...command };
    this.sent.set(id, command);
    if (this.sent.size > REMEMBERED_COMMANDS) {
      const oldest = this.sent.keys().next();
      if (oldest.done !== true) this.sent.delete(oldest.value);
    }
    socket.send(JSON.stringify(envelope));
    return id;
  }

  private open(mode: 'join' | 'resume'): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    if (this.lossStartedAt !== null) {
      // An attempt (a resume, or a join on the room's new node) that hangs must not outlive the
      // reconnect window.
      this.armSilence(Math.min(this.options.silenceTimeoutMs, this.windowLeft()));
    } else {
      this.armSilence();
    }
    try {
      this.socket = this.options.socketFactory(this.url, {
        onOpen: () => {
          if (current()) this.onOpen(mode);
        },
        onMessage: (text) => {
          if (current()) this.onMessage(text);
        },
        onClose: (code) => {
          if (current()) this.onClose(code);
        },
      });
    } catch {
      // An unusable URL behaves like a connection that closed abnormally.
      this.socket = null;
      queueMicrotask(() => {
        if (current()) this.onClose(1006);
      });
    }
  }

  private onOpen(mode: 'join' | 'resume'): void {
    if (this.socket === null) return;
    this.armSilence();
    if (mode === 'join') {
      // Media is switched on with `update_media` once the meeting's policy is known.
      const payload = { action: 'join', ticket: this.ticket, audio: false, video: false } as const;
      this.sendOn(this.socket, { namespace: 'control', payload });
    } else if (this.resumeToken !== null) {
      this.sendOn(this.socket, { namespace: 'control', payload: { action: 'resume', token: this.resumeToken } });
    }
  }

  private onMessage(text: string): void {
    this.armSilence();
    const envelope = decodeServerEnvelope(text);
    if (envelope === null) return;
    if (envelope.namespace === 'control' && (envelope.payload.event === 'joined' || envelope.payload.event === 'waiting')) {
      this.resumeToken = envelope.payload.resume_token;
      this.joinedOnce = true;
      this.moved = false;
      this.lossStartedAt = null;
      this.attempt = 0;
      this.startPing();
      this.setStatus('connected');
    }
    if (envelope.namespace === 'error') {
      const error: SignalingError = {
        id: envelope.id,
        code: envelope.payload.code,
        message: envelope.payload.message,
        command: envelope.id !== undefined ? this.sent.get(envelope.id) : undefined,
      };
      for (const l of [...this.listeners]) l.error?.(error);
    }
    for (const l of [...this.listeners]) l.message?.(envelope);
  }

  private onClose(code: number): void {
    this.dropSocket();
    if (this.statusValue === 'ended') return;
    switch (code) {
      case CloseCode.ResumeRejected:
        return this.end('resume_rejected');
      case CloseCode.Replaced:
        return this.end('replaced');
      case CloseCode.Left:
        return this.end('removed');
      case CloseCode.TicketInvalid:
        return this.end('ticket_rejected');
      case CloseCode.TicketWrongRoom:
        return this.end('wrong_room');
      case CloseCode.PolicyViolation:
        return this.end('policy_violation');
      case CloseCode.Removed:
        return this.end('removed_by_moderator');
      case CloseCode.Banned:
        return this.end('banned');
      case CloseCode.NotAdmitted:
        return this.end('not_admitted');
      case CloseCode.MeetingEnded:
        return this.end('meeting_ended');
      case CloseCode.RoomLocked:
        return this.end('room_locked');
      case CloseCode.TicketExpired:
      case CloseCode.TicketReused:
        if (!this.joinedOnce) return this.renewOrEnd('ticket_rejected');
        // Joining the room's new node with a spent ticket: the next attempt fetches another.
        if (this.moved && this.statusValue === 'reconnecting') return this.lost();
        return this.end('ticket_rejected');
      case 1000:
      case 1001:
        return this.end('closed');
      default:
        // 1006 (network gone), 1009, 1011, 4000 join timeout, 4009 shutting down, …
        return this.lost();
    }
  }

  private onSilence(): void {
    if (this.statusValue === 'ended' || this.statusValue === 'idle') return;
    const socket = this.socket;
    this.dropSocket();
    socket?.close(SILENCE_CLOSE_CODE, 'no message for 5 s');
    this.lost();
  }

  /** The connection is gone without a final close code: resume if we can. */
  private lost(): void {
    if (this.resumeToken === null) {
      // Never joined: the ticket may have been spent; only a fresh ticket can help.
      this.renewOrEnd('connection_lost');
      return;
    }
    const now = this.options.now();
    if (this.lossStartedAt === null) {
      this.lossStartedAt = now;
      this.attempt = 0;
    }
    this.setStatus('reconnecting');
    const backoff = this.options.backoffMs;
    const delay = backoff[Math.min(this.attempt, backoff.length - 1)] ?? 1000;
    this.attempt += 1;
    if (now + delay - this.lossStartedAt > this.options.reconnectWindowMs) {
      this.end('connection_lost');
      return;
    }
    // The first retry is a plain resume, so a short network blip costs no request to the
    // controller. Once an attempt failed, the node itself may be gone: ask for a fresh ticket first.
    const renew = this.attempt >= 2;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.statusValue !== 'reconnecting') return;
      if (renew) this.renewThenRetry();
      else this.retry();
    }, delay);
  }

  /** One reconnect attempt without a fresh ticket. */
  private retry(): void {
    this.open(this.moved ? 'join' : 'resume');
  }

  /**
   * Asks for a fresh ticket, then makes the next attempt. The controller places the room on a live
   * node: another URL than ours means our node is gone (and our place with it), so we join there.
   * Failing to get a ticket (e.g. the controller answered 503) is no reason to give up: we resume.
   */
  private renewThenRetry(): void {
    const renew = this.options.renewTicket;
    // At most one request in flight: if the last one still hangs, do not wait for it again.
    if (renew === undefined || this.renewing) {
      this.retry();
      return;
    }
    this.renewing = true;
    const generation = this.generation;
    const current = () => generation === this.generation && this.statusValue === 'reconnecting';
    // A controller that does not answer must not hold up the attempts (nor outlast the window).
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        if (!current()) return;
        if (this.windowLeft() <= 0) this.end('connection_lost');
        else this.retry();
      },
      Math.min(this.options.silenceTimeoutMs, this.windowLeft()),
    );
    renew().then(
      (fresh) => {
        this.renewing = false;
        if (!current()) return;
        this.cancelRetry();
        if (this.moved || fresh.url !== this.url) {
          this.moved = true;
          this.url = fresh.url;
          this.ticket = fresh.ticket;
          this.open('join');
        } else {
          // Same node: it may still keep our place; the ticket is not needed.
          this.open('resume');
        }
      },
      () => {
        this.renewing = false;
        if (!current()) return;
        this.cancelRetry();
        this.retry();
      },
    );
  }

  /** Milliseconds left of the reconnect window (never negative). */
  private windowLeft(): number {
    if (this.lossStartedAt === null) return this.options.reconnectWindowMs;
    return Math.max(0, this.lossStartedAt + this.options.reconnectWindowMs - this.options.now());
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private renewOrEnd(reason: EndReason): void {
    const renew = this.options.renewTicket;
    if (renew === undefined || this.ticketRenewed) {
      this.end(reason);
      return;
    }
    this.ticketRenewed = true;
    this.clearTimers();
    renew().then(
      (fresh) => {
        if (this.statusValue === 'ended') return;
        this.ticket = fresh.ticket;
        this.url = fresh.url;
        this.open('join');
      },
      () => this.end(reason),
    );
  }

  private end(reason: EndReason, closeCode?: number): void {
    if (this.statusValue === 'ended') return;
    const socket = this.socket;
    this.dropSocket();
    if (socket !== null && closeCode !== undefined) socket.close(closeCode);
    else if (socket !== null) socket.close(1000);
    this.endReasonValue = reason;
    this.setStatus('ended');
  }

  private dropSocket(): void {
    this.generation += 1;
    this.socket = null;
    this.clearTimers();
  }

  private clearTimers(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    if (this.silenceTimer !== null) clearTimeout(this.silenceTimer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.pingTimer = null;
    this.silenceTimer = null;
    this.retryTimer = null;
  }

  private armSilence(ms: number = this.options.silenceTimeoutMs): void {
    if (this.silenceTimer !== null) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = null;
      this.onSilence();
    }, ms);
  }

  private startPing(): void {
    if (this.pingTimer !== null) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.socket !== null) this.sendOn(this.socket, { namespace: 'control', payload: { action: 'ping' } });
    }, this.options.pingIntervalMs);
  }

  private setStatus(status: SignalingStatus): void {
    if (this.statusValue === status) return;
    this.statusValue = status;
    const reason = status === 'ended' ? this.endReasonValue : null;
    for (const l of [...this.listeners]) l.status?.(status, reason);
  }
}
