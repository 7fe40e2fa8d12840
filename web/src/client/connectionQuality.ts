// How good a connection is, per person: `good`, `fair` or `poor`, from what the peer connection's
// statistics measured over the last few seconds, with hysteresis so the label does not flap.
// Pure functions over numbers; media/qualitySampler.ts reads `getStats()` and feeds them in.
// No DOM, no React, no words.
//
// Measured for each remote participant (what arrives from them): packet loss of their audio and
// video, the jitter of their audio, freezes and the frame rate of their camera. Measured for
// ourselves (what we send and our path to the node): the loss the node reports for our streams,
// the round-trip time, and the browser's estimate of the bitrate we can send.
//
// Over the window (the samples of the last WINDOW_MS = 5 s; polled every 2 s, that is the last
// three intervals):
//
// | measure                               | good       | poor       |
// | ------------------------------------- | ---------- | ---------- |
// | packet loss                           | < 2 %      | > 8 %      |
// | round-trip time (ourselves)           | < 300 ms   | > 600 ms   |
// | video freezes                         | none       | > 1 s      |
// | audio jitter                          | < 50 ms    | > 150 ms   |
// | camera frame rate                     | ≥ 10 fps   | (no limit) |
// | bitrate we can send (while on camera) | ≥ 200 kb/s | < 100 kb/s |
//
// Good when every measure is good, poor when any is poor, fair otherwise. What was not measured
// counts as good (a muted microphone sends nothing; loss needs at least MIN_PACKETS packets).
// Jitter and bitrate are graded generously on purpose: a jitter buffer absorbs 30–50 ms
// unnoticed (usual on mobile networks), and the browser's send estimate starts around
// 300 kb/s and may stay there when the node sends little congestion feedback.
//
// Hysteresis: the label goes down to poor at once, and down to fair when two measurements in a
// row say so (a single blip shows nothing). It comes back up only after every measurement was
// better than the label for UP_HOLD_MS = 10 s, and then to what the last two measurements agree
// on (the worse of them).
//
// Trouble everybody shares is ours: when at least three remote participants are measured and at
// least three quarters of them look weak at the same time, our own download is the likely cause.
// Then it is shown as our own connection, not on their tiles (see `attribute`).
import type { ParticipantId } from '../protocol/generated';

export type Quality = 'good' | 'fair' | 'poor';

export const WINDOW_MS = 5_000;
export const UP_HOLD_MS = 10_000;
/** Fewer packets than this in the window say nothing about loss. */
export const MIN_PACKETS = 30;

export const THRESHOLDS = {
  lossPercent: { good: 2, poor: 8 },
  roundTripMs: { good: 300, poor: 600 },
  freezeSeconds: { poor: 1 },
  jitterMs: { good: 50, poor: 150 },
  framesPerSecond: { good: 10 },
  outgoingBitrate: { good: 200_000, poor: 100_000 },
} as const;

/** What one polling interval measured for one person. Counts are what happened in the interval. */
export interface QualitySample {
  /** When the interval ended (milliseconds). */
  at: number;
  /** Packets that should have arrived: received and lost (remote), or sent (ourselves). */
  expected: number;
  /** Of those, lost on the way. */
  lost: number;
  /** Camera freezes that began, and how long the picture stood still (seconds). */
  freezes?: number | undefined;
  freezeSeconds?: number | undefined;
  /** The audio jitter now (seconds). */
  jitter?: number | undefined;
  /** The camera's frames per second now. */
  framesPerSecond?: number | undefined;
  /** The round-trip time to the node now (seconds; ourselves). */
  roundTrip?: number | undefined;
  /** The bitrate the browser thinks we can send (bits per second; ourselves, while sending video). */
  availableOutgoingBitrate?: number | undefined;
}

/** The window's numbers, each absent when it was not measured. */
export interface Measures {
  lossPercent?: number;
  roundTripMs?: number;
  freezes: number;
  freezeSeconds: number;
  jitterMs?: number;
  framesPerSecond?: number;
  outgoingBitrate?: number;
}

