// Unit tests of the frame pacer: common camera rates come out at about the target rate, evenly;
// a slower camera passes whole; jitter does not halve the rate; a jump back in time or a long
// pause starts the schedule over.
import { describe, expect, it } from 'vitest';
import { FramePacer } from './pacing';

/** The admitted timestamps of `count` frames `spacing` ms apart (plus `jitter(i)`). */
function run(fps: number, spacing: number, count: number, jitter: (i: number) => number = () => 0): number[] {
  const pacer = new FramePacer(fps);
  const kept: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const t = 1000 + i * spacing + jitter(i);
    if (pacer.admit(t)) kept.push(t);
  }
  return kept;
}

describe('FramePacer', () => {
  it('keeps every other frame of a 30 fps camera for 15 fps', () => {
    const kept = run(15, 1000 / 30, 300);
    expect(kept).toHaveLength(150);
    for (let i = 1; i < kept.length; i += 1) expect((kept[i] ?? 0) - (kept[i - 1] ?? 0)).toBeCloseTo(1000 / 15, 5);
  });

  it('keeps about 15 of a 20 fps camera, never two in one interval', () => {
    const kept = run(15, 50, 200);
    // Ten seconds of camera.
    expect(kept.length).toBeGreaterThanOrEqual(148);
    expect(kept.length).toBeLessThanOrEqual(152);
    for (let i = 1; i < kept.length; i += 1) expect((kept[i] ?? 0) - (kept[i - 1] ?? 0)).toBeGreaterThanOrEqual(50);
  });

  it('passes a camera slower than the target whole', () => {
    expect(run(15, 100, 50)).toHaveLength(50);
  });

  it('keeps the rate under jitter', () => {
    // ±4 ms of jitter on a 30 fps camera.
    const kept = run(15, 1000 / 30, 300, (i) => (i % 3 === 0 ? 4 : i % 3 === 1 ? -4 : 0));
    expect(kept.length).toBeGreaterThanOrEqual(145);
    expect(kept.length).toBeLessThanOrEqual(152);
  });

  it('starts over after a pause and after timestamps jump back', () => {
    const pacer = new FramePacer(15);
    expect(pacer.admit(1000)).toBe(true);
    expect(pacer.admit(1010)).toBe(false);
    // A pause of a second: the next frame is taken, and the schedule continues from it.
    expect(pacer.admit(2000)).toBe(true);
    expect(pacer.admit(2033)).toBe(false);
    expect(pacer.admit(2067)).toBe(true);
    // The camera restarted with timestamps from zero.
    expect(pacer.admit(5)).toBe(true);
    expect(pacer.admit(38)).toBe(false);
    expect(pacer.admit(72)).toBe(true);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new FramePacer(0)).toThrow();
  });
});
