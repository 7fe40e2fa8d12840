// Unit tests of LocalMedia over fake media devices: acquisition, mute via track.enabled, camera
// off stopping the track, calm problem classification, device lists.
import { describe, expect, it } from 'vitest';
import { fakeMediaDevices, type FakeTrack } from './fakes';
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
    expect(state.cameras.map((d) => d.label)).toEqual(['Front camera']);
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

  it('classifies getUserMedia errors', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    expect(classifyMediaError(named('NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(named('NotFoundError'))).toBe('not_found');
    expect(classifyMediaError(named('NotReadableError'))).toBe('unavailable');
  });
});
