// Background blur and replacement on the sender, on the main thread: MediaPipe Tasks'
// ImageSegmenter (WebAssembly, CPU/XNNPACK) runs the selfie-segmentation model shipped in the
// npm package `@mediapipe/selfie_segmentation` (its metadata completed by tfliteMetadata.ts);
// both the wasm and the model are Vite assets of this client, fetched from our own server only.
// Each camera frame is segmented at the model's size, the soft mask keeps the person, and the
// background is the camera blurred (drawn small and scaled up) or a picture. The result is a
// canvas track. Every frame's main-thread time is measured (`performance` entries named
// "plenum.background", and `stats()`). It uses off-document video and canvas elements only.
import modelUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite?url';
import wasmLoaderUrl from '@mediapipe/tasks-vision/vision_wasm_internal.js?url';
import wasmBinaryUrl from '@mediapipe/tasks-vision/vision_wasm_internal.wasm?url';
import type { ImageSegmenter } from '@mediapipe/tasks-vision';
import type { BackgroundChoice, VideoEffect } from './effects';
import { withInputNormalization } from './tfliteMetadata';

/** The landscape model's input size. */
const MASK_WIDTH = 256;
const MASK_HEIGHT = 144;
/** Frames per second produced (the camera may deliver more). */
const FPS = 15;
/** The largest picture sent (a larger camera is scaled down). */
const MAX_WIDTH = 1280;
const MEASURE = 'plenum.background';

let segmenter: Promise<ImageSegmenter> | null = null;

/** Loads the segmenter once (the wasm runtime and the model come from our own server). */
function loadSegmenter(): Promise<ImageSegmenter> {
  segmenter ??= (async () => {
    const [{ ImageSegmenter }, model] = await Promise.all([
      import('@mediapipe/tasks-vision'),
      fetch(modelUrl).then(async (response) => {
        if (!response.ok) throw new Error(`model: ${response.status}`);
        return new Uint8Array(await response.arrayBuffer());
      }),
    ]);
    return ImageSegmenter.createFromOptions(
      { wasmLoaderPath: wasmLoaderUrl, wasmBinaryPath: wasmBinaryUrl },
      {
        // The model expects RGB in 0…1.
        baseOptions: { modelAssetBuffer: withInputNormalization(model, { mean: [0], std: [255] }), delegate: 'CPU' },
        runningMode: 'VIDEO',
        outputConfidenceMasks: true,
        outputCategoryMask: false,
      },
    );
  })();
  segmenter.catch(() => {
    segmenter = null;
  });
  return segmenter;
}

function canvas(width: number, height: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  return c;
}

function context(c: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = c.getContext('2d', { willReadFrequently: c.width <= MASK_WIDTH });
  if (ctx === null) throw new Error('no 2d canvas');
  return ctx;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error(`background picture ${url}`));
    image.src = url;
  });
}

/** Draws `image` to cover `width`×`height` (cropping the overflow). */
function drawCover(ctx: CanvasRenderingContext2D, image: HTMLImageElement, width: number, height: number): void {
  const scale = Math.max(width / image.naturalWidth, height / image.naturalHeight);
  const w = image.naturalWidth * scale;
  const h = image.naturalHeight * scale;
  ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
}

/**
 * Starts blurring or replacing the background of `camera`. `resolveImage` maps a picture's id to
 * its URL. Rejects when the browser cannot run the segmenter (no WebAssembly, blocked by the
 * page's security policy, no canvas capture).
 */
