// The picture sent instead of the camera, drawn on OffscreenCanvases inside the segmentation
// worker: the camera frame converted once to RGB and scaled down to the model's input, and the
// output made of the soft mask (scaled up) filled with the camera frame, with the blurred frame
// (drawn small and scaled back up) or the chosen picture behind. The output is at most
// `maxWidth` wide. It does not segment (segmenter.ts does) and knows nothing of tracks or
// messages.
import { MASK_HEIGHT, MASK_WIDTH } from './segmenter';
import type { Backdrop } from './workerProtocol';

/** A camera frame as it reaches the worker. */
export type CameraFrame = VideoFrame | ImageBitmap;

function frameSize(frame: CameraFrame): { width: number; height: number } {
  return 'displayWidth' in frame ? { width: frame.displayWidth, height: frame.displayHeight } : { width: frame.width, height: frame.height };
}

function context(canvas: OffscreenCanvas, willReadFrequently = false): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently });
  if (ctx === null) throw new Error('no 2d canvas');
  return ctx;
}

/** Draws `image` to cover `width`×`height` (cropping the overflow). */
function drawCover(ctx: OffscreenCanvasRenderingContext2D, image: ImageBitmap, width: number, height: number): void {
  const scale = Math.max(width / image.width, height / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  ctx.drawImage(image, (width - w) / 2, (height - h) / 2, w, h);
}

export class Compositor {
  /** The model's input: the frame scaled down. */
  readonly input = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT);
  /** The result. */
  readonly output = new OffscreenCanvas(1, 1);
  /** The person's confidence in the alpha bytes (written by the segmenter). */
  readonly mask: ImageData;
  private readonly inputCtx = context(this.input, true);
  private readonly maskCanvas = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT);
  private readonly maskCtx = context(this.maskCanvas);
  private readonly out = context(this.output);
  /** The camera frame in RGB at the output's size (converted once, drawn from thrice). */
  private readonly camera = new OffscreenCanvas(1, 1);
  private readonly cameraCtx = context(this.camera);
  private readonly small = new OffscreenCanvas(16, 9);
  private readonly smallCtx = context(this.small);
  private backdrop: Backdrop = { kind: 'blur' };
  /** The picture drawn to cover the output's current size (redrawn when either changes). */
  private cover: OffscreenCanvas | null = null;

  constructor(private readonly maxWidth: number) {
    this.mask = this.maskCtx.createImageData(MASK_WIDTH, MASK_HEIGHT);
  }

  setBackdrop(backdrop: Backdrop): void {
    if (this.backdrop.kind === 'picture') this.backdrop.picture.close();
    this.backdrop = backdrop;
    this.cover = null;
  }

  /**
   * Sizes the output for `frame`, converts it once to RGB at that size (it is drawn from three
   * times) and scales it into `input`, ready for the segmenter.
   */
  prepare(frame: CameraFrame): OffscreenCanvas {
    const { width, height } = frameSize(frame);
    const scale = Math.min(1, this.maxWidth / Math.max(1, width));
    const w = Math.max(16, Math.round(width * scale));
    const h = Math.max(9, Math.round(height * scale));
    if (this.output.width !== w || this.output.height !== h) {
      this.output.width = w;
      this.output.height = h;
      this.camera.width = w;
      this.camera.height = h;
      this.small.width = Math.max(16, Math.round(w / 10));
      this.small.height = Math.max(9, Math.round(h / 10));
      this.cover = null;
    }
    this.cameraCtx.drawImage(frame, 0, 0, w, h);
    this.inputCtx.drawImage(this.camera, 0, 0, MASK_WIDTH, MASK_HEIGHT);
    return this.input;
  }

  /**
   * Draws the output of the prepared frame with the current mask and backdrop. (The canvas
   * records the drawing; the work is done when the output is read, e.g. into a VideoFrame.)
   */
  compose(): void {
    const { width, height } = this.output;
    const out = this.out;
    this.maskCtx.putImageData(this.mask, 0, 0);
    // The person: the mask's alpha (scaled up softly), filled with the camera frame.
    out.globalCompositeOperation = 'copy';
    // Bilinear is soft enough for the mask and costs a third of 'high' without a GPU.
    out.imageSmoothingEnabled = true;
    out.imageSmoothingQuality = 'low';
    out.drawImage(this.maskCanvas, 0, 0, width, height);
    out.globalCompositeOperation = 'source-in';
    out.drawImage(this.camera, 0, 0, width, height);
    // Behind the person: the blurred frame or the picture.
    out.globalCompositeOperation = 'destination-over';
    if (this.backdrop.kind === 'picture') {
      out.drawImage(this.coverOf(this.backdrop.picture, width, height), 0, 0);
    } else {
      this.smallCtx.filter = 'blur(1px)';
      this.smallCtx.drawImage(this.camera, 0, 0, this.small.width, this.small.height);
      out.drawImage(this.small, 0, 0, width, height);
    }
    out.globalCompositeOperation = 'source-over';
  }

  private coverOf(picture: ImageBitmap, width: number, height: number): OffscreenCanvas {
    if (this.cover === null || this.cover.width !== width || this.cover.height !== height) {
      const cover = new OffscreenCanvas(width, height);
      drawCover(context(cover), picture, width, height);
      this.cover = cover;
    }
    return this.cover;
  }
}
