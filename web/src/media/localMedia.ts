// Our own camera, microphone and screen: getUserMedia with the chosen device ids, device
// enumeration (microphones, cameras, speakers), mute (track.enabled = false) and camera off (the
// track is stopped, so the camera light goes off), the screen share (getDisplayMedia, content
// hint "detail", ended by the browser's own "Stop sharing"), the background effect between the
// camera and what is shown and sent, and a calm classification of what went wrong (permission
// denied, no device, busy). An external store for React; `navigator.mediaDevices` and the
// effect factory are injectable. It does not negotiate (see mediaSession.ts) and renders nothing.
import { NO_BACKGROUND, sameBackground, type BackgroundChoice, type VideoEffect, type VideoEffectFactory } from './background/effects';

export type MediaProblem = 'denied' | 'not_found' | 'unavailable' | 'unsupported';

export interface DeviceOption {
  deviceId: string;
  /** The browser's label; empty before permission is granted (the UI then numbers devices). */
  label: string;
}

export interface LocalMediaState {
  /** The microphone track (kept while muted; `enabled` follows `microphoneOn`). */
  audioTrack: MediaStreamTrack | null;
  /** The camera as shown and sent (with the background effect); null while the camera is off. */
  videoTrack: MediaStreamTrack | null;
  /** The camera's own track, before any effect. */
  cameraTrack: MediaStreamTrack | null;
  /** The shared screen; null while not sharing. */
  screenTrack: MediaStreamTrack | null;
  microphoneOn: boolean;
  cameraOn: boolean;
  microphones: readonly DeviceOption[];
  cameras: readonly DeviceOption[];
  speakers: readonly DeviceOption[];
  microphoneId: string | null;
  cameraId: string | null;
  /** The chosen audio output ('' or null: the system default). */
  speakerId: string | null;
  microphoneProblem: MediaProblem | null;
  cameraProblem: MediaProblem | null;
  /** Why the last screen share could not start ('denied' also when the picker was cancelled). */
  screenProblem: MediaProblem | null;
  background: BackgroundChoice;
  /** The background effect could not start in this browser. */
  backgroundProblem: 'unavailable' | null;
  /** A request for devices is in flight. */
  busy: boolean;
}

export interface LocalMediaPreferences {
  microphoneOn?: boolean;
  cameraOn?: boolean;
  microphoneId?: string | null;
  cameraId?: string | null;
}

export type MediaDevicesLike = Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'> &
  Partial<Pick<MediaDevices, 'addEventListener' | 'removeEventListener' | 'getDisplayMedia'>>;

export const initialLocalMediaState: LocalMediaState = {
  audioTrack: null,
  videoTrack: null,
  cameraTrack: null,
  screenTrack: null,
  microphoneOn: true,
  cameraOn: true,
  microphones: [],
  cameras: [],
  speakers: [],
  microphoneId: null,
  cameraId: null,
  speakerId: null,
  microphoneProblem: null,
  cameraProblem: null,
  screenProblem: null,
  background: NO_BACKGROUND,
  backgroundProblem: null,
  busy: false,
};

/** What getDisplayMedia is asked for: a sharp picture, at most 1080p, a calm frame rate. */
export const SCREEN_CONSTRAINTS: DisplayMediaStreamOptions = {
  video: { width: { ideal: 1920, max: 1920 }, height: { ideal: 1080, max: 1080 }, frameRate: { ideal: 15, max: 30 } },
  audio: false,
};

/** Maps a getUserMedia rejection to what we tell the user. */
export function classifyMediaError(error: unknown): MediaProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'not_found';
    case 'TypeError':
      return 'unsupported';
    default:
      return 'unavailable';
  }
}

function defaultDevices(): MediaDevicesLike | null {
  if (typeof navigator === 'undefined' || navigator.mediaDevices === undefined) return null;
  return navigator.mediaDevices;
}

function constraintFor(deviceId: string | null): MediaTrackConstraints | true {
  return deviceId === null || deviceId === '' ? true : { deviceId: { exact: deviceId } };
}

