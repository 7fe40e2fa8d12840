// The messages between the main thread (processor.ts) and the segmentation worker
// (segmentation.worker.ts), and the checks each side applies to what it receives. Camera frames
// reach the worker either as a transferred stream of VideoFrames (the breakout box, see
// trackPipeline.ts) or one ImageBitmap at a time (bitmapPipeline.ts). Types and pure functions
// only: no worker, no DOM, no MediaPipe.

/** What goes behind the person: the blurred camera, or a picture already drawn to cover the output. */
export type Backdrop = { kind: 'blur' } | { kind: 'picture'; picture: ImageBitmap };

/** Main thread → worker. */
export type ToWorker =
  /** Process this stream of camera frames into that one, at most `fps` frames per second. */
  | { kind: 'track'; readable: ReadableStream<VideoFrame>; writable: WritableStream<VideoFrame>; fps: number; maxWidth: number }
  /** Process one camera frame and send the result back (`processed` with `output`). */
  | { kind: 'frame'; frame: ImageBitmap; timestamp: number; maxWidth: number }
  | { kind: 'backdrop'; backdrop: Backdrop }
  /** End the track (if any); the worker answers `stopped`. */
  | { kind: 'stop' };

/** Worker → main thread. */
export type FromWorker =
  /** The segmenter is loaded; frames can come. */
  | { kind: 'ready' }
  /** The segmenter could not be loaded (no WebAssembly, blocked, model missing). */
  | { kind: 'failed'; message: string }
  /**
   * One frame processed: when the worker started on it (milliseconds since the epoch, so the
   * main thread can place it on its own timeline), how long it took there, and in bitmap mode
   * the picture to show.
   */
  | { kind: 'processed'; started: number; workerMs: number; output: ImageBitmap | null }
  | { kind: 'stopped' };

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** An ImageBitmap (recognised by shape: tests run where there is none). */
function isBitmap(value: unknown): value is ImageBitmap {
  return isRecord(value) && isFiniteNumber(value.width) && isFiniteNumber(value.height) && typeof value.close === 'function';
}

function isReadable(value: unknown): value is ReadableStream<VideoFrame> {
  return isRecord(value) && typeof value.getReader === 'function';
}

function isWritable(value: unknown): value is WritableStream<VideoFrame> {
  return isRecord(value) && typeof value.getWriter === 'function';
}

function readBackdrop(value: unknown): Backdrop | null {
  if (!isRecord(value)) return null;
  if (value.kind === 'blur') return { kind: 'blur' };
  if (value.kind === 'picture' && isBitmap(value.picture)) return { kind: 'picture', picture: value.picture };
  return null;
}

/** The message the worker received, or null when it is none of ours. */
export function readToWorker(data: unknown): ToWorker | null {
  if (!isRecord(data)) return null;
  switch (data.kind) {
    case 'track':
      return isReadable(data.readable) && isWritable(data.writable) && isFiniteNumber(data.fps) && data.fps > 0 && isFiniteNumber(data.maxWidth)
        ? { kind: 'track', readable: data.readable, writable: data.writable, fps: data.fps, maxWidth: data.maxWidth }
        : null;
    case 'frame':
      return isBitmap(data.frame) && isFiniteNumber(data.timestamp) && isFiniteNumber(data.maxWidth)
        ? { kind: 'frame', frame: data.frame, timestamp: data.timestamp, maxWidth: data.maxWidth }
        : null;
    case 'backdrop': {
      const backdrop = readBackdrop(data.backdrop);
      return backdrop === null ? null : { kind: 'backdrop', backdrop };
    }
    case 'stop':
      return { kind: 'stop' };
    default:
      return null;
  }
}

/** The message the main thread received from the worker, or null when it is none of ours. */
export function readFromWorker(data: unknown): FromWorker | null {
  if (!isRecord(data)) return null;
  switch (data.kind) {
    case 'ready':
      return { kind: 'ready' };
    case 'failed':
      return { kind: 'failed', message: typeof data.message === 'string' ? data.message : 'unknown' };
    case 'processed':
      if (!isFiniteNumber(data.started) || !isFiniteNumber(data.workerMs) || data.workerMs < 0) return null;
      if (data.output !== null && !isBitmap(data.output)) return null;
      return { kind: 'processed', started: data.started, workerMs: data.workerMs, output: data.output };
    case 'stopped':
      return { kind: 'stopped' };
    default:
      return null;
  }
}

/** The objects a message hands over (transfers) instead of copying. */
export function transferables(message: ToWorker | FromWorker): Transferable[] {
  switch (message.kind) {
    case 'track':
      return [message.readable, message.writable];
    case 'frame':
      return [message.frame];
    case 'backdrop':
      return message.backdrop.kind === 'picture' ? [message.backdrop.picture] : [];
    case 'processed':
      return message.output === null ? [] : [message.output];
    default:
      return [];
  }
}
