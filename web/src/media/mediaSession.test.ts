// Unit tests of the MediaSession with a fake peer connection factory: transceiver order and
// directions (audio, camera, screen), the offer after joined, answers to node offers, the mid
// map with screens, sharing the screen with replaceTrack and sharp encoding parameters,
// restarts, and the subscription following the visible page.
import { describe, expect, it } from 'vitest';
import { paginate, visibleRemoteIds } from '../client/gallery';
import type { MediaCommand, Participant } from '../protocol/generated';
import { fakePeerFactory, fakeTrack } from './fakes';
import { MediaSession, VIDEO_SLOTS } from './mediaSession';

function setup(options: { connected?: () => boolean } = {}) {
  const peers = fakePeerFactory();
  const sent: MediaCommand[] = [];
  const errors: unknown[] = [];
  const session = new MediaSession({
    peerFactory: peers.factory,
    send: (command) => {
      if (options.connected !== undefined && !options.connected()) return null;
      sent.push(command);
      return sent.length;
    },
    onError: (e) => errors.push(e),
  });
  return { peers, sent, errors, session };
}

describe('MediaSession', () => {
  it('creates audio, camera and screen sendonly transceivers and sends an offer after joined', async () => {
    const { peers, sent, session } = setup();
    expect(peers.peers).toHaveLength(0);
    session.handleJoined(false);
    await session.whenIdle();
    const pc = peers.last();
    expect(pc.transceivers.map((t) => [t.kind, t.direction])).toEqual([
      ['audio', 'sendonly'],
      ['video', 'sendonly'],
      ['video', 'sendonly'],
    ]);
    expect(pc.calls).toEqual([
      'addTransceiver:audio:sendonly',
      'addTransceiver:video:sendonly:q/f',
      'addTransceiver:video:sendonly',
      'createOffer',
      'setLocalDescription:offer',
    ]);
    expect(sent[0]).toEqual({ action: 'offer', sdp: 'offer-1-1', video_slots: VIDEO_SLOTS });
    expect(VIDEO_SLOTS).toBe(10);
    // The default subscription (nobody) is stated explicitly after the offer.
    expect(sent[1]).toEqual({ action: 'subscribe', video: [] });
  });

  it('attaches the local tracks with replaceTrack, also later', async () => {
    const { peers, session } = setup();
    const mic = fakeTrack('audio');
    session.setLocalTracks(mic, null);
    session.handleJoined(false);
    await session.whenIdle();
    const [audio, video] = peers.last().transceivers;
    expect(audio?.sender.track).toBe(mic);
    expect(video?.sender.track).toBeNull();
    const cam = fakeTrack('video');
    session.setLocalTracks(mic, cam);
    await session.whenIdle();
    expect(video?.sender.track).toBe(cam);
    session.setLocalTracks(mic, null);
    await session.whenIdle();
    expect(video?.sender.track).toBeNull();
  });

  it('shares the screen on the third sender without renegotiating, keeping its resolution', async () => {
    const { peers, sent, session } = setup();
    const cam = fakeTrack('video');
    session.setLocalTracks(null, cam, null);
    session.handleJoined(false);
    await session.whenIdle();
    const pc = peers.last();
    const [, camera, screen] = pc.transceivers;
    expect(screen?.sender.track).toBeNull();
    const calls = pc.calls.length;
    const offers = sent.filter((c) => c.action === 'offer').length;

    const display = fakeTrack('video', 'screen');
    session.setLocalTracks(null, cam, display);
    await session.whenIdle();
    expect(screen?.sender.track).toBe(display);
    expect(camera?.sender.track).toBe(cam);
    expect(screen?.sender.parameters.encodings).toEqual([{ maxBitrate: 2_500_000, scaleResolutionDownBy: 1 }]);
    expect((screen?.sender.parameters as { degradationPreference?: string }).degradationPreference).toBe('maintain-resolution');
    // No new offer and no SDP call: sharing is a replaceTrack.
    expect(pc.calls.slice(calls)).toEqual([]);
    expect(sent.filter((c) => c.action === 'offer')).toHaveLength(offers);

    session.setLocalTracks(null, cam, null);
    await session.whenIdle();
    expect(screen?.sender.track).toBeNull();
    expect(camera?.sender.track).toBe(cam);
  });

  it('pauses and resumes camera layers as the node asks (dynacast), and only those with a rid', async () => {
    const { peers, session } = setup();
    session.setLocalTracks(null, fakeTrack('video'), null);
    session.handleJoined(false);
    await session.whenIdle();
    const [, camera, screen] = peers.last().transceivers;
    const active = () => camera?.sender.parameters.encodings.map((e) => [e.rid, e.active]);
    session.handleEvent({ event: 'layers', kind: 'video', active: ['q'] });
    await session.whenIdle();
    expect(active()).toEqual([
      ['q', true],
      ['f', false],
    ]);
    session.handleEvent({ event: 'layers', kind: 'video', active: ['q', 'f'] });
    await session.whenIdle();
    expect(active()).toEqual([
      ['q', true],
      ['f', true],
    ]);
    const before = structuredClone(screen?.sender.parameters);
    session.handleEvent({ event: 'layers', kind: 'screen', active: [] });
    await session.whenIdle();
    expect(screen?.sender.parameters).toEqual(before);
  });

  it('applies the node answer', async () => {
    const { peers, session } = setup();
    session.handleJoined(false);
    session.handleEvent({ event: 'answer', sdp: 'node-answer' });
    await session.whenIdle();
    expect(peers.last().remoteDescription).toEqual({ type: 'answer', sdp: 'node-answer' });
  });

  it('answers the node\'s offer of slots and follows the slot map', async () => {
    const { peers, sent, session } = setup();
    session.handleJoined(false);
    session.handleEvent({ event: 'answer', sdp: 'node-answer' });
    session.handleEvent({
      event: 'offer',
      sdp: 'node-offer-1',
      tracks: [
        { mid: '2', participant_id: 'bob', kind: 'audio' },
        { mid: '3', participant_id: 'bob', kind: 'video' },
        { mid: '6', participant_id: 'bob', kind: 'screen' },
      ],
    });
    await session.whenIdle();
    const pc = peers.last();
    expect(pc.calls.slice(-3)).toEqual(['setRemoteDescription:offer:node-offer-1', 'createAnswer', 'setLocalDescription:answer']);
    expect(sent.at(-1)).toEqual({ action: 'answer', sdp: 'answer-1-1' });
    expect(session.tracksByMid.get('3')).toEqual({ participantId: 'bob', kind: 'video', paused: false });

    const bobAudio = fakeTrack('audio');
    const bobVideo = fakeTrack('video');
    pc.deliverTrack('2', bobAudio);
    pc.deliverTrack('3', bobVideo);
    expect(session.getSnapshot().get('bob')).toEqual({ audio: bobAudio, video: bobVideo, screen: null, videoPaused: false });
    const bobScreen = fakeTrack('video');
    pc.deliverTrack('6', bobScreen);
    expect(session.getSnapshot().get('bob')).toEqual({ audio: bobAudio, video: bobVideo, screen: bobScreen, videoPaused: false });

    // Cem takes Bob's audio and camera slots: a new map, no new offer, the same tracks.
    session.handleEvent({
      event: 'tracks',
      tracks: [
        { mid: '2', participant_id: 'cem', kind: 'audio' },
        { mid: '3', participant_id: 'cem', kind: 'video' },
      ],
    });
    await session.whenIdle();
    expect(session.getSnapshot().has('bob')).toBe(false);
    expect(session.getSnapshot().get('cem')).toEqual({ audio: bobAudio, video: bobVideo, screen: null, videoPaused: false });
    expect(pc.calls.filter((c) => c.startsWith('setRemoteDescription:offer'))).toHaveLength(1);

    // Our downlink is too slow for Cem's camera: the node holds it back, the tile says so.
    session.handleEvent({
      event: 'tracks',
      tracks: [
        { mid: '2', participant_id: 'cem', kind: 'audio' },
        { mid: '3', participant_id: 'cem', kind: 'video', paused: 'bandwidth' },
      ],
    });
    await session.whenIdle();
    expect(session.getSnapshot().get('cem')).toEqual({ audio: bobAudio, video: bobVideo, screen: null, videoPaused: true });

    // The slots carry nobody for a while, then Bob again: the tracks were kept.
    session.handleEvent({ event: 'tracks', tracks: [] });
    await session.whenIdle();
    expect(session.getSnapshot().size).toBe(0);
    session.handleEvent({ event: 'tracks', tracks: [{ mid: '6', participant_id: 'bob', kind: 'screen' }] });
    await session.whenIdle();
    expect(session.getSnapshot().get('bob')).toEqual({ audio: null, video: null, screen: bobScreen, videoPaused: false });
  });

  it('keeps the snapshot stable when nothing changed', async () => {
    const { session } = setup();
    session.handleJoined(false);
    await session.whenIdle();
    const before = session.getSnapshot();
    session.handleEvent({ event: 'offer', sdp: 'o', tracks: [] });
    await session.whenIdle();
    expect(session.getSnapshot()).toBe(before);
  });

  it('starts over with a new peer connection and offer when the connection fails', async () => {
    const { peers, sent, session } = setup();
    session.handleJoined(false);
    await session.whenIdle();
    const first = peers.last();
    first.setConnectionState('failed');
    await session.whenIdle();
    expect(first.closed).toBe(true);
    expect(peers.peers).toHaveLength(2);
    expect(peers.last().transceivers.map((t) => t.kind)).toEqual(['audio', 'video', 'video']);
    expect(sent.filter((c) => c.action === 'offer')).toHaveLength(2);
  });

  it('keeps a healthy peer connection across a resume and resends the subscription', async () => {
    const { peers, sent, session } = setup();
    session.handleJoined(false);
    session.setVisibleParticipants(['bob']);
    await session.whenIdle();
    peers.last().setConnectionState('connected');
    sent.length = 0;
    session.handleJoined(true);
    await session.whenIdle();
    expect(peers.peers).toHaveLength(1);
    expect(sent).toEqual([{ action: 'subscribe', video: ['bob'] }]);
  });

  it('starts over after a resume when the peer connection failed or was closed', async () => {
    const { peers, sent, session } = setup();
    session.handleJoined(false);
    await session.whenIdle();
    peers.last().connectionState = 'closed';
    session.handleJoined(true);
    await session.whenIdle();
    expect(peers.peers).toHaveLength(2);
    expect(sent.filter((c) => c.action === 'offer')).toHaveLength(2);
  });

  it('starts over after a resume when its offer could not be sent', async () => {
    let connected = false;
    const { peers, sent, session } = setup({ connected: () => connected });
    session.handleJoined(false);
    await session.whenIdle();
    expect(sent).toEqual([]);
    connected = true;
    session.handleJoined(true);
    await session.whenIdle();
    expect(peers.peers).toHaveLength(2);
    expect(sent[0]).toMatchObject({ action: 'offer' });
  });

  it('subscribes to exactly the remote participants on the visible page', async () => {
    const { sent, session } = setup();
    const people: Participant[] = ['me', 'a', 'b', 'c', 'd', 'e'].map((id) => ({
      id,
      display_name: id,
      roles: ['participant'],
  groups: [],
  joined_at: 0,
      audio: true,
      video: true,
      screen: false,
      speaking: false,
      connection: 'connected',
    }));
    session.handleJoined(false);
    await session.whenIdle();
    sent.length = 0;

    const page0 = paginate(people, 4, 0);
    session.setVisibleParticipants(visibleRemoteIds(page0.items, 'me'));
    expect(sent).toEqual([{ action: 'subscribe', video: ['a', 'b', 'c'] }]);

    // Same set again: nothing is sent.
    session.setVisibleParticipants(visibleRemoteIds(paginate(people, 4, 0).items, 'me'));
    expect(sent).toHaveLength(1);

    const page1 = paginate(people, 4, 1);
    session.setVisibleParticipants(visibleRemoteIds(page1.items, 'me'));
    expect(sent.at(-1)).toEqual({ action: 'subscribe', video: ['d', 'e'] });

    // The same tiles, one of them now large: its largest layer is asked for.
    session.setVisibleParticipants(['d', 'e'], ['e', 'x']);
    expect(sent.at(-1)).toEqual({ action: 'subscribe', video: ['d', 'e'], large: ['e'] });
    session.setVisibleParticipants(['d', 'e'], ['e']);
    expect(sent).toHaveLength(3);
  });

  it('does not subscribe before joined, and sends the current set after the offer', async () => {
    const { sent, session } = setup();
    session.setVisibleParticipants(['a', 'b']);
    expect(sent).toEqual([]);
    session.handleJoined(false);
    await session.whenIdle();
    expect(sent.map((c) => c.action)).toEqual(['offer', 'subscribe']);
    expect(sent[1]).toEqual({ action: 'subscribe', video: ['a', 'b'] });
  });

  it('sends no subscription ahead of the offer', async () => {
    const { sent, session } = setup();
    session.handleJoined(false);
    session.setVisibleParticipants(['a']);
    await session.whenIdle();
    expect(sent).toEqual([
      { action: 'offer', sdp: 'offer-1-1', video_slots: VIDEO_SLOTS },
      { action: 'subscribe', video: ['a'] },
    ]);
  });

  it('close ends the peer connection and forgets remote tracks', async () => {
    const { peers, session } = setup();
    session.handleJoined(false);
    session.handleEvent({ event: 'offer', sdp: 'o', tracks: [{ mid: '2', participant_id: 'bob', kind: 'audio' }] });
    await session.whenIdle();
    peers.last().deliverTrack('2', fakeTrack('audio'));
    expect(session.getSnapshot().size).toBe(1);
    session.close();
    expect(peers.last().closed).toBe(true);
    expect(session.getSnapshot().size).toBe(0);
  });
});
