// A fake WebSocket factory for unit tests of the signaling: records every socket it opened and
// what was sent, and lets a test open, answer and close them by hand. Test support only; the
// application never imports it.
import type { ClientEnvelope, ServerEnvelope } from '../protocol/generated';
import type { SignalingSocket, SocketFactory, SocketHandlers } from './signaling';

export class FakeSocket implements SignalingSocket {
  readonly url: string;
  readonly sentText: string[] = [];
  closedWith: { code: number | undefined; reason: string | undefined } | null = null;
  private readonly handlers: SocketHandlers;

  constructor(url: string, handlers: SocketHandlers) {
    this.url = url;
    this.handlers = handlers;
  }

  /** The decoded envelopes sent so far. */
  get sent(): ClientEnvelope[] {
    return this.sentText.map((t) => JSON.parse(t) as ClientEnvelope);
  }

  send(text: string): void {
    if (this.closedWith !== null) throw new Error('send on a closed fake socket');
    this.sentText.push(text);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  // ---- driven by the test ----
  open(): void {
    this.handlers.onOpen();
  }

  receive(envelope: ServerEnvelope | string): void {
    this.handlers.onMessage(typeof envelope === 'string' ? envelope : JSON.stringify(envelope));
  }

  serverClose(code: number, reason = ''): void {
    this.closedWith = { code, reason };
    this.handlers.onClose(code, reason);
  }
}

export function fakeSocketFactory(): { factory: SocketFactory; sockets: FakeSocket[]; last(): FakeSocket } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    factory: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    last() {
      const socket = sockets[sockets.length - 1];
      if (socket === undefined) throw new Error('no socket opened yet');
      return socket;
    },
  };
}