export async function createBackgroundEffect(
  camera: MediaStreamTrack,
  initial: BackgroundChoice,
  resolveImage: (id: string) => string | null,
): Promise<VideoEffect> {
  const model = await loadSegmenter();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([camera]);
  await video.play();
  if (video.videoWidth === 0) await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));

  const scale = Math.min(1, MAX_WIDTH / Math.max(1, video.videoWidth));
  const width = Math.round(video.videoWidth * scale) || 640;
  const height = Math.round(video.videoHeight * scale) || 360;
  const output = canvas(width, height);
  const out = context(output);
  const input = canvas(MASK_WIDTH, MASK_HEIGHT);
  const inputCtx = context(input);
  const mask = canvas(MASK_WIDTH, MASK_HEIGHT);
  const maskCtx = context(mask);
  const maskPixels = maskCtx.createImageData(MASK_WIDTH, MASK_HEIGHT);
  const small = canvas(Math.max(16, Math.round(width / 10)), Math.max(9, Math.round(height / 10)));
  const smallCtx = context(small);
  const capture = output.captureStream(FPS);
  const track = capture.getVideoTracks()[0];
  if (track === undefined) throw new Error('no canvas capture');

  let choice = initial;
  let picture: { id: string; image: HTMLImageElement | null } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let lastTimestamp = 0;
  let frames = 0;
  let totalMs = 0;

  const usePicture = (next: BackgroundChoice) => {
    if (next.kind !== 'image' || picture?.id === next.id) return;
    const url = resolveImage(next.id);
    const entry: { id: string; image: HTMLImageElement | null } = { id: next.id, image: null };
    picture = entry;
    if (url !== null) {
      loadImage(url).then(
        (image) => {
          entry.image = image;
        },
        () => undefined,
      );
    }
  };
  usePicture(choice);

  const drawBackground = () => {
    if (choice.kind === 'image' && picture?.image !== null && picture?.image !== undefined) {
      drawCover(out, picture.image, width, height);
      return;
    }
    // Blur: the frame drawn tiny and scaled back up, softened once more.
    smallCtx.filter = 'blur(1px)';
    smallCtx.drawImage(video, 0, 0, small.width, small.height);
    out.imageSmoothingEnabled = true;
    out.imageSmoothingQuality = 'high';
    out.drawImage(small, 0, 0, width, height);
  };

  const frame = () => {
    if (stopped) return;
    const started = performance.now();
    try {
      inputCtx.drawImage(video, 0, 0, MASK_WIDTH, MASK_HEIGHT);
      const timestamp = Math.max(lastTimestamp + 1, started);
      lastTimestamp = timestamp;
      model.segmentForVideo(input, timestamp, (result) => {
        const confidence = result.confidenceMasks?.[0];
        if (confidence === undefined) return;
        const values = confidence.getAsFloat32Array();
        const data = maskPixels.data;
        for (let i = 0; i < values.length; i += 1) data[i * 4 + 3] = Math.round((values[i] ?? 0) * 255);
      });
      maskCtx.putImageData(maskPixels, 0, 0);
      // The person: the mask's alpha (scaled up softly), filled with the camera frame.
      out.globalCompositeOperation = 'copy';
      out.imageSmoothingEnabled = true;
      out.drawImage(mask, 0, 0, width, height);
      out.globalCompositeOperation = 'source-in';
      out.drawImage(video, 0, 0, width, height);
      // Behind the person: the blurred frame or the picture.
      out.globalCompositeOperation = 'destination-over';
      drawBackground();
      out.globalCompositeOperation = 'source-over';
    } catch {
      // A frame that could not be processed is skipped; the next one tries again.
    }
    const ended = performance.now();
    frames += 1;
    totalMs += ended - started;
    if (frames % 300 === 0) performance.clearMeasures(MEASURE);
    performance.measure(MEASURE, { start: started, end: ended });
    timer = setTimeout(frame, Math.max(0, 1000 / FPS - (ended - started)));
  };
  frame();

  return {
    track,
    setBackground(next) {
      choice = next;
      usePicture(next);
    },
    stats: () => ({ msPerFrame: frames === 0 ? 0 : totalMs / frames, frames }),
    stop() {
      stopped = true;
      clearTimeout(timer);
      track.stop();
      video.pause();
      video.srcObject = null;
    },
  };
}
