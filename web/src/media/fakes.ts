// Fakes for unit and component tests: a peer connection factory that records transceivers and
// SDP calls (and reports statistics a test sets), media tracks, a `navigator.mediaDevices` stand-in (with getDisplayMedia), and a
// background effect factory. Test support only; the
// application never imports it.
import type { BackgroundChoice, VideoEffect, VideoEffectFactory } from './background/effects';
import type { MediaDevicesLike } from './localMedia';
import type { PeerConnectionLike, PeerFactory, PeerHandlers, SenderLike, StatsReportLike, TransceiverLike } from './peer';

export interface FakeTrack {
  readonly kind: 'audio' | 'video';
  readonly id: string;
  enabled: boolean;
  contentHint: string;
  readyState: 'live' | 'ended';
  stopped: boolean;
  stop(): void;
  getSettings(): { deviceId?: string };
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  /** Simulates the device going away. */
  end(): void;
}

let trackCounter = 0;

export function fakeTrack(kind: 'audio' | 'video', deviceId = `${kind}-device-1`): FakeTrack & MediaStreamTrack {
  const listeners = new Set<() => void>();
  const track: FakeTrack = {
    kind,
    id: `${kind}-${++trackCounter}`,
    enabled: true,
    contentHint: '',
    readyState: 'live',
    stopped: false,
    stop() {
      this.stopped = true;
      this.readyState = 'ended';
    },
    getSettings: () => ({ deviceId }),
    addEventListener: (type, listener) => {
      if (type === 'ended') listeners.add(listener);
    },
    removeEventListener: (type, listener) => {
      if (type === 'ended') listeners.delete(listener);
    },
    end() {
      this.readyState = 'ended';
      for (const l of listeners) l();
    },
  };
  // The fake implements only what the application uses of MediaStreamTrack.
  return track as FakeTrack & MediaStreamTrack;
}

export class FakeSender implements SenderLike {
  track: MediaStreamTrack | null = null;
  readonly replaced: (MediaStreamTrack | null)[] = [];
  parameters: RTCRtpSendParameters = { transactionId: 't1', encodings: [{}], headerExtensions: [], rtcp: {}, codecs: [] };
  replaceTrack(track: MediaStreamTrack | null): Promise<void> {
    this.track = track;
    this.replaced.push(track);
    return Promise.resolve();
  }
  getParameters(): RTCRtpSendParameters {
    return structuredClone(this.parameters);
  }
  setParameters(parameters: RTCRtpSendParameters): Promise<void> {
    this.parameters = parameters;
    return Promise.resolve();
  }
}

export class FakeTransceiver implements TransceiverLike {
  readonly sender = new FakeSender();
  constructor(
    readonly kind: 'audio' | 'video',
    readonly direction: RTCRtpTransceiverDirection,
    public mid: string | null,
  ) {}
}

export class FakePeer implements PeerConnectionLike {
  readonly transceivers: FakeTransceiver[] = [];
  readonly calls: string[] = [];
  localDescription: { sdp: string; type: RTCSdpType } | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  closed = false;
  private offers = 0;
  private answers = 0;

  constructor(
    readonly handlers: PeerHandlers,
    readonly index: number,
  ) {}

  addTransceiver(kind: 'audio' | 'video', init: { direction: RTCRtpTransceiverDirection; sendEncodings?: RTCRtpEncodingParameters[] }): FakeTransceiver {
    this.calls.push(`addTransceiver:${kind}:${init.direction}${init.sendEncodings === undefined ? '' : `:${init.sendEncodings.map((e) => e.rid).join('/')}`}`);
    const t = new FakeTransceiver(kind, init.direction, String(this.transceivers.length));
    if (init.sendEncodings !== undefined) t.sender.parameters.encodings = init.sendEncodings.map((e) => ({ ...e }));
    this.transceivers.push(t);
    return t;
  }

  createOffer(): Promise<RTCSessionDescriptionInit> {
    this.calls.push('createOffer');
    return Promise.resolve({ type: 'offer', sdp: `offer-${this.index}-${++this.offers}` });
  }

  createAnswer(): Promise<RTCSessionDescriptionInit> {
    this.calls.push('createAnswer');
    return Promise.resolve({ type: 'answer', sdp: `answer-${this.index}-${++this.answers}` });
  }

  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.calls.push(`setLocalDescription:${description.type}`);
    this.localDescription = { type: description.type, sdp: description.sdp ?? '' };
    return Promise.resolve();
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.calls.push(`setRemoteDescription:${description.type}:${description.sdp ?? ''}`);
    this.remoteDescription = description;
    return Promise.resolve();
  }

  /** The statistics getStats() reports, by id; tests set them. */
  stats = new Map<string, Record<string, unknown>>();
  getStatsCalls = 0;

  getStats(): Promise<StatsReportLike> {
    this.getStatsCalls += 1;
    return Promise.resolve(new Map(this.stats));
  }

  close(): void {
    this.closed = true;
    this.connectionState = 'closed';
  }

  // ---- driven by the test ----
  deliverTrack(mid: string, track: MediaStreamTrack): void {
    this.handlers.onTrack(mid, track);
  }

  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.handlers.onConnectionStateChange(state);
  }
}

