// Unit tests of the connection quality over synthetic statistics series: the window's numbers,
// the thresholds for loss, round-trip time, freezes, jitter, frame rate and bitrate, nothing
// measured counting as good, the hysteresis (down to poor at once, down to fair after two
// measurements, up only after 10 s and to the worst level of those 10 s, no flapping), and trouble
// that everybody shares shown as our own.
import { describe, expect, it } from 'vitest';
import {
  ALL_GOOD,
  attribute,
  levelOf,
  measure,
  NEW_TRACK,
  observe,
  sameQualities,
  type Quality,
  type QualitySample,
  type QualityTrack,
} from './connectionQuality';

/** A healthy interval of 2 s: 100 audio packets, none lost, 20 ms jitter. */
function sample(at: number, patch: Partial<QualitySample> = {}): QualitySample {
  return { at, expected: 100, lost: 0, jitter: 0.02, ...patch };
}

/** Feeds one sample every 2 s (the first at 2 s) and returns the label shown after each. */
function series(patches: readonly Partial<QualitySample>[], start: QualityTrack = NEW_TRACK): Quality[] {
  let track = start;
  return patches.map((patch, i) => {
    track = observe(track, sample((i + 1) * 2000, patch));
    return track.shown;
  });
}

const ok: Partial<QualitySample> = {};
const lossy = (percent: number): Partial<QualitySample> => ({ expected: 100, lost: percent });

describe('the window', () => {
  it('sums the counts and averages the current values', () => {
    const m = measure([sample(0, { lost: 2, roundTrip: 0.1 }), sample(2000, { lost: 4, roundTrip: 0.3 }), sample(4000, { freezes: 1, freezeSeconds: 0.4 })]);
    expect(m.lossPercent).toBeCloseTo(2);
    expect(m.roundTripMs).toBeCloseTo(200);
    expect(m.jitterMs).toBeCloseTo(20);
    expect(m.freezes).toBe(1);
    expect(m.freezeSeconds).toBeCloseTo(0.4);
  });

  it('says nothing about loss from a handful of packets', () => {
    expect(measure([sample(0, { expected: 10, lost: 5 })]).lossPercent).toBeUndefined();
    expect(levelOf(measure([sample(0, { expected: 10, lost: 5 })]))).toBe('good');
  });

  it('counts only the last 5 s', () => {
    // A loss burst at 2 s is forgotten by 8 s.
    let track = observe(NEW_TRACK, sample(2000, lossy(50)));
    for (const at of [4000, 6000, 8000]) track = observe(track, sample(at));
    expect(track.samples.map((s) => s.at)).toEqual([4000, 6000, 8000]);
    expect(track.measured).toBe('good');
  });
});

describe('the thresholds', () => {
  const level = (patch: Partial<QualitySample>) => levelOf(measure([sample(0, patch)]));

  it('grade packet loss: good below 2 %, poor above 8 %', () => {
    expect([1, 2, 5, 8, 9].map((p) => level(lossy(p)))).toEqual(['good', 'fair', 'fair', 'fair', 'poor']);
  });

  it('grade the round-trip time: good below 300 ms, poor above 600 ms', () => {
    expect([0.05, 0.3, 0.45, 0.6, 0.7].map((roundTrip) => level({ roundTrip }))).toEqual(['good', 'fair', 'fair', 'fair', 'poor']);
  });

  it('grade freezes: any is fair, more than 1 s frozen is poor', () => {
    expect(level({ freezes: 1, freezeSeconds: 0.3 })).toBe('fair');
    expect(level({ freezes: 2, freezeSeconds: 1.5 })).toBe('poor');
  });

  it('grade audio jitter, the frame rate and the bitrate we can send', () => {
    expect([0.01, 0.08, 0.2].map((jitter) => level({ jitter }))).toEqual(['good', 'fair', 'poor']);
    expect([25, 9].map((framesPerSecond) => level({ framesPerSecond }))).toEqual(['good', 'fair']);
    expect([1_000_000, 300_000, 150_000, 50_000].map((availableOutgoingBitrate) => level({ availableOutgoingBitrate }))).toEqual([
      'good',
      'good',
      'fair',
      'poor',
    ]);
  });

  it('take what was not measured as good', () => {
    expect(levelOf(measure([]))).toBe('good');
    expect(levelOf(measure([{ at: 0, expected: 0, lost: 0 }]))).toBe('good');
  });
});

