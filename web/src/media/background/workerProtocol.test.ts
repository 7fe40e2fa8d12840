// Unit tests of the main thread ↔ worker messages: each side accepts the messages of the other
// side as they are sent, rejects anything malformed or foreign, and hands over (transfers) the
// streams and bitmaps instead of copying them.
import { describe, expect, it } from 'vitest';
import { readFromWorker, readToWorker, transferables, type FromWorker, type ToWorker } from './workerProtocol';

/** Stands in for an ImageBitmap (Node has none). */
function bitmap(): ImageBitmap {
  return { width: 640, height: 360, close: () => undefined } as ImageBitmap;
}

describe('readToWorker', () => {
  it('accepts what the main thread sends', () => {
    const readable = new ReadableStream<VideoFrame>();
    const writable = new WritableStream<VideoFrame>();
    const frame = bitmap();
    const picture = bitmap();
    const messages: ToWorker[] = [
      { kind: 'track', readable, writable, fps: 15, maxWidth: 1280 },
      { kind: 'frame', frame, timestamp: 1234.5, maxWidth: 1280 },
      { kind: 'backdrop', backdrop: { kind: 'blur' } },
      { kind: 'backdrop', backdrop: { kind: 'picture', picture } },
      { kind: 'stop' },
    ];
    for (const message of messages) expect(readToWorker(message)).toEqual(message);
    const track = readToWorker(messages[0]);
    expect(track?.kind === 'track' && track.readable).toBe(readable);
  });

  it('rejects malformed and foreign messages', () => {
    const bad: unknown[] = [
      null,
      'stop',
      42,
      {},
      { kind: 'hello' },
      { kind: 'track', readable: {}, writable: new WritableStream(), fps: 15, maxWidth: 1280 },
      { kind: 'track', readable: new ReadableStream(), writable: new WritableStream(), fps: 0, maxWidth: 1280 },
      { kind: 'frame', frame: { width: 1 }, timestamp: 1, maxWidth: 1280 },
      { kind: 'frame', frame: bitmap(), timestamp: Number.NaN, maxWidth: 1280 },
      { kind: 'backdrop', backdrop: { kind: 'picture', picture: null } },
      { kind: 'backdrop', backdrop: { kind: 'stars' } },
    ];
    for (const message of bad) expect(readToWorker(message)).toBeNull();
  });
});

describe('readFromWorker', () => {
  it('accepts what the worker sends', () => {
    const messages: FromWorker[] = [
      { kind: 'ready' },
      { kind: 'failed', message: 'no WebAssembly' },
      { kind: 'processed', started: 1_700_000_000_000.5, workerMs: 21.3, output: null },
      { kind: 'processed', started: 1_700_000_000_000.5, workerMs: 21.3, output: bitmap() },
      { kind: 'stopped' },
    ];
    for (const message of messages) expect(readFromWorker(message)).toEqual(message);
  });

  it('rejects malformed and foreign messages', () => {
    const bad: unknown[] = [
      undefined,
      { kind: 'processed', started: 'now', workerMs: 1, output: null },
      { kind: 'processed', started: 1, workerMs: -1, output: null },
      { kind: 'processed', started: 1, workerMs: 1, output: 'picture' },
      { kind: 'processed', started: 1, workerMs: 1 },
      { type: 'ready' },
    ];
    for (const message of bad) expect(readFromWorker(message)).toBeNull();
  });

  it('reads a failure without a message as unknown', () => {
    expect(readFromWorker({ kind: 'failed' })).toEqual({ kind: 'failed', message: 'unknown' });
  });
});

describe('transferables', () => {
  it('hands over streams and bitmaps, and nothing else', () => {
    const readable = new ReadableStream<VideoFrame>();
    const writable = new WritableStream<VideoFrame>();
    const frame = bitmap();
    expect(transferables({ kind: 'track', readable, writable, fps: 15, maxWidth: 1280 })).toEqual([readable, writable]);
    expect(transferables({ kind: 'frame', frame, timestamp: 1, maxWidth: 1280 })).toEqual([frame]);
    expect(transferables({ kind: 'backdrop', backdrop: { kind: 'picture', picture: frame } })).toEqual([frame]);
    expect(transferables({ kind: 'backdrop', backdrop: { kind: 'blur' } })).toEqual([]);
    expect(transferables({ kind: 'processed', started: 1, workerMs: 1, output: frame })).toEqual([frame]);
    expect(transferables({ kind: 'processed', started: 1, workerMs: 1, output: null })).toEqual([]);
    expect(transferables({ kind: 'stop' })).toEqual([]);
  });
});
