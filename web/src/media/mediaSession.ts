// The media session with the node's SFU: one peer connection with our three send transceivers
// (audio, camera video, screen video, all sendonly), the offer/answer exchange of
// docs/protocol/media.md, the node's receive slots and their map (mid → participant, from the
// node's one offer and its `tracks` events, which move a slot to another source without
// renegotiation), the remote tracks per participant (audio, camera, screen; an external store
// for React), and `media/subscribe` for the visible camera tiles (and which are shown large:
// the camera is sent in two simulcast layers, and the node picks one per tile size and
// bandwidth, and asks us to pause layers nobody receives: `media/layers`). Sharing the screen is
// a replaceTrack on the third sender, whose
// encoding keeps the resolution (text stays readable); no renegotiation. The peer connection's
// statistics, and whose a received stream is (by mid or track), for the connection quality. It
// sends through a callback and does not know the WebSocket, the room store or the DOM.
import type { MediaCommand, MediaEvent, ParticipantId, RemoteTrack, TrackKind } from '../protocol/generated';
import type { PeerConnectionLike, PeerFactory, StatsReportLike, TransceiverLike } from './peer';
import { MAX_TILES_PER_PAGE } from '../client/gallery';

/**
 * Camera videos we ever show at once: a full gallery page, or the large video beside a strip
 * page (our receive slots for cameras, asked for in our offer).
 */
export const VIDEO_SLOTS = MAX_TILES_PER_PAGE + 1;

/**
 * The camera's simulcast layers, smallest first: half and full resolution (a camera opened
 * without constraints gives 640×480, for which browsers encode at most two layers). The node
 * sends each subscriber the smallest for a tile and the largest for a large picture
 * (docs/protocol/media.md).
 */
export const CAMERA_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'q', scaleResolutionDownBy: 2, maxBitrate: 250_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

export interface RemoteMedia {
  audio: MediaStreamTrack | null;
  /** The camera. */
  video: MediaStreamTrack | null;
  /** A shared screen (forwarded to everyone, no subscription needed). */
  screen: MediaStreamTrack | null;
  /** The node holds the camera back: our downlink is too slow for it (the slot stays). */
  videoPaused: boolean;
}

/** The most a shared screen may use (bits per second). */
export const SCREEN_MAX_BITRATE = 2_500_000;

export type RemoteMediaMap = ReadonlyMap<ParticipantId, RemoteMedia>;

/** Whom a receive slot carries, and whether the node holds it back for our bandwidth. */
export interface SlotSource {
  participantId: ParticipantId;
  kind: TrackKind;
  paused: boolean;
}

