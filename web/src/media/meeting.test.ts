// Integration test of a Meeting with fake REST, fake WebSocket and fake peer connections: the
// ticket (with owner and guest keys) is used for join, the offer follows joined, update_media
// mirrors local media after the first policy ("mute on entry", restricted microphones), leave
// closes everything (the connection quality sampler for good); moderators muting us or stopping
// our camera, a refused unmute, and the waiting room (no media until admitted, media afresh after
// being sent back), following the room to its new node after its node died (media starts over
// there: a new peer connection, offer and subscription); the screen share
// (update_media with screen, the third sender, stopped by a moderator, by the policy or by the
// node's refusal), a notice when the browser blocks the microphone or camera, the chat
// commands with the chat state in the room store, and the timer commands with the coffee break
// switching camera and microphone off once (also for a late joiner, not again on resuming).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSocketFactory } from '../client/fakeSocket';
import type { ClientEnvelope, ModerationEvent, Participant, RoomPolicy, ServerEnvelope } from '../protocol/generated';
import { fakeMediaDevices, fakePeerFactory, fakeTrack } from './fakes';
import { LocalMedia } from './localMedia';
import { Meeting } from './meeting';
import { participant } from '../client/participantFixture';

const person = (id: string, name: string, patch: Partial<Participant> = {}) =>
  participant(id, { display_name: name, ...patch });

function joinedAs(self: Participant, resumed = false): ServerEnvelope {
  return {
    ts: 1,
    namespace: 'control',
    payload: { event: 'joined', you: self.id, room: 'r1', participants: [self], resume_token: 'R1', resumed, started_at: 1 },
  };
}

const joined = joinedAs(person('p1', 'Ada', { roles: ['owner', 'participant'] }));

const policy: RoomPolicy = { version: 1, waiting_room: 'off', mute_on_entry: false, hands: true, microphones_restricted: false, locked: false, screen_sharing: true };

function moderation(payload: ModerationEvent): ServerEnvelope {
  return { ts: 2, namespace: 'moderation', payload };
}

function state(patch: Partial<RoomPolicy> = {}, allowed: string[] = []): ServerEnvelope {
  return moderation({ event: 'state', policy: { ...policy, ...patch }, allowed_microphones: allowed, waiting: [] });
}

const waiting: ServerEnvelope = {
  ts: 1,
  namespace: 'control',
  payload: { event: 'waiting', you: 'p1', room: 'r1', resume_token: 'W1', resumed: false },
};

function mediaSent(sent: ClientEnvelope[]): ClientEnvelope[] {
  return sent.filter((e) => e.namespace === 'control' && e.payload.action === 'update_media');
}

function payloads(sent: ClientEnvelope[]): string[] {
  return sent.map((e) => `${e.namespace}/${e.payload.action}`);
}

async function setup(devices = fakeMediaDevices()) {
  const sockets = fakeSocketFactory();
  const peers = fakePeerFactory();
  const localMedia = new LocalMedia(devices);
  await localMedia.start();
  const requestTicket = vi.fn(() =>
    Promise.resolve({ ticket: 'T1', ws_url: '/node/v1/rooms/r1/ws', participant_id: 'p1', expires_in: 30 }),
  );
  const meeting = new Meeting({
    roomId: 'r1',
    api: { requestTicket },
    socketFactory: sockets.factory,
    peerFactory: peers.factory,
    localMedia,
    pageUrl: 'https://meet.example/r/r1',
  });
  await meeting.join('Ada');
  return { sockets, peers, localMedia, meeting, requestTicket, devices };
}

