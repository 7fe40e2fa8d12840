// Unit tests of the per-frame cost: averages of main-thread and worker time, one measure of each
// per frame with the worker's placed on the main thread's timeline, and the buffer cleared now
// and then.
import { describe, expect, it } from 'vitest';
import { FrameCost, MAIN_MEASURE, WORKER_MEASURE, type Timeline } from './frameCost';

function fakeTimeline(timeOrigin: number) {
  const measures: { name: string; start: number; duration: number }[] = [];
  const cleared: string[] = [];
  const timeline: Timeline = {
    timeOrigin,
    measure(name, options) {
      measures.push({ name, ...options });
    },
    clearMeasures(name) {
      cleared.push(name);
    },
  };
  return { timeline, measures, cleared };
}

describe('FrameCost', () => {
  it('reports nothing before the first frame', () => {
    expect(new FrameCost(fakeTimeline(0).timeline).stats()).toEqual({ msPerFrame: 0, frames: 0, workerMsPerFrame: 0 });
  });

  it('averages main-thread and worker time separately', () => {
    const cost = new FrameCost(fakeTimeline(0).timeline);
    cost.record({ mainStart: 10, mainMs: 0.2, workerStarted: 10, workerMs: 20 });
    cost.record({ mainStart: 80, mainMs: 0.4, workerStarted: 80, workerMs: 30 });
    const stats = cost.stats();
    expect(stats.frames).toBe(2);
    expect(stats.msPerFrame).toBeCloseTo(0.3, 10);
    expect(stats.workerMsPerFrame).toBeCloseTo(25, 10);
  });

  it('places the worker measure on the main timeline', () => {
    const { timeline, measures } = fakeTimeline(1_700_000_000_000);
    const cost = new FrameCost(timeline);
    cost.record({ mainStart: 5_030, mainMs: 0.1, workerStarted: 1_700_000_005_000, workerMs: 25 });
    expect(measures).toEqual([
      { name: MAIN_MEASURE, start: 5_030, duration: 0.1 },
      { name: WORKER_MEASURE, start: 5_000, duration: 25 },
    ]);
  });

  it('clears the measures every 300 frames', () => {
    const { timeline, measures, cleared } = fakeTimeline(0);
    const cost = new FrameCost(timeline);
    for (let i = 0; i < 600; i += 1) cost.record({ mainStart: i, mainMs: 0, workerStarted: i, workerMs: 1 });
    expect(cleared).toEqual([MAIN_MEASURE, WORKER_MEASURE, MAIN_MEASURE, WORKER_MEASURE]);
    expect(measures).toHaveLength(1200);
    expect(cost.stats().frames).toBe(600);
  });
});
