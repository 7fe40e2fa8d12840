// Unit tests of the connection quality sampler with a fake peer connection behind a real media
// session: one timer while started and none after stop or dispose (nor from a second start), the
// received streams mapped to participants by mid and by track, loss and freezes of a remote
// participant, our own loss, round-trip time and sendable bitrate, counters that start over, a
// reading dropped when it comes back after stop, nothing shown without a peer connection, and
// listeners told only about changes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaCommand } from '../protocol/generated';
import { fakePeerFactory, fakeTrack } from './fakes';
import { MediaSession } from './mediaSession';
import type { StatsReportLike } from './peer';
import { QualitySampler } from './qualitySampler';

afterEach(() => {
  vi.useRealTimers();
});

async function setup() {
  const peers = fakePeerFactory();
  const sent: MediaCommand[] = [];
  const session = new MediaSession({
    peerFactory: peers.factory,
    send: (command) => {
      sent.push(command);
      return sent.length;
    },
  });
  session.handleJoined(false);
  session.handleEvent({
    event: 'offer',
    sdp: 'node-offer',
    tracks: [
      { mid: '3', participant_id: 'bob', kind: 'audio' },
      { mid: '4', participant_id: 'bob', kind: 'video' },
      { mid: '5', participant_id: 'cem', kind: 'audio' },
      { mid: '6', participant_id: 'cem', kind: 'video' },
      { mid: '7', participant_id: 'cem', kind: 'screen' },
    ],
  });
  await session.whenIdle();
  const pc = peers.last();
  const cemVideo = fakeTrack('video');
  pc.deliverTrack('6', cemVideo);
  let clock = 0;
  const sampler = new QualitySampler({
    getStats: () => session.getStats(),
    ownerOf: (stream) => session.ownerOf(stream),
    now: () => clock,
  });
  /** Sets the statistics and reads them, 2 s after the previous reading. */
  const read = async (stats: Record<string, unknown>[]) => {
    clock += 2000;
    pc.stats = new Map(stats.map((s) => [String(s.id), s]));
    await sampler.poll();
  };
  return { session, pc, sampler, read, cemVideo, peers };
}

/** Statistics after `n` readings: each interval brings 100 packets a stream, with `loss` lost. */
function inbound(id: string, kind: 'audio' | 'video', n: number, lossPerInterval = 0, extra: Record<string, unknown> = {}) {
  return { id, type: 'inbound-rtp', kind, packetsReceived: n * (100 - lossPerInterval), packetsLost: n * lossPerInterval, jitter: 0.01, ...extra };
}

function healthy(n: number) {
  return [
    inbound('in-bob-a', 'audio', n, 0, { mid: '3' }),
    inbound('in-bob-v', 'video', n, 0, { mid: '4', framesPerSecond: 25 }),
    inbound('in-cem-a', 'audio', n, 0, { mid: '5' }),
    inbound('in-cem-v', 'video', n, 0, { mid: '6', framesPerSecond: 25 }),
  ];
}

