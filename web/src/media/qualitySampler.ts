// The connection quality sampler: every 2 s while started, it reads the peer connection's
// statistics, tells whose each received stream is (the media session's mid/track → participant
// map), turns the counters into what happened since the last reading, and feeds
// client/connectionQuality.ts. An external store for React of the labels to show (ourselves, and
// the remote participants whose connection is not good). The UI starts it while the meeting is on
// screen and stops it when the page is hidden or left; a stopped sampler holds no timer, and a
// reading still on its way when it stops is dropped. No DOM.
import {
  ALL_GOOD,
  attribute,
  NEW_TRACK,
  observe,
  sameQualities,
  type ConnectionQualities,
  type QualitySample,
  type QualityTrack,
} from '../client/connectionQuality';
import type { ParticipantId, TrackKind } from '../protocol/generated';
import type { StatsReportLike } from './peer';

/** How often the statistics are read (milliseconds). */
export const QUALITY_POLL_MS = 2_000;

export interface QualitySamplerOptions {
  /** The statistics now (null: no peer connection). */
  getStats(): Promise<StatsReportLike | null>;
  /** Whose a received stream is (see MediaSession.ownerOf). */
  ownerOf(stream: { mid?: string | undefined; trackIdentifier?: string | undefined }): { participantId: ParticipantId; kind: TrackKind } | null;
  now?: () => number;
  intervalMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** The cumulative counters of one stream at the last reading. */
interface Counters {
  received: number;
  lost: number;
  sent: number;
  freezes: number;
  freezeSeconds: number;
}

type Stat = Record<string, unknown>;

function num(stat: Stat | undefined, key: string): number | undefined {
  const value = stat?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(stat: Stat | undefined, key: string): string | undefined {
  const value = stat?.[key];
  return typeof value === 'string' ? value : undefined;
}

function countersOf(stat: Stat): Counters {
  return {
    received: num(stat, 'packetsReceived') ?? 0,
    lost: num(stat, 'packetsLost') ?? 0,
    sent: num(stat, 'packetsSent') ?? 0,
    freezes: num(stat, 'freezeCount') ?? 0,
    freezeSeconds: num(stat, 'totalFreezesDuration') ?? 0,
  };
}

/** What happened since `before`, or null when there is no earlier reading or a counter went back. */
function delta(before: Counters | undefined, now: Counters): Counters | null {
  if (before === undefined) return null;
  const d = {
    received: now.received - before.received,
    lost: now.lost - before.lost,
    sent: now.sent - before.sent,
    freezes: now.freezes - before.freezes,
    freezeSeconds: now.freezeSeconds - before.freezeSeconds,
  };
  // A new peer connection starts its counters over (loss may go down a little: duplicates).
  if (d.received < 0 || d.sent < 0 || d.freezes < 0 || d.freezeSeconds < 0) return null;
  return { ...d, lost: Math.max(0, d.lost) };
}

export class QualitySampler {
  private readonly options: QualitySamplerOptions;
  private snapshot: ConnectionQualities = ALL_GOOD;
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;
  /** Advances on every stop, so that a reading started before is dropped. */
  private run = 0;
  private reading = false;
  private disposed = false;
  private counters = new Map<string, Counters>();
  private self: QualityTrack = NEW_TRACK;
  private remote = new Map<ParticipantId, QualityTrack>();

  constructor(options: QualitySamplerOptions) {
    this.options = options;
  }

  getSnapshot = (): ConnectionQualities => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get running(): boolean {
    return this.timer !== null;
  }

  /** Reads now and then every 2 s, until stopped. Does nothing when running or disposed. */
  start(): void {
    if (this.timer !== null || this.disposed) return;
    // Counters from before a pause would make one long interval: start from a fresh reading.
    this.counters = new Map();
    const every = this.options.setInterval ?? ((fn: () => void, ms: number) => setInterval(fn, ms));
    this.timer = every(() => void this.poll(), this.options.intervalMs ?? QUALITY_POLL_MS);
    void this.poll();
  }

  /** Stops reading; the labels stay as they are. */
  stop(): void {
    if (this.timer === null) return;
    const clear = this.options.clearInterval ?? ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>));
    clear(this.timer);
    this.timer = null;
    this.run += 1;
  }

  /** Stops for good (we left): forgets everything and never starts again. */
  dispose(): void {
    this.stop();
    this.disposed = true;
    this.forget();
  }