describe('hysteresis', () => {
  const F: Partial<QualitySample> = { jitter: 0.12 };
  const repeat = <T,>(item: T, count: number): T[] => Array.from({ length: count }, () => item);

  it('goes down to poor at once', () => {
    // 40 lost of 300 in the window: 13 %.
    expect(series([ok, ok, lossy(40)])).toEqual(['good', 'good', 'poor']);
  });

  it('goes down to fair only when two measurements in a row say so', () => {
    // A loss burst that stays in the window for two measurements (4.5 %, then 3 %): fair.
    expect(series([ok, lossy(9), ok, ok, ok, ok])).toEqual(['good', 'good', 'fair', 'fair', 'fair', 'fair']);
    // A jitter blip that is gone from the very next window shows nothing.
    expect(series([ok, { jitter: 0.1 }, { jitter: 0.01 }])).toEqual(['good', 'good', 'good']);
  });

  it('comes back up only after 10 s of better measurements', () => {
    // Poor at 2 s and 4 s; measured fair at 6 s, good from 8 s; shown good at 16 s.
    const labels = series([lossy(20), ...repeat(ok, 9)]);
    expect(labels).toEqual([...repeat('poor', 7), 'good', 'good', 'good']);
  });

  it('comes up to what the last two measurements agree on', () => {
    // Poor, then fair from 6 s to 20 s, then good: fair at 16 s, good at 32 s.
    const labels = series([lossy(20), ...repeat(F, 7), ...repeat(ok, 8)]);
    expect(labels).toEqual([...repeat('poor', 7), ...repeat('fair', 8), 'good']);
  });

  it('does not flap when the connection wobbles around a threshold', () => {
    // Loss alternating between 9 % and 1 % a sample: poor at first, then fair, steadily.
    const labels = series(Array.from({ length: 20 }, (_, i) => lossy(i % 2 === 0 ? 9 : 1)));
    expect(labels).toEqual([...repeat('poor', 6), ...repeat('fair', 14)]);
  });

  it('waits anew when a measurement falls back to the shown level', () => {
    // Fair, 6 s good, fair again, 6 s good: it stays fair.
    const labels = series([F, F, ok, ok, ok, ok, F, F, F, ok, ok, ok, ok, ok, ok]);
    expect(labels).toEqual(['good', ...repeat('fair', 14)]);
  });
});

describe('attribution', () => {
  it('shows the remote participants who are not good', () => {
    const q = attribute('good', new Map<string, Quality>([['a', 'good'], ['b', 'poor'], ['c', 'good'], ['d', 'fair']]));
    expect(q.self).toBe('good');
    expect([...q.remote]).toEqual([['b', 'poor'], ['d', 'fair']]);
  });

  it('takes trouble that nearly everybody shares as our own', () => {
    const shared = attribute('good', new Map<string, Quality>([['a', 'poor'], ['b', 'fair'], ['c', 'fair'], ['d', 'poor']]));
    expect(shared.self).toBe('fair');
    expect(shared.remote.size).toBe(0);
    const allPoor = attribute('good', new Map<string, Quality>([['a', 'poor'], ['b', 'poor'], ['c', 'poor']]));
    expect(allPoor.self).toBe('poor');
    // Our own label never improves by it.
    expect(attribute('poor', new Map<string, Quality>([['a', 'fair'], ['b', 'fair'], ['c', 'fair']])).self).toBe('poor');
  });

  it('needs three people to tell our trouble from theirs', () => {
    const two = attribute('good', new Map<string, Quality>([['a', 'poor'], ['b', 'poor']]));
    expect(two.self).toBe('good');
    expect(two.remote.size).toBe(2);
  });

  it('compares labels by content', () => {
    expect(sameQualities(ALL_GOOD, { self: 'good', remote: new Map() })).toBe(true);
    expect(sameQualities(ALL_GOOD, { self: 'fair', remote: new Map() })).toBe(false);
    expect(sameQualities({ self: 'good', remote: new Map([['a', 'fair']]) }, { self: 'good', remote: new Map([['a', 'poor']]) })).toBe(false);
  });
});