/** Joined as an ordinary participant (not a chair) with the given policy. */
async function joinedParticipant(patch: Partial<RoomPolicy> = {}, devices = fakeMediaDevices()) {
  const context = await setup(devices);
  const socket = context.sockets.last();
  socket.open();
  socket.receive(joinedAs(person('p1', 'Ada')));
  socket.receive(state(patch));
  await context.meeting.media.whenIdle();
  return { ...context, socket };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Meeting', () => {
  it('asks for the ticket with the password or guest token, also when renewing', async () => {
    const sockets = fakeSocketFactory();
    const requestTicket = vi.fn(() => Promise.resolve({ ticket: 'T1', ws_url: '/node/v1/rooms/r1/ws', participant_id: 'p1', expires_in: 30 }));
    const localMedia = new LocalMedia(fakeMediaDevices());
    const meeting = new Meeting({
      roomId: 'r1',
      api: { requestTicket },
      socketFactory: sockets.factory,
      peerFactory: fakePeerFactory().factory,
      localMedia,
      pageUrl: 'https://meet.example/r/r1',
    });
    await meeting.join('Ada', { password: 'owl-7', guestToken: 'g1' });
    expect(requestTicket).toHaveBeenCalledWith('r1', { display_name: 'Ada', password: 'owl-7', guest_token: 'g1' });
    meeting.leave();
  });

  it('joins with a ticket, offers after joined and reports its media state', async () => {
    const { sockets, peers, meeting, requestTicket, localMedia } = await setup();
    expect(requestTicket).toHaveBeenCalledWith('r1', { display_name: 'Ada' });
    const socket = sockets.last();
    expect(socket.url).toBe('wss://meet.example/node/v1/rooms/r1/ws');
    socket.open();
    expect(payloads(socket.sent)).toEqual(['control/join']);
    socket.receive(joined);
    // Our media state waits for the room's policy, which follows joined right away.
    expect(payloads(socket.sent)).toEqual(['control/join']);
    socket.receive(state());
    await meeting.media.whenIdle();
    expect(payloads(socket.sent)).toEqual(['control/join', 'control/update_media', 'media/offer', 'media/subscribe']);
    expect(socket.sent[1]?.payload).toEqual({ action: 'update_media', audio: true, video: true, screen: false });
    expect(peers.last().transceivers[0]?.sender.track).toBe(localMedia.getSnapshot().audioTrack);
    expect(meeting.room.getSnapshot().selfId).toBe('p1');

    await localMedia.setMicrophoneOn(false);
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'update_media', audio: false, video: true, screen: false });
    await localMedia.setCameraOn(false);
    await meeting.media.whenIdle();
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'update_media', audio: false, video: false, screen: false });
    expect(peers.last().transceivers[1]?.sender.track).toBeNull();
  });

  it('leave sends control/leave, closes with 1000, closes the peer connection and stops tracks', async () => {
    const { sockets, peers, meeting, localMedia } = await setup();
    sockets.last().open();
    sockets.last().receive(joined);
    sockets.last().receive(state());
    await meeting.media.whenIdle();
    const { audioTrack } = localMedia.getSnapshot();
    meeting.leave();
    expect(payloads(sockets.last().sent).at(-1)).toBe('control/leave');
    expect(sockets.last().closedWith?.code).toBe(1000);
    expect(peers.last().closed).toBe(true);
    expect(audioTrack?.readyState).toBe('ended');
    expect(meeting.room.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'left' });
  });

  it('stops measuring the connection quality for good on leaving', async () => {
    const { sockets, peers, meeting } = await setup();
    sockets.last().open();
    sockets.last().receive(joined);
    await meeting.media.whenIdle();
    meeting.quality.start();
    expect(meeting.quality.running).toBe(true);
    expect(peers.last().getStatsCalls).toBe(1);
    meeting.leave();
    expect(meeting.quality.running).toBe(false);
    // The UI asking again after leaving starts nothing.
    meeting.quality.start();
    expect(meeting.quality.running).toBe(false);
  });

  it('forwards node media offers to the session', async () => {
    const { sockets, meeting } = await setup();
    sockets.last().open();
    sockets.last().receive(joined);
    sockets.last().receive({ ts: 2, namespace: 'media', payload: { event: 'answer', sdp: 'a' } });
    sockets.last().receive({
      ts: 3,
      namespace: 'media',
      payload: { event: 'offer', sdp: 'o', tracks: [{ mid: '2', participant_id: 'p2', kind: 'audio' }] },
    });
    await meeting.media.whenIdle();
    expect(payloads(sockets.last().sent).at(-1)).toBe('media/answer');
    expect(meeting.media.tracksByMid.get('2')).toEqual({ participantId: 'p2', kind: 'audio', paused: false });
  });

  it('sends the owner key and the guest key with the ticket request', async () => {
    const requestTicket = vi.fn(() => Promise.resolve({ ticket: 'T1', ws_url: '/ws', participant_id: 'p1', expires_in: 30 }));
    const meeting = new Meeting({
      roomId: 'r1',
      api: { requestTicket },
      socketFactory: fakeSocketFactory().factory,
      peerFactory: fakePeerFactory().factory,
      localMedia: new LocalMedia(fakeMediaDevices()),
      pageUrl: 'https://meet.example/r/r1',
    });
    await meeting.join('Ada', { ownerKey: 'OK1', guestKey: 'GK1' });
    expect(requestTicket).toHaveBeenCalledWith('r1', { display_name: 'Ada', owner_key: 'OK1', guest_key: 'GK1' });
    meeting.leave();
  });

  it('switches the microphone off when a moderator mutes us, and the camera when one stops it', async () => {
    const { sockets, meeting, localMedia } = await setup();
    const socket = sockets.last();
    socket.open();
    socket.receive(joined);
    socket.receive(state());
    socket.receive(moderation({ event: 'muted', by: 'p9' }));
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
    expect(mediaSent(socket.sent).at(-1)?.payload).toEqual({ action: 'update_media', audio: false, video: true, screen: false });
    expect(meeting.room.getSnapshot().notices.map((n) => [n.kind, n.by])).toEqual([['muted', 'p9']]);

    socket.receive(moderation({ event: 'video_stopped', by: 'p9' }));
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().cameraOn).toBe(false);
    expect(localMedia.getSnapshot().videoTrack).toBeNull();
    expect(mediaSent(socket.sent).at(-1)?.payload).toEqual({ action: 'update_media', audio: false, video: false, screen: false });
  });

  it('only asks when a moderator wants us to unmute: the microphone stays off', async () => {
    const { sockets, meeting, localMedia } = await setup();
    await localMedia.setMicrophoneOn(false);
    sockets.last().open();
    sockets.last().receive(joined);
    sockets.last().receive(state());
    sockets.last().receive(moderation({ event: 'unmute_requested', by: 'p9' }));
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['unmute_requested']);
  });

  it('switches the microphone back off when the node refuses it while microphones are restricted', async () => {
    const { sockets, meeting, localMedia } = await setup();
    const socket = sockets.last();
    await localMedia.setMicrophoneOn(false);
    socket.open();
    socket.receive(joined);
    socket.receive(state());
    await localMedia.setMicrophoneOn(true);
    const updates = mediaSent(socket.sent).length;
    const refused = mediaSent(socket.sent).at(-1);
    expect(refused?.payload).toEqual({ action: 'update_media', audio: true, video: true, screen: false });
    socket.receive({ id: refused?.id ?? 0, ts: 3, namespace: 'error', payload: { event: 'error', code: 'forbidden', message: 'microphones are restricted' } });
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['microphone_restricted']);
    // The node already counts us as muted: nothing more to send.
    expect(mediaSent(socket.sent)).toHaveLength(updates);
  });

  it('does not try to unmute while microphones are restricted and we may not speak', async () => {
    const { sockets, meeting, localMedia } = await setup();
    const socket = sockets.last();
    socket.open();
    socket.receive(joinedAs(person('p1', 'Ada')));
    socket.receive(state({ microphones_restricted: true }));
    await localMedia.whenIdle();
    // Entering a plenary: the microphone goes off before anything is sent.
    expect(mediaSent(socket.sent).map((e) => e.payload)).toEqual([{ action: 'update_media', audio: false, video: true, screen: false }]);
    await meeting.setMicrophoneOn(true);
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['microphone_restricted']);
    // Once allowed, it works.
    socket.receive(moderation({ event: 'microphones_allowed', participants: ['p1'] }));
    await meeting.setMicrophoneOn(true);
    expect(localMedia.getSnapshot().microphoneOn).toBe(true);
    expect(mediaSent(socket.sent).at(-1)?.payload).toEqual({ action: 'update_media', audio: true, video: true, screen: false });
  });

  it('switches the microphone off when plenary mode starts or the permission to speak ends', async () => {
    const { sockets, meeting, localMedia } = await setup();
    const socket = sockets.last();
    socket.open();
    socket.receive(joinedAs(person('p1', 'Ada')));
    socket.receive(state());
    socket.receive(moderation({ event: 'policy_changed', policy: { ...policy, microphones_restricted: true }, by: 'p9' }));
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['microphone_restricted']);

    socket.receive(moderation({ event: 'microphones_allowed', participants: ['p1'] }));
    await meeting.setMicrophoneOn(true);
    expect(localMedia.getSnapshot().microphoneOn).toBe(true);
    socket.receive(moderation({ event: 'microphones_allowed', participants: [] }));
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
  });

  it('joins with the microphone off when the meeting mutes on entry, but not on a resume', async () => {
    const { sockets, localMedia } = await setup();
    const socket = sockets.last();
    socket.open();
    socket.receive(joined);
    socket.receive(state({ mute_on_entry: true }));
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
    expect(mediaSent(socket.sent).map((e) => e.payload)).toEqual([{ action: 'update_media', audio: false, video: true, screen: false }]);

    await localMedia.setMicrophoneOn(true);
    socket.serverClose(1006);
    await vi.advanceTimersByTimeAsync(250);
    sockets.last().open();
    sockets.last().receive(joinedAs(person('p1', 'Ada', { roles: ['owner', 'participant'] }), true));
    sockets.last().receive(state({ mute_on_entry: true }));
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().microphoneOn).toBe(true);
    expect(mediaSent(sockets.last().sent).map((e) => e.payload)).toEqual([{ action: 'update_media', audio: true, video: true, screen: false }]);
  });

  it('starts no media in the waiting room, starts it once admitted and afresh after being sent back', async () => {
    const { sockets, peers, meeting } = await setup();
    const socket = sockets.last();
    socket.open();
    socket.receive(waiting);
    await meeting.media.whenIdle();
    expect(meeting.room.getSnapshot()).toMatchObject({ waiting: true, status: 'connected' });
    expect(peers.peers).toHaveLength(0);
    expect(payloads(socket.sent)).toEqual(['control/join']);

    socket.receive(joined);
    socket.receive(state());
    await meeting.media.whenIdle();
    expect(peers.peers).toHaveLength(1);
    expect(payloads(socket.sent)).toEqual(['control/join', 'control/update_media', 'media/offer', 'media/subscribe']);

    socket.receive(waiting);
    await meeting.media.whenIdle();
    expect(peers.last().closed).toBe(true);
    expect(meeting.room.getSnapshot().waiting).toBe(true);
    const sentBefore = socket.sent.length;

    socket.receive(joined);
    socket.receive(state());
    await meeting.media.whenIdle();
    expect(peers.peers).toHaveLength(2);
    expect(payloads(socket.sent.slice(sentBefore))).toEqual(['control/update_media', 'media/offer', 'media/subscribe']);
  });

  it('follows the room to its new node: media starts over there with a new peer connection', async () => {
    const { sockets, peers, meeting, requestTicket, localMedia } = await setup();
    // The first ticket names node 1; once node 1 is gone, fresh tickets name node 2.
    requestTicket.mockImplementation(() =>
      Promise.resolve({ ticket: 'T2', ws_url: 'https://n2.example/node/v1/rooms/r1/ws', participant_id: 'p9', expires_in: 30 }),
    );
    const first = sockets.last();
    first.open();
    first.receive({
      ts: 1,
      namespace: 'control',
      payload: { event: 'joined', you: 'p1', room: 'r1', participants: [person('p1', 'Ada'), person('p2', 'Bob')], resume_token: 'R1', resumed: false, started_at: 1 },
    });
    first.receive(state());
    first.receive({ ts: 3, namespace: 'media', payload: { event: 'offer', sdp: 'o', tracks: [{ mid: '3', participant_id: 'p2', kind: 'video' }] } });
    meeting.setVisibleParticipants(['p2']);
    await meeting.media.whenIdle();
    const old = peers.last();
    old.setConnectionState('connected');
    old.deliverTrack('3', fakeTrack('video'));
    expect(meeting.media.getSnapshot().get('p2')?.video).not.toBeNull();

    // Node 1 dies: the first retry resumes there in vain, the second asks for a fresh ticket.
    first.serverClose(1006);
    await vi.advanceTimersByTimeAsync(250);
    sockets.last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    const moved = sockets.last();
    expect(moved.url).toBe('wss://n2.example/node/v1/rooms/r1/ws');
    // The healthy-looking peer connection of node 1 is still there while we are away.
    expect(old.closed).toBe(false);
    moved.open();
    expect(moved.sent[0]?.payload).toMatchObject({ action: 'join', ticket: 'T2' });
    moved.receive(joinedAs(person('p9', 'Ada')));
    // Node 1's connection and what came through it are gone at once.
    expect(old.closed).toBe(true);
    expect(meeting.media.getSnapshot().size).toBe(0);
    moved.receive(state());
    await meeting.media.whenIdle();
    expect(peers.peers).toHaveLength(2);
    expect(peers.last().transceivers.map((t) => t.sender.track)).toEqual([
      localMedia.getSnapshot().audioTrack,
      localMedia.getSnapshot().videoTrack,
      null,
    ]);
    expect(payloads(moved.sent)).toEqual(['control/join', 'control/update_media', 'media/offer', 'media/subscribe']);
    expect(moved.sent[1]?.payload).toEqual({ action: 'update_media', audio: true, video: true, screen: false });
    expect(meeting.room.getSnapshot()).toMatchObject({ status: 'connected', selfId: 'p9' });
    // Bob is on node 2 as well once he followed: we subscribe to him under his new id.
    moved.receive({ ts: 4, namespace: 'control', payload: { event: 'participant_joined', participant: person('p8', 'Bob') } });
    meeting.setVisibleParticipants(['p8']);
    expect(moved.sent.at(-1)?.payload).toEqual({ action: 'subscribe', video: ['p8'] });
  });

  it('sends moderation and floor commands', async () => {
    const { sockets, meeting } = await setup();
    sockets.last().open();
    sockets.last().receive(joined);
    meeting.moderate({ action: 'admit_all' });
    meeting.floor({ action: 'raise_hand', point_of_order: true });
    expect(sockets.last().sent.slice(-2)).toMatchObject([
      { namespace: 'moderation', payload: { action: 'admit_all' } },
      { namespace: 'floor', payload: { action: 'raise_hand', point_of_order: true } },
    ]);
  });

  it('shares the screen on the third sender and reports it with update_media', async () => {
    const { socket, meeting, localMedia, peers } = await joinedParticipant();
    expect(meeting.mayShareScreen()).toBe(true);
    await meeting.setScreenSharing(true);
    await meeting.media.whenIdle();
    const screen = localMedia.getSnapshot().screenTrack;
    expect(screen).not.toBeNull();
    expect(peers.last().transceivers[2]?.sender.track).toBe(screen);
    expect(mediaSent(socket.sent).at(-1)?.payload).toEqual({ action: 'update_media', audio: true, video: true, screen: true });

    await meeting.setScreenSharing(false);
    await meeting.media.whenIdle();
    expect(peers.last().transceivers[2]?.sender.track).toBeNull();
    expect(mediaSent(socket.sent).at(-1)?.payload).toEqual({ action: 'update_media', audio: true, video: true, screen: false });
  });

  it('stops the share when a moderator stops it, and says who did', async () => {
    const { socket, meeting, localMedia } = await joinedParticipant();
    await meeting.setScreenSharing(true);
    socket.receive(moderation({ event: 'screen_share_stopped', by: 'p9' }));
    await meeting.media.whenIdle();
    expect(localMedia.getSnapshot().screenTrack).toBeNull();
    expect(meeting.room.getSnapshot().notices).toMatchObject([{ kind: 'screen_share_stopped', by: 'p9' }]);
    expect(mediaSent(socket.sent).at(-1)?.payload).toMatchObject({ screen: false });
  });

  it('does not offer the picker while only chairs and podium guests may share', async () => {
    const devices = fakeMediaDevices();
    const { meeting, localMedia } = await joinedParticipant({ screen_sharing: false }, devices);
    expect(meeting.mayShareScreen()).toBe(false);
    await meeting.setScreenSharing(true);
    expect(devices.displayRequests).toHaveLength(0);
    expect(localMedia.getSnapshot().screenTrack).toBeNull();
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['screen_share_restricted']);
  });

  it('stops the share when the policy stops allowing it', async () => {
    const { socket, meeting, localMedia } = await joinedParticipant();
    await meeting.setScreenSharing(true);
    socket.receive(moderation({ event: 'policy_changed', policy: { ...policy, version: 2, screen_sharing: false } }));
    await meeting.media.whenIdle();
    expect(localMedia.getSnapshot().screenTrack).toBeNull();
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['screen_share_restricted']);
  });

  it('lets a chair share while sharing is restricted', async () => {
    const { sockets, meeting, localMedia } = await setup();
    sockets.last().open();
    sockets.last().receive(joined);
    sockets.last().receive(state({ screen_sharing: false }));
    await meeting.setScreenSharing(true);
    expect(localMedia.getSnapshot().screenTrack).not.toBeNull();
  });

  it('stops the share and says why when the node refuses it', async () => {
    const { socket, meeting, localMedia } = await joinedParticipant();
    await meeting.setScreenSharing(true);
    const refused = mediaSent(socket.sent).at(-1);
    expect(refused?.payload).toMatchObject({ screen: true });
    // The policy changed in between (the event is still on its way).
    socket.receive({ id: refused?.id ?? 0, ts: 3, namespace: 'error', payload: { event: 'error', code: 'forbidden', message: 'screen sharing is restricted' } });
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot().screenTrack).toBeNull();
    expect(localMedia.getSnapshot().microphoneOn).toBe(true);
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['screen_share_restricted']);
  });

  it('says so when the browser blocks the microphone on unmute', async () => {
    const { sockets, meeting, localMedia } = await setup(fakeMediaDevices({ failAudioWith: 'NotAllowedError' }));
    sockets.last().open();
    sockets.last().receive(joined);
    sockets.last().receive(state());
    await meeting.setMicrophoneOn(true);
    expect(localMedia.getSnapshot().microphoneOn).toBe(false);
    expect(meeting.room.getSnapshot().notices.map((n) => n.kind)).toEqual(['microphone_blocked']);
  });
  it('sends chat commands and keeps the chat in the room store', async () => {
    const { socket, meeting } = await joinedParticipant();
    socket.receive({ ts: 3, namespace: 'chat', payload: { event: 'state', enabled: true, messages: [] } });
    const id = meeting.sendChat({ kind: 'people', participants: ['p2'] }, 'Hello\nthere');
    expect(id).not.toBeNull();
    expect(socket.sent.at(-1)).toEqual({ id, namespace: 'chat', payload: { action: 'send', to: { kind: 'people', participants: ['p2'] }, text: 'Hello\nthere' } });
    meeting.setChatEnabled(false);
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'set_enabled', enabled: false });
    meeting.clearChat();
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'clear' });
    socket.receive({
      ts: 4,
      namespace: 'chat',
      payload: { event: 'message', message: { id: 1, from: 'p2', from_name: 'Bea', to: { kind: 'everyone' }, text: 'Hi', sent_at: 4 } },
    });
    expect(meeting.room.getSnapshot().chat.messages).toHaveLength(1);
    expect(meeting.room.getSnapshot().chat.seen).toBe(0);
    meeting.markChatSeen();
    meeting.markChatRead('everyone');
    expect(meeting.room.getSnapshot().chat).toMatchObject({ seen: 1, read: { everyone: 1 } });
    meeting.leave();
    expect(meeting.sendChat({ kind: 'everyone' }, 'too late')).toBeNull();
  });

  it('sends timer commands', async () => {
    const { socket, meeting } = await joinedParticipant();
    const id = meeting.startTimer('Group work', 180, true);
    expect(socket.sent.at(-1)).toEqual({ id, namespace: 'timer', payload: { action: 'start', title: 'Group work', seconds: 180, ready_check: true } });
    meeting.startTimer('', null, false);
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'start', title: '', ready_check: false });
    meeting.setReady(true);
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'set_ready', ready: true });
    meeting.stopTimer();
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'stop' });
    meeting.startBreak(15);
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'start_break', minutes: 15 });
    meeting.endBreak();
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'end_break' });
    meeting.leave();
    expect(meeting.stopTimer()).toBeNull();
  });

  it('switches camera and microphone off when a coffee break begins, once', async () => {
    const { socket, meeting, localMedia } = await joinedParticipant();
    expect(localMedia.getSnapshot()).toMatchObject({ cameraOn: true, microphoneOn: true });
    const coffee = { started_at: 10, ends_at: 600_010, by: 'p2' };
    socket.receive({ ts: 10, namespace: 'timer', payload: { event: 'break_started', coffee_break: coffee } });
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot()).toMatchObject({ cameraOn: false, microphoneOn: false });
    expect(mediaSent(socket.sent).at(-1)?.payload).toMatchObject({ audio: false, video: false });
    expect(meeting.room.getSnapshot().timer.coffeeBreak).toEqual(coffee);
    // Back on to chat over coffee: a snapshot of the same break (resuming) leaves them on.
    await meeting.setCameraOn(true);
    await meeting.setMicrophoneOn(true);
    socket.receive({ ts: 20, namespace: 'timer', payload: { event: 'state', coffee_break: coffee } });
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot()).toMatchObject({ cameraOn: true, microphoneOn: true });
    // The break ends: they stay as they are.
    socket.receive({ ts: 30, namespace: 'timer', payload: { event: 'break_ended', by: 'p2' } });
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot()).toMatchObject({ cameraOn: true, microphoneOn: true });
    expect(meeting.room.getSnapshot().timer.coffeeBreak).toBeNull();
    meeting.leave();
  });

  it('switches them off for a late joiner who comes into a break', async () => {
    const { socket, localMedia } = await joinedParticipant();
    socket.receive({ ts: 10, namespace: 'timer', payload: { event: 'state', coffee_break: { started_at: 5, ends_at: 300_005, by: 'p2' } } });
    await localMedia.whenIdle();
    expect(localMedia.getSnapshot()).toMatchObject({ cameraOn: false, microphoneOn: false });
  });
});
