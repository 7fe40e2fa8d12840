// Frame pacing for the background effect: of the camera's frames (often 30 per second), which
// ones to process so that about `fps` come out, evenly spread. The schedule advances by one
// interval per kept frame (no drift), tolerates a little jitter, and starts over when the
// timestamps jump back or the frames fell far behind. Pure arithmetic on timestamps in
// milliseconds: no timers, no frames.

export class FramePacer {
  private readonly interval: number;
  /** A frame this much before its due time still counts as on time. */
  private readonly slack: number;
  private due = Number.NEGATIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  constructor(fps: number) {
    if (!(fps > 0)) throw new Error(`fps must be positive: ${fps}`);
    this.interval = 1000 / fps;
    this.slack = this.interval / 5;
  }

  /** Whether the frame taken at `timestamp` (ms) is to be processed; the others are dropped. */
  admit(timestamp: number): boolean {
    if (timestamp < this.last) this.due = Number.NEGATIVE_INFINITY;
    if (timestamp < this.due - this.slack) return false;
    this.due = timestamp - this.due > this.interval ? timestamp + this.interval : this.due + this.interval;
    this.last = timestamp;
    return true;
  }
}
