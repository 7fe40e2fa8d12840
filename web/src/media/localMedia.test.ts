// Unit tests of LocalMedia over fake media devices: acquisition, mute via track.enabled, camera
// off stopping the track, calm problem classification, device lists (speakers too), switching
// devices, the screen share (content hint, the browser's "Stop sharing", a cancelled picker) and
// the background effect between camera and what is sent.
import { describe, expect, it } from 'vitest';
import { fakeEffects, fakeMediaDevices, type FakeTrack } from './fakes';
import { classifyMediaError, LocalMedia } from './localMedia';

describe('LocalMedia', () => {
  it('acquires microphone and camera and lists devices', async () => {
    const devices = fakeMediaDevices();
    const media = new LocalMedia(devices);
    await media.start();
    const state = media.getSnapshot();
    expect(state.audioTrack?.kind).toBe('audio');
    expect(state.videoTrack?.kind).toBe('video');
    expect(state.microphones.map((d) => d.deviceId)).toEqual(['mic-1', 'mic-2']);
    expect(state.cameras.map((d) => d.label)).toEqual(['Front camera', 'Document camera']);
    expect(state.speakers.map((d) => d.label)).toEqual(['Speakers', 'Headphones']);
    expect(state.microphoneId).toBe('mic-1');
    expect(state.busy).toBe(false);
  });

  it('mutes with track.enabled and keeps the track', async () => {
    const media = new LocalMedia(fakeMediaDevices());
    await media.start();
    const track = media.getSnapshot().audioTrack;
    await media.setMicrophoneOn(false);
    expect(media.getSnapshot().audioTrack).toBe(track);
    expect(track?.enabled).toBe(false);
    expect(media.getSnapshot().microphoneOn).toBe(false);
    await media.setMicrophoneOn(true);
    expect(track?.enabled).toBe(true);
  });

  it('stops the camera track when the camera goes off and asks again when on', async () => {
    const devices = fakeMediaDevices();
    const media = new LocalMedia(devices);
    await media.start();
    const first = media.getSnapshot().videoTrack as (FakeTrack & MediaStreamTrack) | null;
    await media.setCameraOn(false);
    expect(first?.stopped).toBe(true);
    expect(media.getSnapshot().videoTrack).toBeNull();
    await media.setCameraOn(true);
    expect(media.getSnapshot().videoTrack).not.toBeNull();
    expect(media.getSnapshot().videoTrack).not.toBe(first);
    expect(devices.requests.at(-1)).toEqual({ video: { deviceId: { exact: 'cam-1' } } });
  });

  it('reports a denied permission calmly and stays usable', async () => {
    const media = new LocalMedia(fakeMediaDevices({ failWith: 'NotAllowedError' }));
    await media.start();
    const state = media.getSnapshot();
    expect(state.microphoneProblem).toBe('denied');
    expect(state.cameraProblem).toBe('denied');
    expect(state.audioTrack).toBeNull();
    expect(state.microphoneOn).toBe(false);
    expect(state.cameraOn).toBe(false);
  });

  it('keeps the microphone when there is no camera', async () => {
    const media = new LocalMedia(fakeMediaDevices({ failVideoWith: 'NotFoundError' }));
    await media.start();
    const state = media.getSnapshot();
    expect(state.audioTrack).not.toBeNull();
    expect(state.cameraProblem).toBe('not_found');
    expect(state.microphoneProblem).toBeNull();
  });

  it('works without mediaDevices at all', async () => {
    const media = new LocalMedia(null);
    await media.start();
    expect(media.getSnapshot().microphoneProblem).toBe('unsupported');
  });

  it('stop ends every track', async () => {
    const media = new LocalMedia(fakeMediaDevices());
    await media.start();
    const { audioTrack, videoTrack } = media.getSnapshot();
    media.stop();
    expect((audioTrack as FakeTrack | null)?.stopped).toBe(true);
    expect((videoTrack as FakeTrack | null)?.stopped).toBe(true);
    expect(media.getSnapshot().audioTrack).toBeNull();
  });

  it('switches microphone and camera to the chosen devices, replacing the tracks', async () => {
    const devices = fakeMediaDevices();
    const media = new LocalMedia(devices);
    await media.start();
    const { audioTrack: oldMic, videoTrack: oldCam } = media.getSnapshot();
    await media.selectMicrophone('mic-2');
    await media.selectCamera('cam-2');
    const state = media.getSnapshot();
    expect(state.microphoneId).toBe('mic-2');
    expect(state.cameraId).toBe('cam-2');
    expect(state.audioTrack).not.toBe(oldMic);
    expect((oldMic as FakeTrack | null)?.stopped).toBe(true);
    expect((oldCam as FakeTrack | null)?.stopped).toBe(true);
    expect(state.videoTrack?.getSettings().deviceId).toBe('cam-2');
    media.selectSpeaker('spk-2');
    expect(media.getSnapshot().speakerId).toBe('spk-2');
  });

  it('says when unmuting finds the microphone blocked', async () => {
    const media = new LocalMedia(fakeMediaDevices({ failAudioWith: 'NotAllowedError' }));
    await media.start({ microphoneOn: false });
    await media.setMicrophoneOn(true);
    expect(media.getSnapshot().microphoneOn).toBe(false);
    expect(media.getSnapshot().microphoneProblem).toBe('denied');
  });

  it('shares the screen with the content hint "detail" until the browser stops it', async () => {
    const devices = fakeMediaDevices();
    const media = new LocalMedia(devices);
    expect(media.canShareScreen).toBe(true);
    await media.startScreenShare();
    const screen = media.getSnapshot().screenTrack as (FakeTrack & MediaStreamTrack) | null;
    expect(screen).not.toBeNull();
    expect(screen?.contentHint).toBe('detail');
    expect(devices.displayRequests[0]).toMatchObject({ audio: false });
    // The browser's own "Stop sharing" ends the track.
    screen?.end();
    expect(media.getSnapshot().screenTrack).toBeNull();

    await media.startScreenShare();
    const second = media.getSnapshot().screenTrack as (FakeTrack & MediaStreamTrack) | null;
    media.stopScreenShare();
    expect(second?.stopped).toBe(true);
    expect(media.getSnapshot().screenTrack).toBeNull();
  });

  it('treats a cancelled screen picker as no share', async () => {
    const media = new LocalMedia(fakeMediaDevices({ failDisplayWith: 'NotAllowedError' }));
    await media.startScreenShare();
    expect(media.getSnapshot().screenTrack).toBeNull();
    expect(media.getSnapshot().screenProblem).toBe('denied');
    expect(new LocalMedia({ getUserMedia: () => Promise.reject(new Error('x')), enumerateDevices: () => Promise.resolve([]) }).canShareScreen).toBe(false);
  });

  it('puts the background effect between the camera and what is shown, never the bare camera', async () => {
    const { factory, effects } = fakeEffects();
    const media = new LocalMedia(fakeMediaDevices(), factory);
    await media.setBackground({ kind: 'blur' });
    await media.start();
    const state = media.getSnapshot();
    expect(effects).toHaveLength(1);
    expect(state.videoTrack).toBe(effects[0]?.track);
    expect(state.cameraTrack).toBe(effects[0]?.camera);
    // Another background reuses the running effect.
    await media.setBackground({ kind: 'image', id: 'study' });
    expect(effects).toHaveLength(1);
    expect(effects[0]?.choices.at(-1)).toEqual({ kind: 'image', id: 'study' });
    // A new camera gets a new effect; the old one stops.
    await media.selectCamera('cam-2');
    expect(effects).toHaveLength(2);
    expect(effects[0]?.stopped).toBe(true);
    expect(media.getSnapshot().videoTrack).toBe(effects[1]?.track);
    // None: the camera as it is.
    await media.setBackground({ kind: 'none' });
    expect(effects[1]?.stopped).toBe(true);
    expect(media.getSnapshot().videoTrack).toBe(media.getSnapshot().cameraTrack);
    // Camera off stops everything.
    await media.setBackground({ kind: 'blur' });
    await media.setCameraOn(false);
    expect(effects[2]?.stopped).toBe(true);
    expect(media.getSnapshot().videoTrack).toBeNull();
  });

  it('falls back to the plain camera and says so when the effect cannot run', async () => {
    const media = new LocalMedia(fakeMediaDevices(), fakeEffects({ fail: true }).factory);
    await media.start();
    await media.setBackground({ kind: 'blur' });
    const state = media.getSnapshot();
    expect(state.backgroundProblem).toBe('unavailable');
    expect(state.background).toEqual({ kind: 'none' });
    expect(state.videoTrack).toBe(state.cameraTrack);
  });

  it('classifies getUserMedia errors', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    expect(classifyMediaError(named('NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(named('NotFoundError'))).toBe('not_found');
    expect(classifyMediaError(named('NotReadableError'))).toBe('unavailable');
  });
});