  /** One reading (the timer calls it; tests may too). */
  async poll(): Promise<void> {
    if (this.reading || this.disposed) return;
    this.reading = true;
    const run = this.run;
    let report: StatsReportLike | null = null;
    try {
      report = await this.options.getStats();
    } catch {
      report = null;
    } finally {
      this.reading = false;
    }
    if (run !== this.run || this.disposed) return;
    if (report === null) {
      this.forget();
      return;
    }
    this.take(report, (this.options.now ?? Date.now)());
  }

  private forget(): void {
    this.counters = new Map();
    this.self = NEW_TRACK;
    this.remote = new Map();
    this.publish(ALL_GOOD);
  }

  private take(report: StatsReportLike, at: number): void {
    const stats: Stat[] = [];
    const byId = new Map<string, Stat>();
    report.forEach((stat) => {
      stats.push(stat);
      const id = str(stat, 'id');
      if (id !== undefined) byId.set(id, stat);
    });
    const counters = new Map<string, Counters>();
    const step = (stat: Stat): Counters | null => {
      const id = str(stat, 'id') ?? '';
      const now = countersOf(stat);
      counters.set(id, now);
      return delta(this.counters.get(id), now);
    };

    // Each remote participant: what arrived from them.
    const people = new Map<ParticipantId, QualitySample>();
    // Ourselves: what we sent, what the node says it lost, our path to the node.
    const self: QualitySample = { at, expected: 0, lost: 0 };
    let sendingVideo = false;
    const worst = (a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) =>
      a === undefined ? b : b === undefined ? a : pick(a, b);

    for (const stat of stats) {
      const type = str(stat, 'type');
      const kind = str(stat, 'kind');
      if (type === 'inbound-rtp' && (kind === 'audio' || kind === 'video')) {
        const owner = this.options.ownerOf({ mid: str(stat, 'mid'), trackIdentifier: str(stat, 'trackIdentifier') });
        const d = step(stat);
        if (owner === null) continue;
        const sample = people.get(owner.participantId) ?? { at, expected: 0, lost: 0 };
        people.set(owner.participantId, sample);
        if (d === null) continue;
        sample.expected += d.received + d.lost;
        sample.lost += d.lost;
        if (owner.kind === 'audio' && d.received > 0) sample.jitter = worst(sample.jitter, num(stat, 'jitter'), Math.max);
        if (owner.kind === 'video') {
          // The camera: a shared screen may stand still on purpose.
          sample.freezes = (sample.freezes ?? 0) + d.freezes;
          sample.freezeSeconds = (sample.freezeSeconds ?? 0) + d.freezeSeconds;
          if (d.received > 0) sample.framesPerSecond = worst(sample.framesPerSecond, num(stat, 'framesPerSecond'), Math.min);
        }
      } else if (type === 'outbound-rtp') {
        const d = step(stat);
        if (d === null) continue;
        self.expected += d.sent;
        if (kind === 'video' && d.sent > 0) sendingVideo = true;
      } else if (type === 'remote-inbound-rtp') {
        const d = step(stat);
        self.roundTrip = worst(self.roundTrip, num(stat, 'roundTripTime'), Math.max);
        if (d !== null) self.lost += d.lost;
      }
    }

    const pair = selectedPair(stats, byId);
    self.roundTrip = worst(self.roundTrip, num(pair, 'currentRoundTripTime'), Math.max);
    const bitrate = num(pair, 'availableOutgoingBitrate');
    if (sendingVideo && bitrate !== undefined) self.availableOutgoingBitrate = bitrate;
    self.lost = Math.min(self.lost, self.expected);
    this.counters = counters;

    this.self = observe(this.self, self);
    const remote = new Map<ParticipantId, QualityTrack>();
    for (const [id, sample] of people) remote.set(id, observe(this.remote.get(id) ?? NEW_TRACK, sample));
    this.remote = remote;
    this.publish(attribute(this.self.shown, new Map([...remote].map(([id, track]) => [id, track.shown]))));
  }

  private publish(next: ConnectionQualities): void {
    if (sameQualities(next, this.snapshot)) return;
    this.snapshot = next;
    for (const l of [...this.listeners]) l();
  }
}

/** The candidate pair in use: the transport's selected one, else the nominated one that works. */
function selectedPair(stats: readonly Stat[], byId: ReadonlyMap<string, Stat>): Stat | undefined {
  for (const stat of stats) {
    if (str(stat, 'type') !== 'transport') continue;
    const id = str(stat, 'selectedCandidatePairId');
    const pair = id === undefined ? undefined : byId.get(id);
    if (pair !== undefined) return pair;
  }
  return stats.find(
    (stat) => str(stat, 'type') === 'candidate-pair' && (stat.selected === true || (stat.nominated === true && str(stat, 'state') === 'succeeded')),
  );
}