export function fakePeerFactory(): { factory: PeerFactory; peers: FakePeer[]; last(): FakePeer } {
  const peers: FakePeer[] = [];
  return {
    peers,
    factory: (handlers) => {
      const peer = new FakePeer(handlers, peers.length + 1);
      peers.push(peer);
      return peer;
    },
    last() {
      const peer = peers[peers.length - 1];
      if (peer === undefined) throw new Error('no peer connection created yet');
      return peer;
    },
  };
}

/** A `DOMException`-like error as getUserMedia throws them. */
export function mediaError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

export interface FakeMediaDevicesOptions {
  /** Rejects every request with this error name (e.g. 'NotAllowedError'). */
  failWith?: string;
  /** Rejects video requests only (e.g. 'NotFoundError': no camera). */
  failVideoWith?: string;
  /** Rejects audio requests only (e.g. 'NotAllowedError': microphone blocked). */
  failAudioWith?: string;
  /** Rejects getDisplayMedia with this error name (e.g. 'NotAllowedError': the picker was cancelled). */
  failDisplayWith?: string;
}

function deviceOf(constraint: boolean | MediaTrackConstraints | undefined, fallback: string): string {
  if (typeof constraint !== 'object') return fallback;
  const id = constraint.deviceId;
  if (typeof id === 'object' && !Array.isArray(id) && typeof id.exact === 'string') return id.exact;
  return fallback;
}

export type FakeMediaDevices = MediaDevicesLike & {
  requests: MediaStreamConstraints[];
  displayRequests: DisplayMediaStreamOptions[];
  /** The screen tracks handed out, newest last. */
  screens: (FakeTrack & MediaStreamTrack)[];
};

export function fakeMediaDevices(options: FakeMediaDevicesOptions = {}): FakeMediaDevices {
  const requests: MediaStreamConstraints[] = [];
  const displayRequests: DisplayMediaStreamOptions[] = [];
  const screens: (FakeTrack & MediaStreamTrack)[] = [];
  const devices = [
    { deviceId: 'mic-1', kind: 'audioinput', label: 'Desk microphone', groupId: 'g1' },
    { deviceId: 'mic-2', kind: 'audioinput', label: 'Headset', groupId: 'g2' },
    { deviceId: 'cam-1', kind: 'videoinput', label: 'Front camera', groupId: 'g1' },
    { deviceId: 'cam-2', kind: 'videoinput', label: 'Document camera', groupId: 'g3' },
    { deviceId: 'spk-1', kind: 'audiooutput', label: 'Speakers', groupId: 'g1' },
    { deviceId: 'spk-2', kind: 'audiooutput', label: 'Headphones', groupId: 'g2' },
  ];
  return {
    requests,
    displayRequests,
    screens,
    getDisplayMedia(constraints?: DisplayMediaStreamOptions): Promise<MediaStream> {
      displayRequests.push(constraints ?? {});
      if (options.failDisplayWith !== undefined) return Promise.reject(mediaError(options.failDisplayWith));
      const track = fakeTrack('video', 'screen');
      screens.push(track);
      const stream = { getAudioTracks: () => [], getVideoTracks: () => [track], getTracks: () => [track] };
      return Promise.resolve(stream as unknown as MediaStream);
    },
    getUserMedia(constraints?: MediaStreamConstraints): Promise<MediaStream> {
      requests.push(constraints ?? {});
      if (options.failWith !== undefined) return Promise.reject(mediaError(options.failWith));
      const wantVideo = constraints?.video !== undefined && constraints.video !== false;
      const wantAudio = constraints?.audio !== undefined && constraints.audio !== false;
      if (wantVideo && options.failVideoWith !== undefined) return Promise.reject(mediaError(options.failVideoWith));
      if (wantAudio && options.failAudioWith !== undefined) return Promise.reject(mediaError(options.failAudioWith));
      const audio = wantAudio ? [fakeTrack('audio', deviceOf(constraints?.audio, 'mic-1'))] : [];
      const video = wantVideo ? [fakeTrack('video', deviceOf(constraints?.video, 'cam-1'))] : [];
      const stream = { getAudioTracks: () => audio, getVideoTracks: () => video, getTracks: () => [...audio, ...video] };
      // The fake stream implements only what LocalMedia uses.
      return Promise.resolve(stream as unknown as MediaStream);
    },
    enumerateDevices(): Promise<MediaDeviceInfo[]> {
      const infos = devices.map((d) => ({ ...d, toJSON: () => d }));
      return Promise.resolve(infos as MediaDeviceInfo[]);
    },
  };
}

export interface FakeEffect extends VideoEffect {
  camera: MediaStreamTrack;
  choices: BackgroundChoice[];
  stopped: boolean;
}

/** A background effect factory that hands out fake processed tracks (or fails, when asked). */
export function fakeEffects(options: { fail?: boolean } = {}): { factory: VideoEffectFactory; effects: FakeEffect[] } {
  const effects: FakeEffect[] = [];
  return {
    effects,
    factory: (camera, choice) => {
      if (options.fail === true) return Promise.reject(new Error('no WebAssembly'));
      const effect: FakeEffect = {
        camera,
        choices: [choice],
        stopped: false,
        track: fakeTrack('video', 'processed'),
        setBackground(next) {
          this.choices.push(next);
        },
        stats: () => ({ msPerFrame: 5, frames: 10 }),
        stop() {
          this.stopped = true;
          this.track.stop();
        },
      };
      effects.push(effect);
      return Promise.resolve(effect);
    },
  };
}