export class LocalMedia {
  private state: LocalMediaState = initialLocalMediaState;
  private readonly listeners = new Set<() => void>();
  private readonly devices: MediaDevicesLike | null;
  private readonly effects: VideoEffectFactory | null;
  private effect: { camera: MediaStreamTrack; effect: VideoEffect } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly onDeviceChange = () => {
    void this.refreshDevices();
  };

  constructor(devices: MediaDevicesLike | null = defaultDevices(), effects: VideoEffectFactory | null = null) {
    this.devices = devices;
    this.effects = effects;
    this.devices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  getSnapshot = (): LocalMediaState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Resolves when every queued device request is done. */
  whenIdle(): Promise<void> {
    return this.queue;
  }

  /** Whether this browser can share a screen at all. */
  get canShareScreen(): boolean {
    return typeof this.devices?.getDisplayMedia === 'function';
  }

  /** The running background effect's cost, or null without one. */
  backgroundStats(): { msPerFrame: number; frames: number } | null {
    return this.effect?.effect.stats() ?? null;
  }

  /** Acquires microphone and (if wanted) camera with the given preferences. */
  start(preferences: LocalMediaPreferences = {}): Promise<void> {
    return this.run(async () => {
      this.stopped = false;
      const microphoneOn = preferences.microphoneOn ?? this.state.microphoneOn;
      const cameraOn = preferences.cameraOn ?? this.state.cameraOn;
      const microphoneId = preferences.microphoneId !== undefined ? preferences.microphoneId : this.state.microphoneId;
      const cameraId = preferences.cameraId !== undefined ? preferences.cameraId : this.state.cameraId;
      if (this.devices === null) {
        this.update({ microphoneOn: false, cameraOn: false, microphoneProblem: 'unsupported', cameraProblem: 'unsupported' });
        return;
      }
      this.update({ microphoneOn, cameraOn, microphoneId, cameraId, busy: true });
      const wantVideo = cameraOn && this.state.cameraTrack === null;
      const wantAudio = this.state.audioTrack === null;
      if (wantAudio && wantVideo) {
        try {
          const stream = await this.devices.getUserMedia({ audio: constraintFor(microphoneId), video: constraintFor(cameraId) });
          this.adoptAudio(stream.getAudioTracks()[0] ?? null);
          this.adoptVideo(stream.getVideoTracks()[0] ?? null);
        } catch {
          // Try each on its own: one of them may still work (e.g. no camera, but a microphone).
          await this.acquireAudio(microphoneId);
          await this.acquireVideo(cameraId);
        }
      } else {
        if (wantAudio) await this.acquireAudio(microphoneId);
        if (wantVideo) await this.acquireVideo(cameraId);
      }
      await this.applyEffect();
      await this.enumerate();
      this.update({ busy: false });
    });
  }

  /** Mute (false) or unmute (true). Unmuting without a track asks for the microphone again. */
  setMicrophoneOn(on: boolean): Promise<void> {
    return this.run(async () => {
      const track = this.state.audioTrack;
      if (track === null && on) {
        await this.acquireAudio(this.state.microphoneId);
        if (this.state.audioTrack === null) return;
      }
      if (this.state.audioTrack !== null) this.state.audioTrack.enabled = on;
      this.update({ microphoneOn: on });
    });
  }

  /** Camera off stops the track (the light goes off); camera on asks for it again. */
  setCameraOn(on: boolean): Promise<void> {
    return this.run(async () => {
      if (!on) {
        this.stopCamera();
        this.update({ cameraOn: false });
        return;
      }
      if (this.state.cameraTrack === null) {
        this.update({ cameraOn: true });
        await this.acquireVideo(this.state.cameraId);
      }
      this.update({ cameraOn: this.state.cameraTrack !== null });
      await this.applyEffect();
      if (this.state.cameraTrack !== null) await this.enumerate();
    });
  }

  selectMicrophone(deviceId: string): Promise<void> {
    return this.run(async () => {
      if (deviceId === this.state.microphoneId && this.state.audioTrack !== null) return;
      this.update({ microphoneId: deviceId });
      if (this.devices === null) return;
      try {
        const stream = await this.devices.getUserMedia({ audio: constraintFor(deviceId) });
        this.adoptAudio(stream.getAudioTracks()[0] ?? null);
      } catch (error) {
        this.update({ microphoneProblem: classifyMediaError(error) });
      }
    });
  }

  selectCamera(deviceId: string): Promise<void> {
    return this.run(async () => {
      if (deviceId === this.state.cameraId && (this.state.cameraTrack !== null || !this.state.cameraOn)) return;
      this.update({ cameraId: deviceId });
      if (!this.state.cameraOn || this.devices === null) return;
      try {
        const stream = await this.devices.getUserMedia({ video: constraintFor(deviceId) });
        this.adoptVideo(stream.getVideoTracks()[0] ?? null);
      } catch (error) {
        this.update({ cameraProblem: classifyMediaError(error) });
      }
      await this.applyEffect();
    });
  }

  /** The audio output for remote voices (the UI applies it with setSinkId). */
  selectSpeaker(deviceId: string): void {
    if (deviceId !== this.state.speakerId) this.update({ speakerId: deviceId });
  }

  /** Blur, a picture or nothing behind the person; applies to the running camera at once. */
  setBackground(choice: BackgroundChoice): Promise<void> {
    return this.run(async () => {
      if (sameBackground(choice, this.state.background) && this.state.backgroundProblem === null) return;
      this.update({ background: choice, backgroundProblem: null });
      await this.applyEffect();
    });
  }

  /** Asks the browser for a screen (or window) to share. */
  startScreenShare(): Promise<void> {
    return this.run(async () => {
      if (this.state.screenTrack !== null) return;
      const getDisplayMedia = this.devices?.getDisplayMedia?.bind(this.devices);
      if (getDisplayMedia === undefined) {
        this.update({ screenProblem: 'unsupported' });
        return;
      }
      try {
        const stream = await getDisplayMedia(SCREEN_CONSTRAINTS);
        const track = stream.getVideoTracks()[0] ?? null;
        if (track === null) {
          this.update({ screenProblem: 'not_found' });
          return;
        }
        if (this.stopped) {
          track.stop();
          return;
        }
        // Text and fine lines stay sharp; the encoder drops frames rather than detail.
        track.contentHint = 'detail';
        track.addEventListener('ended', () => {
          if (this.state.screenTrack === track) this.update({ screenTrack: null });
        });
        this.update({ screenTrack: track, screenProblem: null });
      } catch (error) {
        this.update({ screenProblem: classifyMediaError(error) });
      }
    });
  }

  /** Stops sharing the screen. */
  stopScreenShare(): void {
    const track = this.state.screenTrack;
    if (track === null) return;
    track.stop();
    this.update({ screenTrack: null });
  }

  /** Stops every track (camera, microphone and screen lights go off). `start` can acquire again. */
  stop(): void {
    this.stopped = true;
    this.state.audioTrack?.stop();
    this.stopCamera();
    this.state.screenTrack?.stop();
    this.update({ audioTrack: null, screenTrack: null });
  }

  /** Stops the tracks and stops listening for device changes. */
  dispose(): void {
    this.stop();
    this.devices?.removeEventListener?.('devicechange', this.onDeviceChange);
  }

  refreshDevices(): Promise<void> {
    return this.run(() => this.enumerate());
  }

  // ---- internals -------------------------------------------------------------------------

  private run(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch(() => undefined);
    return this.queue;
  }

  private stopCamera(): void {
    this.effect?.effect.stop();
    this.effect = null;
    this.state.cameraTrack?.stop();
    if (this.state.cameraTrack !== null || this.state.videoTrack !== null) this.update({ cameraTrack: null, videoTrack: null });
  }

  /**
   * Puts the chosen background between the camera and `videoTrack`. With a background chosen,
   * the bare camera is never shown or sent; when the effect cannot start, the choice falls back
   * to none and says so.
   */
  private async applyEffect(): Promise<void> {
    const camera = this.state.cameraTrack;
    const choice = this.state.background;
    if (camera === null || choice.kind === 'none' || this.effects === null) {
      this.effect?.effect.stop();
      this.effect = null;
      if (this.state.videoTrack !== camera) this.update({ videoTrack: camera });
      return;
    }
    if (this.effect !== null && this.effect.camera === camera) {
      this.effect.effect.setBackground(choice);
      if (this.state.videoTrack !== this.effect.effect.track) this.update({ videoTrack: this.effect.effect.track });
      return;
    }
    this.effect?.effect.stop();
    this.effect = null;
    try {
      const effect = await this.effects(camera, choice);
      if (this.state.cameraTrack !== camera) {
        effect.stop();
        return;
      }
      this.effect = { camera, effect };
      this.update({ videoTrack: effect.track, backgroundProblem: null });
    } catch {
      this.update({ background: NO_BACKGROUND, backgroundProblem: 'unavailable', videoTrack: camera });
    }
  }

  private async acquireAudio(deviceId: string | null): Promise<void> {
    if (this.devices === null) return;
    try {
      const stream = await this.devices.getUserMedia({ audio: constraintFor(deviceId) });
      this.adoptAudio(stream.getAudioTracks()[0] ?? null);
    } catch (error) {
      this.update({ microphoneProblem: classifyMediaError(error), microphoneOn: false });
    }
  }

  private async acquireVideo(deviceId: string | null): Promise<void> {
    if (this.devices === null) return;
    try {
      const stream = await this.devices.getUserMedia({ video: constraintFor(deviceId) });
      this.adoptVideo(stream.getVideoTracks()[0] ?? null);
    } catch (error) {
      this.update({ cameraProblem: classifyMediaError(error), cameraOn: false });
    }
  }

  private adoptAudio(track: MediaStreamTrack | null): void {
    if (track === null) {
      this.update({ microphoneProblem: 'not_found', microphoneOn: false });
      return;
    }
    if (this.stopped) {
      track.stop();
      return;
    }
    const old = this.state.audioTrack;
    if (old !== null && old !== track) old.stop();
    track.enabled = this.state.microphoneOn;
    track.addEventListener('ended', () => {
      if (this.state.audioTrack === track) this.update({ audioTrack: null, microphoneOn: false });
    });
    this.update({ audioTrack: track, microphoneProblem: null, microphoneId: track.getSettings().deviceId ?? this.state.microphoneId });
  }

  private adoptVideo(track: MediaStreamTrack | null): void {
    if (track === null) {
      this.update({ cameraProblem: 'not_found', cameraOn: false });
      return;
    }
    if (this.stopped || !this.state.cameraOn) {
      track.stop();
      return;
    }
    const old = this.state.cameraTrack;
    if (old !== null && old !== track) {
      this.effect?.effect.stop();
      this.effect = null;
      old.stop();
    }
    track.addEventListener('ended', () => {
      if (this.state.cameraTrack !== track) return;
      this.effect?.effect.stop();
      this.effect = null;
      this.update({ cameraTrack: null, videoTrack: null, cameraOn: false });
    });
    // Without a background the camera is shown as it is; with one, only once processed.
    const shown = this.state.background.kind === 'none' || this.effects === null ? track : null;
    this.update({
      cameraTrack: track,
      videoTrack: shown,
      cameraProblem: null,
      cameraId: track.getSettings().deviceId ?? this.state.cameraId,
    });
  }

  private async enumerate(): Promise<void> {
    if (this.devices === null) return;
    let infos: MediaDeviceInfo[];
    try {
      infos = await this.devices.enumerateDevices();
    } catch {
      return;
    }
    const pick = (kind: MediaDeviceKind): DeviceOption[] =>
      infos.filter((d) => d.kind === kind && d.deviceId !== '').map((d) => ({ deviceId: d.deviceId, label: d.label }));
    this.update({ microphones: pick('audioinput'), cameras: pick('videoinput'), speakers: pick('audiooutput') });
  }

  private update(patch: Partial<LocalMediaState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
