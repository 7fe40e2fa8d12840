// The breakout-box pipeline of the background effect, for browsers with Chromium's insertable
// streams for video (MediaStreamTrackProcessor and MediaStreamTrackGenerator on the main thread;
// their streams are transferable): the camera's frames stream straight to the worker, and the
// worker writes the processed frames into the outgoing track. The main thread does no work per
// frame. It only sets up and tears down the tracks; the worker does the processing.
import type { ToWorker } from './workerProtocol';

interface TrackProcessor {
  readonly readable: ReadableStream<VideoFrame>;
}

interface TrackGenerator extends MediaStreamTrack {
  readonly writable: WritableStream<VideoFrame>;
}

interface BreakoutBox {
  MediaStreamTrackProcessor: new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => TrackProcessor;
  MediaStreamTrackGenerator: new (init: { kind: 'video' }) => TrackGenerator;
}

/** The browser's breakout box, or null where there is none (Firefox, Safari). */
function breakoutBox(): BreakoutBox | null {
  const candidate = globalThis as Partial<BreakoutBox>;
  const { MediaStreamTrackProcessor, MediaStreamTrackGenerator } = candidate;
  return typeof MediaStreamTrackProcessor === 'function' && typeof MediaStreamTrackGenerator === 'function'
    ? { MediaStreamTrackProcessor, MediaStreamTrackGenerator }
    : null;
}

export interface TrackPipeline {
  /** The processed track (fed by the worker). */
  readonly track: MediaStreamTrack;
  stop(): void;
}

/**
 * Streams `camera` through the worker (via `post`) into a new track, or returns null when the
 * browser has no breakout box.
 */
export function startTrackPipeline(
  camera: MediaStreamTrack,
  post: (message: ToWorker) => void,
  options: { fps: number; maxWidth: number },
): TrackPipeline | null {
  const box = breakoutBox();
  if (box === null) return null;
  let processor: TrackProcessor;
  let generator: TrackGenerator;
  try {
    // One frame of buffer: a frame the worker has no time for is dropped, never queued.
    processor = new box.MediaStreamTrackProcessor({ track: camera, maxBufferSize: 1 });
    generator = new box.MediaStreamTrackGenerator({ kind: 'video' });
  } catch {
    return null;
  }
  post({ kind: 'track', readable: processor.readable, writable: generator.writable, ...options });
  return {
    track: generator,
    stop() {
      generator.stop();
    },
  };
}
