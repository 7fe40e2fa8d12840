// Fifteen people join one after another, and the first one's connection is never renegotiated:
// receive slots (docs/protocol/media.md). Ada is a real page with camera and microphone and
// joins first; fourteen more join one at a time from a helper page, each with a real
// RTCPeerConnection that sends a tone and a small canvas video, speaking the media protocol
// directly. Ada's peer connection must have been given exactly one offer (her slots: three audio,
// one screen, ten camera) however many joined; she hears voices on her audio slots and decodes
// the cameras of her first gallery page.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, join, newMeeting, newPage, remoteOffers, serverAndBrowser, shot } from './harness';

const env = serverAndBrowser();

/**
 * Joins `count` participants one after another from `page`, each with a tone and a canvas
 * video; waits for each one's media to connect before the next joins. Returns the offers each
 * joiner's peer connection was given by the node.
 */
async function joinOneByOne(page: Page, roomUrl: string, count: number): Promise<number[]> {
  await page.goto(roomUrl);
  const room = new URL(roomUrl).pathname.split('/').pop() ?? '';
  return page.evaluate(async ({ room, count }) => {
    type Pc = RTCPeerConnection & { __remoteOffers: number };
    const audio = new AudioContext();
    const pcs: Pc[] = [];
    for (let i = 1; i <= count; i++) {
      const tone = audio.createOscillator();
      tone.frequency.value = 300 + i * 25;
      const sink = audio.createMediaStreamDestination();
      tone.connect(sink);
      tone.start();
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 120;
      const g = canvas.getContext('2d');
      setInterval(() => {
        if (g === null) return;
        g.fillStyle = `hsl(${(Date.now() / 20 + i * 40) % 360} 60% 50%)`;
        g.fillRect(0, 0, 160, 120);
      }, 100);
      const pc = new RTCPeerConnection() as Pc;
      pcs.push(pc);
      const [voice] = sink.stream.getAudioTracks();
      const [camera] = canvas.captureStream(10).getVideoTracks();
      if (voice === undefined || camera === undefined) throw new Error('no tone or canvas track');
      pc.addTransceiver(voice, { direction: 'sendonly' });
      pc.addTransceiver(camera, { direction: 'sendonly' });
      pc.addTransceiver('video', { direction: 'sendonly' });
      const res = await fetch(`/api/v1/rooms/${room}/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ display_name: `Guest ${String(i).padStart(2, '0')}` }),
      });
      const { ticket, ws_url } = (await res.json()) as { ticket: string; ws_url: string };
      const ws = new WebSocket(new URL(ws_url, location.href).href.replace(/^http/, 'ws'));
      const send = (namespace: string, payload: unknown) => ws.send(JSON.stringify({ namespace, payload }));
      let steps = Promise.resolve();
      const connected = new Promise<void>((resolve) => {
        pc.onconnectionstatechange = () => {
          if (pc.connectionState === 'connected') resolve();
        };
      });
      ws.onopen = () => send('control', { action: 'join', ticket, audio: true, video: true });
      ws.onmessage = (e) => {
        const { namespace, payload } = JSON.parse(String(e.data)) as { namespace: string; payload: { event?: string; sdp: string } };
        if (namespace === 'control' && payload.event === 'joined') {
          steps = steps.then(async () => {
            await pc.setLocalDescription(await pc.createOffer());
            send('media', { action: 'offer', sdp: pc.localDescription?.sdp, video_slots: 4 });
          });
        } else if (namespace === 'media' && payload.event === 'answer') {
          steps = steps.then(() => pc.setRemoteDescription({ type: 'answer', sdp: payload.sdp }));
        } else if (namespace === 'media' && payload.event === 'offer') {
          steps = steps.then(async () => {
            await pc.setRemoteDescription({ type: 'offer', sdp: payload.sdp });
            await pc.setLocalDescription(await pc.createAnswer());
            send('media', { action: 'answer', sdp: pc.localDescription?.sdp });
          });
        }
      };
      setInterval(() => send('control', { action: 'ping' }), 2000);
      await connected;
    }
    return pcs.map((pc) => pc.__remoteOffers);
  }, { room, count });
}

/** Ada's peer connection: offers it was given, its m-lines, and what its slots receive. */
async function adaConnection(page: Page): Promise<{ offers: number; mlines: number; audioSlots: number; audioPackets: number; decoding: number }> {
  const offers = await remoteOffers(page);
  const received = await page.evaluate(async () => {
    const pc = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.find((p) => p.connectionState !== 'closed');
    if (pc === undefined) return { mlines: 0, audioSlots: 0, audioPackets: 0, decoding: 0 };
    let audioSlots = 0;
    let audioPackets = 0;
    let decoding = 0;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'audio') {
        audioSlots += 1;
        audioPackets += Number(s.packetsReceived ?? 0);
      }
      if (s.kind === 'video' && Number(s.framesDecoded ?? 0) > 0) decoding += 1;
    });
    const mlines = (pc.remoteDescription?.sdp.match(/^m=/gm) ?? []).length;
    return { mlines, audioSlots, audioPackets, decoding };
  });
  return { offers, ...received };
}

describe('receive slots', () => {
  it('lets fifteen join one after another without renegotiating the first', async () => {
    const ada = await newPage(env.browser);
    const roomUrl = await newMeeting(ada, env.server.url);
    await join(ada, roomUrl, 'Ada');
    await eventually('Ada\'s slots are negotiated', async () => (await adaConnection(ada)).offers === 1);

    const joiners = await joinOneByOne(await newPage(env.browser), roomUrl, 14);
    expect(joiners.every((n) => n === 1), `each joiner was offered its slots once: ${joiners.join(',')}`).toBe(true);
    await ada.getByText('Page 1 of 2').waitFor();

    let heard = 0;
    await eventually('Ada hears voices and sees the cameras of her first page', async () => {
      const c = await adaConnection(ada);
      const ok = c.audioPackets > heard + 100 && c.decoding >= 8;
      heard = c.audioPackets;
      return ok;
    }, 20_000);
    await shot(ada, 'fifteen-joined');
    const c = await adaConnection(ada);
    expect(c.offers, 'one offer, however many joined').toBe(1);
    // Her answer to the client's offer has her three send m-lines; the node's offer has them
    // and her slots: three audio, one screen, ten camera.
    expect(c.mlines).toBe(3 + 3 + 1 + 10);
    // Voices arrive on her audio slots only: three, or two while her own voice holds one of the
    // group's three (nobody hears themselves).
    expect(c.audioSlots).toBeGreaterThanOrEqual(2);
    expect(c.audioSlots).toBeLessThanOrEqual(3);
  });
});
