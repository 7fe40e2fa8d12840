// Integration test of a Meeting with fake REST, fake WebSocket and fake peer connections: the
// ticket is used for join, the offer follows joined, update_media mirrors local media, leave
// closes everything.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeSocketFactory } from '../client/fakeSocket';
import type { ClientEnvelope, ServerEnvelope } from '../protocol/generated';
import { fakeMediaDevices, fakePeerFactory } from './fakes';
import { LocalMedia } from './localMedia';
import { Meeting } from './meeting';

const joined: ServerEnvelope = {
  ts: 1,
  namespace: 'control',
  payload: {
    event: 'joined',
    you: 'p1',
    room: 'r1',
    participants: [{ id: 'p1', display_name: 'Ada', role: 'owner', audio: true, video: true, speaking: false, connection: 'connected' }],
    resume_token: 'R1',
    resumed: false,
  },
};

function payloads(sent: ClientEnvelope[]): string[] {
  return sent.map((e) => `${e.namespace}/${e.payload.action}`);
}

async function setup() {
  const sockets = fakeSocketFactory();
  const peers = fakePeerFactory();
  const localMedia = new LocalMedia(fakeMediaDevices());
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
  return { sockets, peers, localMedia, meeting, requestTicket };
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
    await meeting.media.whenIdle();
    expect(payloads(socket.sent)).toEqual(['control/join', 'control/update_media', 'media/offer', 'media/subscribe']);
    expect(socket.sent[1]?.payload).toEqual({ action: 'update_media', audio: true, video: true });
    expect(peers.last().transceivers[0]?.sender.track).toBe(localMedia.getSnapshot().audioTrack);
    expect(meeting.room.getSnapshot().selfId).toBe('p1');

    await localMedia.setMicrophoneOn(false);
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'update_media', audio: false, video: true });
    await localMedia.setCameraOn(false);
    await meeting.media.whenIdle();
    expect(socket.sent.at(-1)?.payload).toEqual({ action: 'update_media', audio: false, video: false });
    expect(peers.last().transceivers[1]?.sender.track).toBeNull();
  });

  it('leave sends control/leave, closes with 1000, closes the peer connection and stops tracks', async () => {
    const { sockets, peers, meeting, localMedia } = await setup();
    sockets.last().open();
    sockets.last().receive(joined);
    await meeting.media.whenIdle();
    const { audioTrack } = localMedia.getSnapshot();
    meeting.leave();
    expect(payloads(sockets.last().sent).at(-1)).toBe('control/leave');
    expect(sockets.last().closedWith?.code).toBe(1000);
    expect(peers.last().closed).toBe(true);
    expect(audioTrack?.readyState).toBe('ended');
    expect(meeting.room.getSnapshot()).toMatchObject({ status: 'ended', endReason: 'left' });
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
    expect(meeting.media.tracksByMid.get('2')).toEqual({ participantId: 'p2', kind: 'audio' });
  });
});
