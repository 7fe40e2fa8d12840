// The cost of the background effect per processed frame, as the main thread sees it: its own
// time (`performance` measures named "plenum.background") and the worker's time (measures named
// "plenum.background.worker", placed on the main thread's timeline where the worker spent it),
// with running averages for `stats()`. It keeps the performance buffer bounded. It does not time
// anything itself: the pipelines and the worker say what each frame took.

export const MAIN_MEASURE = 'plenum.background';
export const WORKER_MEASURE = 'plenum.background.worker';
/** Measures are cleared after this many frames, so a long meeting does not fill the buffer. */
const KEEP = 300;

/** The part of `performance` used here (a fake in tests). */
export interface Timeline {
  readonly timeOrigin: number;
  measure(name: string, options: { start: number; duration: number }): unknown;
  clearMeasures(name: string): void;
}

export interface FrameCostSample {
  /** When the main thread's work on the frame began (its own `performance.now()` clock). */
  mainStart: number;
  /** Main-thread milliseconds spent on the frame. */
  mainMs: number;
  /** When the worker began on the frame, in milliseconds since the epoch. */
  workerStarted: number;
  /** Worker milliseconds spent on the frame (segmentation and compositing). */
  workerMs: number;
}

export interface FrameCostStats {
  msPerFrame: number;
  frames: number;
  workerMsPerFrame: number;
}

export class FrameCost {
  private frames = 0;
  private mainMs = 0;
  private workerMs = 0;

  constructor(private readonly timeline: Timeline) {}

  record(sample: FrameCostSample): void {
    this.frames += 1;
    this.mainMs += sample.mainMs;
    this.workerMs += sample.workerMs;
    if (this.frames % KEEP === 0) {
      this.timeline.clearMeasures(MAIN_MEASURE);
      this.timeline.clearMeasures(WORKER_MEASURE);
    }
    this.timeline.measure(MAIN_MEASURE, { start: sample.mainStart, duration: Math.max(0, sample.mainMs) });
    // The worker's clock started at another origin; the epoch is common to both.
    const workerStart = Math.max(0, sample.workerStarted - this.timeline.timeOrigin);
    this.timeline.measure(WORKER_MEASURE, { start: workerStart, duration: Math.max(0, sample.workerMs) });
  }

  stats(): FrameCostStats {
    if (this.frames === 0) return { msPerFrame: 0, frames: 0, workerMsPerFrame: 0 };
    return { msPerFrame: this.mainMs / this.frames, frames: this.frames, workerMsPerFrame: this.workerMs / this.frames };
  }
}
