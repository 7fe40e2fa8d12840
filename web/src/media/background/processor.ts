// Background blur and replacement on the sender, the main thread's side: it starts a dedicated
// module worker (segmentation.worker.ts: MediaPipe's segmenter and the compositing, off the main
// thread), feeds it the camera through the breakout box where the browser has one
// (trackPipeline.ts, no main-thread work per frame) or as ImageBitmaps (bitmapPipeline.ts), and
// tells it the backdrop (backdrop.ts): blur, or a picture decoded here once (picture.ts). The
// result is a track. Every frame's main-thread time and worker time are recorded (`performance`
// measures "plenum.background" and "plenum.background.worker", and `stats()`; see frameCost.ts).
// No segmentation or drawing of frames happens here.
import type { BackgroundChoice, VideoEffect } from './effects';
import { BackdropChooser } from './backdrop';
import { startBitmapPipeline, type BitmapPipeline } from './bitmapPipeline';
import { FrameCost } from './frameCost';
import { pictureBitmap } from './picture';
import { startTrackPipeline, type TrackPipeline } from './trackPipeline';
import { readFromWorker, transferables, type FromWorker, type ToWorker } from './workerProtocol';

/** Frames per second produced (the camera may deliver more). */
const FPS = 15;
/** The largest picture sent (a larger camera is scaled down). */
const MAX_WIDTH = 1280;
/** How long a stopping worker may take to let go of the tracks before it is ended. */
const STOP_GRACE_MS = 1000;

/** Starts the worker and resolves once its segmenter is loaded. */
async function startWorker(onMessage: (message: FromWorker) => void): Promise<Worker> {
  if (typeof Worker !== 'function' || typeof OffscreenCanvas !== 'function') throw new Error('no module worker with OffscreenCanvas');
  const worker = new Worker(new URL('./segmentation.worker.ts', import.meta.url), { type: 'module', name: 'plenum-background' });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.addEventListener('error', (event) => reject(new Error(event.message || 'background worker failed')), { once: true });
      worker.addEventListener('message', (event: MessageEvent<unknown>) => {
        const message = readFromWorker(event.data);
        if (message === null) return;
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'failed') reject(new Error(message.message));
        else onMessage(message);
      });
    });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return worker;
}

/** The size of the processed picture for `camera` (as the worker will make it). */
function outputSize(camera: MediaStreamTrack): { width: number; height: number } {
  const settings = camera.getSettings();
  const width = settings.width ?? 1280;
  const height = settings.height ?? 720;
  const scale = Math.min(1, MAX_WIDTH / Math.max(1, width));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/**
 * Starts blurring or replacing the background of `camera`. `resolveImage` maps a picture's id to
 * its URL. Rejects when the browser cannot run the segmenter (no module worker or
 * OffscreenCanvas, no WebAssembly, blocked by the page's security policy, no canvas capture).
 */
export async function createBackgroundEffect(
  camera: MediaStreamTrack,
  initial: BackgroundChoice,
  resolveImage: (id: string) => string | null,
): Promise<VideoEffect> {
  const cost = new FrameCost(performance);
  let bitmaps: BitmapPipeline | null = null;
  let stopped = false;
  let onStopped: () => void = () => undefined;

  const worker = await startWorker((message) => {
    if (message.kind === 'stopped') {
      onStopped();
      return;
    }
    if (message.kind !== 'processed') return;
    const started = performance.now();
    let sent = { mainStart: started, mainMs: 0 };
    if (message.output !== null) {
      if (bitmaps === null) message.output.close();
      else sent = bitmaps.show(message.output);
    }
    const mainMs = sent.mainMs + (performance.now() - started);
    cost.record({ mainStart: sent.mainStart, mainMs, workerStarted: message.started, workerMs: message.workerMs });
  });
  const post = (message: ToWorker) => worker.postMessage(message, transferables(message));

  let pipeline: TrackPipeline | BitmapPipeline;
  try {
    const options = { fps: FPS, maxWidth: MAX_WIDTH };
    const track = startTrackPipeline(camera, post, options);
    if (track !== null) {
      pipeline = track;
    } else {
      bitmaps = await startBitmapPipeline(camera, post, options);
      pipeline = bitmaps;
    }
  } catch (error) {
    worker.terminate();
    throw error;
  }

  const backdrop = new BackdropChooser({
    resolve: resolveImage,
    load: (url) => {
      const { width, height } = outputSize(camera);
      return pictureBitmap(url, width, height);
    },
    send: (next) => post({ kind: 'backdrop', backdrop: next }),
  });
  backdrop.choose(initial);

  return {
    track: pipeline.track,
    setBackground: (next) => backdrop.choose(next),
    stats: () => cost.stats(),
    stop() {
      if (stopped) return;
      stopped = true;
      backdrop.close();
      const timer = setTimeout(() => worker.terminate(), STOP_GRACE_MS);
      onStopped = () => {
        clearTimeout(timer);
        worker.terminate();
      };
      post({ kind: 'stop' });
      pipeline.stop();
    },
  };
}
