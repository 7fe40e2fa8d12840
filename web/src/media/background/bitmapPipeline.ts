// The ImageBitmap pipeline of the background effect, for browsers without the breakout box
// (Firefox, Safari): the main thread plays the camera in an off-document video element, takes
// a bitmap of it `fps` times per second (one at a time in flight) and hands it to the worker,
// and shows each processed bitmap it gets back on a canvas whose capture is the outgoing track.
// It times its own synchronous main-thread work per frame. It does no image processing.
import type { ToWorker } from './workerProtocol';

/** A processed frame waits this long for the worker before the next one is sent anyway. */
const OVERDUE_MS = 1000;

export interface BitmapPipeline {
  readonly track: MediaStreamTrack;
  /**
   * Shows a processed bitmap; returns when the main thread began on that frame and how many
   * milliseconds of its own time taking and sending it cost (showing it is the caller's to time).
   */
  show(output: ImageBitmap): { mainStart: number; mainMs: number };
  stop(): void;
}

export async function startBitmapPipeline(
  camera: MediaStreamTrack,
  post: (message: ToWorker) => void,
  options: { fps: number; maxWidth: number },
): Promise<BitmapPipeline> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([camera]);
  await video.play();
  if (video.videoWidth === 0) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
  const canvas = document.createElement('canvas');
  canvas.width = Math.min(options.maxWidth, video.videoWidth || 640);
  canvas.height = Math.round((canvas.width * (video.videoHeight || 360)) / (video.videoWidth || 640));
  const renderer = canvas.getContext('bitmaprenderer');
  if (renderer === null) throw new Error('no bitmaprenderer canvas');
  const track = canvas.captureStream(options.fps).getVideoTracks()[0];
  if (track === undefined) throw new Error('no canvas capture');

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The frame at the worker: when its main-thread work began, and how much there was. */
  let inFlight: { mainStart: number; mainMs: number } | null = null;

  const grab = async () => {
    if (stopped) return;
    const started = performance.now();
    timer = setTimeout(() => void grab(), 1000 / options.fps);
    if (inFlight !== null && started - inFlight.mainStart < OVERDUE_MS) return;
    inFlight = null;
    try {
      const pending = createImageBitmap(video);
      const taken = performance.now();
      const frame = await pending;
      const resumed = performance.now();
      if (stopped) {
        frame.close();
        return;
      }
      post({ kind: 'frame', frame, timestamp: started, maxWidth: options.maxWidth });
      inFlight = { mainStart: started, mainMs: taken - started + (performance.now() - resumed) };
    } catch {
      // No frame this time (the video is not ready); the next tick tries again.
    }
  };
  void grab();

  return {
    track,
    show(output) {
      if (stopped) {
        output.close();
      } else {
        if (canvas.width !== output.width || canvas.height !== output.height) {
          canvas.width = output.width;
          canvas.height = output.height;
        }
        renderer.transferFromImageBitmap(output);
      }
      const sent = inFlight ?? { mainStart: performance.now(), mainMs: 0 };
      inFlight = null;
      return sent;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      track.stop();
      video.pause();
      video.srcObject = null;
    },
  };
}
