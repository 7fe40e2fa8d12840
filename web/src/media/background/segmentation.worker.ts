// The segmentation worker (a same-origin module worker, one per running background effect): it
// loads the segmenter, then turns camera frames into processed ones off the main thread. Frames
// come as a transferred stream of VideoFrames, paced to the wanted rate here, and leave through
// the transferred writable of the outgoing track (the breakout box); or they come one
// ImageBitmap at a time and go back as ImageBitmaps. Each processed frame's worker time is sent
// to the main thread. It holds no state beyond one effect and has no DOM.
import { Compositor, type CameraFrame } from './compositor';
import { FramePacer } from './pacing';
import { Segmenter } from './segmenter';
import { readToWorker, transferables, type Backdrop, type FromWorker } from './workerProtocol';

/** The part of the worker's global scope used here (the client is typed against the DOM). */
interface WorkerScope {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;

function send(message: FromWorker): void {
  scope.postMessage(message, transferables(message));
}

let compositor: Compositor | null = null;
let backdrop: Backdrop = { kind: 'blur' };
let track: { reader: ReadableStreamDefaultReader<VideoFrame> } | null = null;
let stopped = false;

const segmenter = Segmenter.load();
segmenter.then(
  () => send({ kind: 'ready' }),
  (error: unknown) => send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);

function compositorFor(maxWidth: number): Compositor {
  if (compositor === null) {
    compositor = new Compositor(maxWidth);
    compositor.setBackdrop(backdrop);
  }
  return compositor;
}

/**
 * Segments and composes `frame`, and reads the result out with `output` (which is when the
 * canvas does the drawing). Returns the output, when the worker started (epoch ms) and its time.
 */
function process<T>(
  model: Segmenter,
  target: Compositor,
  frame: CameraFrame,
  timestamp: number,
  output: (canvas: OffscreenCanvas) => T,
): { output: T; started: number; workerMs: number } {
  const started = performance.now();
  const input = target.prepare(frame);
  model.segment(input, timestamp, target.mask);
  target.compose();
  const result = output(target.output);
  return { output: result, started: performance.timeOrigin + started, workerMs: performance.now() - started };
}

/** The canvas's picture as a VideoFrame (handing over its bitmap costs less than copying it). */
function videoFrameOf(canvas: OffscreenCanvas, timestamp: number): VideoFrame {
  const bitmap = canvas.transferToImageBitmap();
  try {
    return new VideoFrame(bitmap, { timestamp, alpha: 'discard' });
  } finally {
    bitmap.close();
  }
}

/** Camera stream in, processed stream out, until either ends or `stop`. */
async function runTrack(readable: ReadableStream<VideoFrame>, writable: WritableStream<VideoFrame>, fps: number, maxWidth: number): Promise<void> {
  const model = await segmenter;
  const target = compositorFor(maxWidth);
  const pacer = new FramePacer(fps);
  const reader = readable.getReader();
  const writer = writable.getWriter();
  track = { reader };
  try {
    while (!stopped) {
      const { value: frame, done } = await reader.read();
      if (done) break;
      let output: VideoFrame | null = null;
      try {
        // VideoFrame timestamps are in microseconds.
        if (!pacer.admit(frame.timestamp / 1000)) continue;
        const timestamp = frame.timestamp;
        const done = process(model, target, frame, timestamp / 1000, (canvas) => videoFrameOf(canvas, timestamp));
        output = done.output;
        send({ kind: 'processed', started: done.started, workerMs: done.workerMs, output: null });
      } catch {
        // A frame that could not be processed is skipped; the next one tries again.
      } finally {
        frame.close();
      }
      // The generator closes the frames written to it.
      if (output !== null) await writer.write(output);
    }
  } catch {
    // The outgoing track was stopped or the camera ended.
  } finally {
    track = null;
    await reader.cancel().catch(() => undefined);
    await writer.close().catch(() => undefined);
  }
}

async function processBitmap(frame: ImageBitmap, timestamp: number, maxWidth: number): Promise<void> {
  try {
    const model = await segmenter;
    if (stopped) return;
    const target = compositorFor(maxWidth);
    const done = process(model, target, frame, timestamp, (canvas) => canvas.transferToImageBitmap());
    send({ kind: 'processed', started: done.started, workerMs: done.workerMs, output: done.output });
  } finally {
    frame.close();
  }
}

scope.addEventListener('message', (event) => {
  const message = readToWorker(event.data);
  if (message === null) return;
  switch (message.kind) {
    case 'track':
      void runTrack(message.readable, message.writable, message.fps, message.maxWidth).finally(() => {
        if (stopped) send({ kind: 'stopped' });
      });
      break;
    case 'frame':
      processBitmap(message.frame, message.timestamp, message.maxWidth).catch(() => {
        // Not processed: the main thread sends the next frame when this one is overdue.
      });
      break;
    case 'backdrop':
      backdrop = message.backdrop;
      compositor?.setBackdrop(backdrop);
      break;
    case 'stop':
      stopped = true;
      if (track === null) send({ kind: 'stopped' });
      else void track.reader.cancel().catch(() => undefined);
      break;
  }
});
