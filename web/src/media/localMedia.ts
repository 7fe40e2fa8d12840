// Our own camera and microphone: getUserMedia with the chosen device ids, device enumeration,
// mute (track.enabled = false) and camera off (the track is stopped, so the camera light goes
// off), and a calm classification of what went wrong (permission denied, no device, busy).
// An external store for React; `navigator.mediaDevices` is injectable. It does not negotiate
// (see mediaSession.ts) and renders nothing.

export type MediaProblem = 'denied' | 'not_found' | 'unavailable' | 'unsupported';

export interface DeviceOption {
  deviceId: string;
  /** The browser's label; empty before permission is granted (the UI then numbers devices). */
  label: string;
}

export interface LocalMediaState {
  /** The microphone track (kept while muted; `enabled` follows `microphoneOn`). */
  audioTrack: MediaStreamTrack | null;
  /** The camera track; null while the camera is off. */
  videoTrack: MediaStreamTrack | null;
  microphoneOn: boolean;
  cameraOn: boolean;
  microphones: readonly DeviceOption[];
  cameras: readonly DeviceOption[];
  microphoneId: string | null;
  cameraId: string | null;
  microphoneProblem: MediaProblem | null;
  cameraProblem: MediaProblem | null;
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
  Partial<Pick<MediaDevices, 'addEventListener' | 'removeEventListener'>>;

export const initialLocalMediaState: LocalMediaState = {
  audioTrack: null,
  videoTrack: null,
  microphoneOn: true,
  cameraOn: true,
  microphones: [],
  cameras: [],
  microphoneId: null,
  cameraId: null,
  microphoneProblem: null,
  cameraProblem: null,
  busy: false,
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
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly onDeviceChange = () => {
    void this.refreshDevices();
  };

  constructor(devices: MediaDevicesLike | null = defaultDevices()) {
    this.devices = devices;
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
      const wantVideo = cameraOn && this.state.videoTrack === null;
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
        this.state.videoTrack?.stop();
        this.update({ cameraOn: false, videoTrack: null });
        return;
      }
      if (this.state.videoTrack === null) {
        this.update({ cameraOn: true });
        await this.acquireVideo(this.state.cameraId);
      }
      this.update({ cameraOn: this.state.videoTrack !== null });
      if (this.state.videoTrack !== null) await this.enumerate();
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
      if (deviceId === this.state.cameraId && (this.state.videoTrack !== null || !this.state.cameraOn)) return;
      this.update({ cameraId: deviceId });
      if (!this.state.cameraOn || this.devices === null) return;
      try {
        const stream = await this.devices.getUserMedia({ video: constraintFor(deviceId) });
        this.adoptVideo(stream.getVideoTracks()[0] ?? null);
      } catch (error) {
        this.update({ cameraProblem: classifyMediaError(error) });
      }
    });
  }

  /** Stops every track (camera and microphone lights go off). `start` can acquire again. */
  stop(): void {
    this.stopped = true;
    this.state.audioTrack?.stop();
    this.state.videoTrack?.stop();
    this.update({ audioTrack: null, videoTrack: null });
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
    const old = this.state.videoTrack;
    if (old !== null && old !== track) old.stop();
    track.addEventListener('ended', () => {
      if (this.state.videoTrack === track) this.update({ videoTrack: null, cameraOn: false });
    });
    this.update({ videoTrack: track, cameraProblem: null, cameraId: track.getSettings().deviceId ?? this.state.cameraId });
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
    this.update({ microphones: pick('audioinput'), cameras: pick('videoinput') });
  }

  private update(patch: Partial<LocalMediaState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