export interface MediaSessionOptions {
  peerFactory: PeerFactory;
  /** Sends a media command; returns its id, or null when it could not be sent now. */
  send(command: MediaCommand): number | null;
  /** Negotiation failures (for diagnostics; the session recovers on its own where it can). */
  onError?(error: unknown): void;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export class MediaSession {
  private readonly options: MediaSessionOptions;
  private pc: PeerConnectionLike | null = null;
  private generation = 0;
  private audioSender: TransceiverLike | null = null;
  private videoSender: TransceiverLike | null = null;
  private screenSender: TransceiverLike | null = null;
  private localAudio: MediaStreamTrack | null = null;
  private localVideo: MediaStreamTrack | null = null;
  private localScreen: MediaStreamTrack | null = null;
  private midMap = new Map<string, SlotSource>();
  private readonly midTracks = new Map<string, MediaStreamTrack>();
  private remote: RemoteMediaMap = new Map();
  private readonly listeners = new Set<() => void>();
  private visible: ParticipantId[] = [];
  private large: ParticipantId[] = [];
  private sentSubscription: { video: ParticipantId[]; large: ParticipantId[] } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private active = false;
  /** An offer or answer could not be sent (signaling was down): the session must start over. */
  private negotiationBroken = false;
  /** The current peer connection's offer went out; subscriptions wait for it. */
  private offerSent = false;

  constructor(options: MediaSessionOptions) {
    this.options = options;
  }

  // ---- external store of remote tracks -------------------------------------------------

  getSnapshot = (): RemoteMediaMap => this.remote;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Resolves when all queued negotiation steps are done (for tests and orderly shutdown). */
  whenIdle(): Promise<void> {
    return this.queue;
  }

  get connectionState(): RTCPeerConnectionState | null {
    return this.pc?.connectionState ?? null;
  }

  /** The current slot map: mid → participant (the node's offer and `tracks` events). */
  get tracksByMid(): ReadonlyMap<string, SlotSource> {
    return this.midMap;
  }

  /** The current peer connection's statistics (null: no peer connection now). */
  getStats(): Promise<StatsReportLike | null> {
    return this.pc === null ? Promise.resolve(null) : this.pc.getStats();
  }

  /**
   * Whose a received stream is, by its transceiver's mid (the node's offer) or, where the
   * statistics lack the mid, by the id of the track that arrived on it.
   */
  ownerOf(stream: { mid?: string | undefined; trackIdentifier?: string | undefined }): { participantId: ParticipantId; kind: TrackKind } | null {
    if (stream.mid !== undefined) {
      const owner = this.midMap.get(stream.mid);
      if (owner !== undefined) return owner;
    }
    if (stream.trackIdentifier !== undefined) {
      for (const [mid, track] of this.midTracks) {
        if (track.id === stream.trackIdentifier) return this.midMap.get(mid) ?? null;
      }
    }
    return null;
  }

  // ---- inputs ----------------------------------------------------------------------------

  /** The node admitted us (`control/joined`). */
  handleJoined(resumed: boolean): void {
    this.active = true;
    const state = this.pc?.connectionState;
    if (!resumed || this.pc === null || state === 'failed' || state === 'closed' || this.negotiationBroken) {
      this.restart();
    } else {
      // The node may have lost our subscription with the old connection; it is idempotent.
      this.sendSubscription(true);
    }
  }

  handleEvent(event: MediaEvent): void {
    switch (event.event) {
      case 'answer': {
        const sdp = event.sdp;
        this.enqueue(async (pc) => {
          await pc.setRemoteDescription({ type: 'answer', sdp });
        });
        return;
      }
      case 'offer': {
        const { sdp, tracks } = event;
        this.enqueue(async (pc) => {
          this.setTracks(tracks);
          await pc.setRemoteDescription({ type: 'offer', sdp });
          const answer = await pc.createAnswer();
          await pc.setLocalDescription(answer);
          const id = this.options.send({ action: 'answer', sdp: pc.localDescription?.sdp ?? answer.sdp ?? '' });
          if (id === null) this.negotiationBroken = true;
          this.recompute();
        });
        return;
      }
      case 'tracks': {
        // After any offer still being applied, so that the map follows the node's order.
        const { tracks } = event;
        this.enqueue(async () => {
          this.setTracks(tracks);
        });
        return;
      }
      case 'layers': {
        const { kind, active } = event;
        this.enqueue(async () => {
          await this.setActiveLayers(kind, active);
        });
        return;
      }
      case 'subscribed':
        // What the node took of our `subscribe`; the receivers follow the node's offers.
        return;
    }
  }

  /** Our current microphone, camera and screen tracks (null: nothing to send). */
  setLocalTracks(audio: MediaStreamTrack | null, video: MediaStreamTrack | null, screen: MediaStreamTrack | null = null): void {
    if (audio === this.localAudio && video === this.localVideo && screen === this.localScreen) return;
    const screenChanged = screen !== this.localScreen;
    this.localAudio = audio;
    this.localVideo = video;
    this.localScreen = screen;
    if (this.pc === null) return;
    this.enqueue(async () => {
      await this.audioSender?.sender.replaceTrack(this.localAudio);
      await this.videoSender?.sender.replaceTrack(this.localVideo);
      if (screenChanged) await this.replaceScreen();
    });
  }

  /**
   * The remote participants whose camera is visible, and those of them shown large; sends
   * `media/subscribe` on change.
   */
  setVisibleParticipants(ids: readonly ParticipantId[], large: readonly ParticipantId[] = []): void {
    const next = [...ids];
    const nextLarge = large.filter((id) => next.includes(id));
    if (sameIds(next, this.visible) && sameIds(nextLarge, this.large)) return;
    this.visible = next;
    this.large = nextLarge;
    this.sendSubscription(false);
  }

  /** Ends the session: closes the peer connection and forgets the remote tracks. */
  close(): void {
    this.active = false;
    this.generation += 1;
    this.closePeer();
    this.midMap = new Map();
    this.midTracks.clear();
    this.sentSubscription = null;
    this.offerSent = false;
    this.recompute();
  }

  // ---- internals -------------------------------------------------------------------------

  private sendSubscription(force: boolean): void {
    if (!this.active || !this.offerSent) return;
    const sent = this.sentSubscription;
    if (!force && sent !== null && sameIds(sent.video, this.visible) && sameIds(sent.large, this.large)) return;
    const video = [...this.visible];
    const large = [...this.large];
    const command: MediaCommand = large.length > 0 ? { action: 'subscribe', video, large } : { action: 'subscribe', video };
    if (this.options.send(command) !== null) this.sentSubscription = { video, large };
  }

  /** Starts over: a new peer connection and a new `media/offer` (the node replaces the old session). */
  private restart(): void {
    this.generation += 1;
    const generation = this.generation;
    this.negotiationBroken = false;
    this.offerSent = false;
    this.closePeer();
    this.midMap = new Map();
    this.midTracks.clear();
    this.recompute();
    const pc = this.options.peerFactory({
      onTrack: (mid, track) => {
        if (generation !== this.generation || mid === null) return;
        this.midTracks.set(mid, track);
        this.recompute();
      },
      onConnectionStateChange: (state) => {
        if (generation !== this.generation) return;
        if (state === 'failed' && this.active) this.restart();
      },
    });
    this.pc = pc;
    // Always all three, in this order, even without tracks (listen-only, not sharing).
    this.audioSender = pc.addTransceiver('audio', { direction: 'sendonly' });
    this.videoSender = pc.addTransceiver('video', { direction: 'sendonly', sendEncodings: CAMERA_LAYERS });
    this.screenSender = pc.addTransceiver('video', { direction: 'sendonly' });
    this.enqueue(async () => {
      await this.audioSender?.sender.replaceTrack(this.localAudio);
      await this.videoSender?.sender.replaceTrack(this.localVideo);
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      await this.replaceScreen();
      const id = this.options.send({ action: 'offer', sdp: pc.localDescription?.sdp ?? offer.sdp ?? '', video_slots: VIDEO_SLOTS });
      if (id === null) this.negotiationBroken = true;
      this.offerSent = id !== null;
      this.sendSubscription(true);
    });
  }

  private closePeer(): void {
    this.pc?.close();
    this.pc = null;
    this.audioSender = null;
    this.videoSender = null;
    this.screenSender = null;
  }

  /** Puts our screen on the third sender, keeping its resolution and allowing a generous bitrate. */
  private async replaceScreen(): Promise<void> {
    const sender = this.screenSender?.sender;
    if (sender === undefined) return;
    await sender.replaceTrack(this.localScreen);
    if (this.localScreen === null || sender.getParameters === undefined || sender.setParameters === undefined) return;
    const parameters = sender.getParameters();
    const encodings = parameters.encodings.length > 0 ? parameters.encodings : [{}];
    parameters.encodings = encodings.map((e) => ({ ...e, maxBitrate: SCREEN_MAX_BITRATE, scaleResolutionDownBy: 1 }));
    (parameters as RTCRtpSendParameters & { degradationPreference?: string }).degradationPreference = 'maintain-resolution';
    try {
      await sender.setParameters(parameters);
    } catch {
      // Browsers without these parameters still send the screen, only less sharply.
    }
  }

  /**
   * Dynacast: sends only the encodings (by rid) someone receives; the others pause until the
   * node names them again. Encodings without a rid (a single layer) are left alone.
   */
  private async setActiveLayers(kind: TrackKind, active: readonly string[]): Promise<void> {
    const sender = (kind === 'video' ? this.videoSender : kind === 'screen' ? this.screenSender : null)?.sender;
    if (sender?.getParameters === undefined || sender.setParameters === undefined) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings.some((e) => e.rid !== undefined)) return;
    parameters.encodings = parameters.encodings.map((e) => ({ ...e, active: e.rid === undefined || active.includes(e.rid) }));
    try {
      await sender.setParameters(parameters);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** A new slot map. A slot's track stays when it carries nobody for a while: it arrived once. */
  private setTracks(tracks: readonly RemoteTrack[]): void {
    this.midMap = new Map(
      tracks.map((t) => [t.mid, { participantId: t.participant_id, kind: t.kind, paused: t.paused !== undefined }]),
    );
    this.recompute();
  }

  private recompute(): void {
    const next = new Map<ParticipantId, RemoteMedia>();
    for (const [mid, { participantId, kind, paused }] of this.midMap) {
      const track = this.midTracks.get(mid);
      if (track === undefined && !paused) continue;
      const entry = next.get(participantId) ?? { audio: null, video: null, screen: null, videoPaused: false };
      if (track !== undefined) entry[kind] = track;
      if (kind === 'video' && paused) entry.videoPaused = true;
      next.set(participantId, entry);
    }
    if (sameRemote(this.remote, next)) return;
    this.remote = next;
    for (const l of [...this.listeners]) l();
  }

  /**
   * Runs a negotiation step after the previous ones, on the peer connection current at enqueue
   * time; steps for a replaced peer connection are skipped.
   */
  private enqueue(step: (pc: PeerConnectionLike) => Promise<void>): void {
    const pc = this.pc;
    const generation = this.generation;
    this.queue = this.queue.then(async () => {
      if (pc === null || generation !== this.generation) return;
      try {
        await step(pc);
      } catch (error) {
        this.options.onError?.(error);
      }
    });
  }
}

function sameRemote(a: RemoteMediaMap, b: RemoteMediaMap): boolean {
  if (a.size !== b.size) return false;
  for (const [id, media] of a) {
    const other = b.get(id);
    if (
      other === undefined ||
      other.audio !== media.audio ||
      other.video !== media.video ||
      other.screen !== media.screen ||
      other.videoPaused !== media.videoPaused
    )
      return false;
  }
  return true;
}