describe('QualitySampler', () => {
  it('holds exactly one timer while started and none after stop or dispose', async () => {
    vi.useFakeTimers();
    const { sampler, pc } = await setup();
    expect(vi.getTimerCount()).toBe(0);
    sampler.start();
    sampler.start();
    expect(vi.getTimerCount()).toBe(1);
    expect(sampler.running).toBe(true);
    // It reads at once and then every 2 s.
    expect(pc.getStatsCalls).toBe(1);
    await vi.advanceTimersByTimeAsync(6000);
    expect(pc.getStatsCalls).toBe(4);
    sampler.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(6000);
    expect(pc.getStatsCalls).toBe(4);
    sampler.start();
    expect(vi.getTimerCount()).toBe(1);
    sampler.dispose();
    expect(vi.getTimerCount()).toBe(0);
    sampler.start();
    expect(vi.getTimerCount()).toBe(0);
    expect(sampler.running).toBe(false);
  });

  it('shows nothing while every connection is good', async () => {
    const { sampler, read } = await setup();
    for (let n = 1; n <= 4; n++) await read(healthy(n));
    expect(sampler.getSnapshot().self).toBe('good');
    expect(sampler.getSnapshot().remote.size).toBe(0);
  });

  it('finds whose a stream is by mid, or by track where the mid is missing', async () => {
    const { sampler, read, cemVideo } = await setup();
    const stats = (n: number) => [
      inbound('in-bob-a', 'audio', n, 0, { mid: '3' }),
      // Cem's video without a mid, with heavy loss: found by its track.
      inbound('in-cem-v', 'video', n, 20, { trackIdentifier: cemVideo.id }),
      // A stream nobody owns is ignored.
      inbound('in-x', 'video', n, 50, { mid: '99' }),
    ];
    await read(stats(1));
    await read(stats(2));
    expect([...sampler.getSnapshot().remote]).toEqual([['cem', 'poor']]);
  });

  it("grades a remote participant's loss and freezes, per person", async () => {
    const { sampler, read } = await setup();
    const stats = (n: number, freezeSeconds: number) => [
      inbound('in-bob-a', 'audio', n, 5, { mid: '3' }),
      inbound('in-bob-v', 'video', n, 0, { mid: '4' }),
      inbound('in-cem-v', 'video', n, 0, { mid: '6', freezeCount: n > 1 ? 1 : 0, totalFreezesDuration: freezeSeconds }),
    ];
    await read(stats(1, 0));
    // Bob loses 5 of 200 packets (2.5 %), Cem's picture stood still for 1.5 s.
    await read(stats(2, 1.5));
    expect(sampler.getSnapshot().remote.get('cem')).toBe('poor');
    // Fair needs two measurements in a row.
    expect(sampler.getSnapshot().remote.get('bob')).toBeUndefined();
    await read(stats(3, 1.5));
    expect(sampler.getSnapshot().remote.get('bob')).toBe('fair');
  });

  it('grades our own connection: loss the node reports, round-trip time, the bitrate we can send', async () => {
    const { sampler, read } = await setup();
    const stats = (n: number, lost: number, rtt: number, bitrate: number) => [
      ...healthy(n),
      { id: 'out-a', type: 'outbound-rtp', kind: 'audio', packetsSent: n * 50, remoteId: 'ri-a' },
      { id: 'out-v', type: 'outbound-rtp', kind: 'video', packetsSent: n * 150, remoteId: 'ri-v' },
      { id: 'ri-a', type: 'remote-inbound-rtp', kind: 'audio', packetsLost: lost, roundTripTime: rtt },
      { id: 'transport', type: 'transport', selectedCandidatePairId: 'pair-1' },
      { id: 'pair-1', type: 'candidate-pair', currentRoundTripTime: rtt, availableOutgoingBitrate: bitrate },
    ];
    await read(stats(1, 0, 0.05, 2_000_000));
    await read(stats(2, 0, 0.05, 2_000_000));
    expect(sampler.getSnapshot().self).toBe('good');
    // 60 packets lost on the way to the node, of 400 sent in the window: poor at once.
    await read(stats(3, 60, 0.05, 2_000_000));
    expect(sampler.getSnapshot().self).toBe('poor');

    const slow = await setup();
    await slow.read(stats(1, 0, 0.8, 2_000_000));
    expect(slow.sampler.getSnapshot().self).toBe('poor');

    const narrow = await setup();
    await narrow.read(stats(1, 0, 0.05, 60_000));
    await narrow.read(stats(2, 0, 0.05, 60_000));
    expect(narrow.sampler.getSnapshot().self).toBe('poor');
  });

  it('takes what nearly every remote participant shows at once as our own trouble', async () => {
    const { sampler, read, session, pc } = await setup();
    session.handleEvent({
      event: 'offer',
      sdp: 'node-offer-2',
      tracks: [
        { mid: '3', participant_id: 'bob', kind: 'audio' },
        { mid: '5', participant_id: 'cem', kind: 'audio' },
        { mid: '8', participant_id: 'dan', kind: 'audio' },
      ],
    });
    await session.whenIdle();
    expect(pc.closed).toBe(false);
    const stats = (n: number) => ['3', '5', '8'].map((mid) => inbound(`in-${mid}`, 'audio', n, 20, { mid }));
    await read(stats(1));
    await read(stats(2));
    expect(sampler.getSnapshot()).toEqual({ self: 'poor', remote: new Map() });
  });

  it('starts over when the counters do (a new peer connection)', async () => {
    const { sampler, read } = await setup();
    await read(healthy(50));
    // Smaller counters than before: no interval to measure, nothing shown.
    await read([inbound('in-bob-a', 'audio', 1, 30, { mid: '3' })]);
    expect(sampler.getSnapshot().remote.size).toBe(0);
  });

  it('drops a reading that comes back after stop', async () => {
    let resolve: (report: StatsReportLike | null) => void = () => undefined;
    const sampler = new QualitySampler({
      getStats: () => new Promise((r) => (resolve = r)),
      ownerOf: () => ({ participantId: 'bob', kind: 'audio' }),
      setInterval: () => 1,
      clearInterval: () => undefined,
    });
    const listener = vi.fn();
    sampler.subscribe(listener);
    sampler.start();
    sampler.stop();
    resolve(new Map([['x', { id: 'x', type: 'inbound-rtp', kind: 'audio', packetsReceived: 1, packetsLost: 1000 }]]));
    await Promise.resolve();
    await Promise.resolve();
    expect(listener).not.toHaveBeenCalled();
    expect(sampler.getSnapshot().remote.size).toBe(0);
  });

  it('shows nothing without a peer connection, and tells listeners only about changes', async () => {
    const { sampler, read, session } = await setup();
    const listener = vi.fn();
    sampler.subscribe(listener);
    const lossy = (n: number) => [inbound('in-bob-a', 'audio', n, 30, { mid: '3' })];
    await read(lossy(1));
    await read(lossy(2));
    await read(lossy(3));
    expect(sampler.getSnapshot().remote.get('bob')).toBe('poor');
    expect(listener).toHaveBeenCalledTimes(1);
    session.close();
    await sampler.poll();
    expect(sampler.getSnapshot().remote.size).toBe(0);
    expect(listener).toHaveBeenCalledTimes(2);
  });
});