export function measure(samples: readonly QualitySample[]): Measures {
  const sum = (pick: (s: QualitySample) => number | undefined) => samples.reduce((total, s) => total + (pick(s) ?? 0), 0);
  const mean = (pick: (s: QualitySample) => number | undefined): number | undefined => {
    const values = samples.map(pick).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const expected = sum((s) => s.expected);
  const lost = Math.min(expected, sum((s) => s.lost));
  const roundTrip = mean((s) => s.roundTrip);
  const jitter = mean((s) => s.jitter);
  const result: Measures = { freezes: sum((s) => s.freezes), freezeSeconds: sum((s) => s.freezeSeconds) };
  if (expected >= MIN_PACKETS) result.lossPercent = (lost / expected) * 100;
  if (roundTrip !== undefined) result.roundTripMs = roundTrip * 1000;
  if (jitter !== undefined) result.jitterMs = jitter * 1000;
  const fps = mean((s) => s.framesPerSecond);
  if (fps !== undefined) result.framesPerSecond = fps;
  const bitrate = mean((s) => s.availableOutgoingBitrate);
  if (bitrate !== undefined) result.outgoingBitrate = bitrate;
  return result;
}

/** The level of one window's numbers, without hysteresis. */
export function levelOf(m: Measures): Quality {
  const t = THRESHOLDS;
  const above = (value: number | undefined, limit: number) => value !== undefined && value > limit;
  const below = (value: number | undefined, limit: number) => value !== undefined && value < limit;
  if (
    above(m.lossPercent, t.lossPercent.poor) ||
    above(m.roundTripMs, t.roundTripMs.poor) ||
    m.freezeSeconds > t.freezeSeconds.poor ||
    above(m.jitterMs, t.jitterMs.poor) ||
    below(m.outgoingBitrate, t.outgoingBitrate.poor)
  ) {
    return 'poor';
  }
  const good =
    !(m.lossPercent !== undefined && m.lossPercent >= t.lossPercent.good) &&
    !(m.roundTripMs !== undefined && m.roundTripMs >= t.roundTripMs.good) &&
    m.freezes === 0 &&
    m.freezeSeconds === 0 &&
    !(m.jitterMs !== undefined && m.jitterMs >= t.jitterMs.good) &&
    !below(m.framesPerSecond, t.framesPerSecond.good) &&
    !below(m.outgoingBitrate, t.outgoingBitrate.good);
  return good ? 'good' : 'fair';
}

const RANK: Record<Quality, number> = { poor: 0, fair: 1, good: 2 };

export function worse(a: Quality, b: Quality): Quality {
  return RANK[a] <= RANK[b] ? a : b;
}

/** One person's measurements so far and the label shown. */
export interface QualityTrack {
  readonly samples: readonly QualitySample[];
  readonly shown: Quality;
  /** The level of the latest window, without hysteresis. */
  readonly measured: Quality;
  /** Since when every measurement has been better than shown (null: the latest was not). */
  readonly betterSince: number | null;
}

export const NEW_TRACK: QualityTrack = { samples: [], shown: 'good', measured: 'good', betterSince: null };

/** The track after one more sample. */
export function observe(track: QualityTrack, sample: QualitySample): QualityTrack {
  const samples = [...track.samples.filter((s) => s.at > sample.at - WINDOW_MS && s.at < sample.at), sample];
  const measured = levelOf(measure(samples));
  let shown = track.shown;
  let betterSince: number | null = null;
  if (RANK[measured] < RANK[shown]) {
    // Down: to poor at once, to fair when the previous measurement said so too.
    if (measured === 'poor' || RANK[track.measured] <= RANK[measured]) shown = measured;
  } else if (RANK[measured] > RANK[shown]) {
    // Up: only once it held, to what the last two measurements agree on.
    const since = track.betterSince ?? sample.at;
    if (sample.at - since >= UP_HOLD_MS) shown = worse(track.measured, measured);
    else betterSince = since;
  }
  return { samples, shown, measured, betterSince };
}

/** What the tiles show: our own label, and the remote participants whose connection is not good. */
export interface ConnectionQualities {
  readonly self: Quality;
  readonly remote: ReadonlyMap<ParticipantId, Quality>;
}

export const ALL_GOOD: ConnectionQualities = { self: 'good', remote: new Map() };

/**
 * Who to show a weak connection for. When at least three remote participants are measured and
 * at least three quarters of them are not good, it is our own download: our label becomes at
 * least fair (poor when three quarters of them are poor) and theirs are not shown.
 */
export function attribute(self: Quality, remote: ReadonlyMap<ParticipantId, Quality>): ConnectionQualities {
  const levels = [...remote.values()];
  const weak = levels.filter((q) => q !== 'good').length;
  if (levels.length >= 3 && weak * 4 >= levels.length * 3) {
    const poor = levels.filter((q) => q === 'poor').length;
    return { self: worse(self, poor * 4 >= levels.length * 3 ? 'poor' : 'fair'), remote: new Map() };
  }
  return { self, remote: new Map([...remote].filter(([, q]) => q !== 'good')) };
}

export function sameQualities(a: ConnectionQualities, b: ConnectionQualities): boolean {
  if (a.self !== b.self || a.remote.size !== b.remote.size) return false;
  for (const [id, q] of a.remote) if (b.remote.get(id) !== q) return false;
  return true;
}
