#!/usr/bin/env node
// End-to-end check of Janus VideoRoom over its HTTP API with real WebRTC clients (headless
// Chromium): N pages (default 2) publish fake camera + microphone, one more page subscribes to
// all N feeds on one PeerConnection (join with the first feed, then "subscribe" the others);
// the subscriber's getStats() must show framesDecoded increasing and audio packets arriving
// on every track.
//
// Run INSIDE the loopback-only namespace where ../start-janus.sh started Janus
// (run-verify.sh does all of it):
//   node verify.mjs [--api http://127.0.0.1:8088/janus] [--seconds 10] [--pub-mode trickle|full]
//                   [--sub-mode full|trickle] [--publishers N] [--out DIR]
// Exit code 0 = media flowed; writes DIR/result.json and DIR/transcript-*.json (default ./out).
// Env: PLAYWRIGHT_CORE (path to playwright-core), CHROMIUM (default /usr/bin/chromium).

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { JanusSession } from './janus-http.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const API = args.api || 'http://127.0.0.1:8088/janus';
const SECONDS = Number(args.seconds || 10);
const PUB_MODE = args['pub-mode'] || 'trickle';
const SUB_MODE = args['sub-mode'] || 'full';
const PUBLISHERS = Number(args.publishers || 2);
const OUT = path.resolve(args.out || path.join(here, 'out'));
const pwPath = process.env.PLAYWRIGHT_CORE || path.resolve(here, '../../../../web/node_modules/playwright-core/index.mjs');
const { chromium } = await import(pathToFileURL(pwPath).href);

fs.mkdirSync(OUT, { recursive: true });
const t0 = Date.now();
const say = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s]`, ...a);

// Tiny static server for page.html + janus-http.mjs on 127.0.0.1 (ephemeral port).
const server = http.createServer((req, res) => {
  const name = path.basename(new URL(req.url, 'http://x').pathname) || 'page.html';
  const file = path.join(here, name);
  if (!['page.html', 'janus-http.mjs'].includes(name) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': name.endsWith('.mjs') ? 'text/javascript' : 'text/html' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const pageUrl = `http://127.0.0.1:${server.address().port}/page.html?api=${encodeURIComponent(API)}`;

// 1. Node side (a non-browser client): session, attach, create a room with benchmark parameters.
const adminTranscript = [];
const admin = await JanusSession.create(API, adminTranscript);
const adminH = await admin.attach('janus.plugin.videoroom');
const room = 900000 + Math.floor(Math.random() * 99999);
const created = await adminH.request({
  request: 'create',
  room,
  description: 'plenum-bench verify',
  publishers: 100,
  bitrate: 4000000,
  bitrate_cap: false,
  fir_freq: 10,
  audiocodec: 'opus',
  videocodec: 'vp8',
  audiolevel_ext: true,
  audiolevel_event: false,
  videoorient_ext: true,
  playoutdelay_ext: true,
  transport_wide_cc_ext: true,
  notify_joining: false,
  permanent: false,
});
say('room created', JSON.stringify(created));

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'janus-verify-chromium-'));
const browser = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection',
  ],
});

let ok = false;
const result = { api: API, room, publishers: PUBLISHERS, pubMode: PUB_MODE, subMode: SUB_MODE, samples: [] };
const sumKind = (arr, k) => arr.reduce((a, x) => a + (x[k] || 0), 0);
try {
  const pubPages = [];
  for (let i = 0; i < PUBLISHERS; i++) pubPages.push(await browser.newPage());
  const subPage = await browser.newPage();
  for (const [n, p] of [...pubPages.map((p, i) => [`pub${i}`, p]), ['sub', subPage]]) {
    p.on('console', (m) => say(`${n} console:`, m.text()));
    p.on('pageerror', (e) => say(`${n} pageerror:`, e.message));
    await p.goto(pageUrl);
  }

  // Publishers. A feed can be subscribed to only after its PeerConnection is up (webrtcup),
  // otherwise the subscriber join fails with 428 "No such feed".
  result.pubs = [];
  for (let i = 0; i < PUBLISHERS; i++) {
    const pub = await pubPages[i].evaluate((o) => window.publish(o), { room, display: `verify-pub-${i}`, mode: PUB_MODE });
    say(`published pub${i}`, JSON.stringify(pub));
    result.pubs.push(pub);
  }
  const feeds = result.pubs.map((p) => p.id);

  // Subscriber: join with the first feed, then add the others with "subscribe" (renegotiation).
  const sub = await subPage.evaluate((o) => window.subscribe(o), { room, feeds: feeds.slice(0, 1), mode: SUB_MODE });
  say('subscribed', JSON.stringify(sub));
  if (feeds.length > 1) {
    result.subscribeMore = await subPage.evaluate((o) => window.subscribeMore(o), { feeds: feeds.slice(1) });
    say('subscribed more', JSON.stringify(result.subscribeMore));
  }

  // List participants from the Node client (synchronous request).
  result.participants = await adminH.request({ request: 'listparticipants', room });

  for (let i = 0; i <= SECONDS; i++) {
    const s = await subPage.evaluate(() => window.collectStats());
    const v = s.inbound.video;
    const a = s.inbound.audio;
    result.samples.push({ t: i, video: v, audio: a });
    say(`t=${i}s video tracks=${v.length} framesDecoded=[${v.map((x) => x.framesDecoded)}] ${v.map((x) => `${x.frameWidth}x${x.frameHeight}@${x.framesPerSecond}`)} bytes=${sumKind(v, 'bytesReceived')} | audio tracks=${a.length} pkts=[${a.map((x) => x.packetsReceived)}] energy=[${a.map((x) => (x.totalAudioEnergy || 0).toFixed(3))}]`);
    if (i < SECONDS) await new Promise((r) => setTimeout(r, 1000));
  }
  result.subStats = await subPage.evaluate(() => window.collectStats());
  result.pubStats = await pubPages[0].evaluate(() => window.collectStats());
  result.pubMarks = await pubPages[0].evaluate(() => window.marks);
  result.subMarks = await subPage.evaluate(() => window.marks);
  result.sdp = {
    publisherOffer: await pubPages[0].evaluate(() => window.pubOffer),
    janusAnswerToPublisher: await pubPages[0].evaluate(() => window.pubAnswer),
    janusOfferToSubscriber: await subPage.evaluate(() => window.subOffer),
    subscriberAnswer: await subPage.evaluate(() => window.subAnswer),
    janusUpdateOfferToSubscriber: await subPage.evaluate(() => window.subUpdateOffer),
    subscriberUpdateAnswer: await subPage.evaluate(() => window.subUpdateAnswer),
  };

  // Keepalive from the Node client, then teardown: subscriber leave, publishers leave,
  // detach + destroy sessions, room destroy.
  result.keepalive = await admin.keepalive();
  const leave = (p) => p.evaluate(async () => {
    const s = window.subSession || window.pubSession;
    const h = [...s.handles.values()][0];
    const ev = await h.message({ request: 'leave' });
    await new Promise((r) => setTimeout(r, 300));
    await h.detach();
    await s.destroy();
    return ev.plugindata.data;
  });
  result.leave = { sub: await leave(subPage), pubs: [] };
  for (const p of pubPages) result.leave.pubs.push(await leave(p));
  result.destroyRoom = await adminH.request({ request: 'destroy', room });
  await adminH.detach();
  result.destroySession = await admin.destroy();

  fs.writeFileSync(path.join(OUT, 'transcript-pub.json'), JSON.stringify(await pubPages[0].evaluate(() => window.transcript), null, 2));
  fs.writeFileSync(path.join(OUT, 'transcript-sub.json'), JSON.stringify(await subPage.evaluate(() => window.transcript), null, 2));
  fs.writeFileSync(path.join(OUT, 'transcript-admin.json'), JSON.stringify(adminTranscript, null, 2));

  const first = result.samples[0];
  const last = result.samples[result.samples.length - 1];
  const perTrack = (kind, key) => last[kind].map((x) => {
    const f = first[kind].find((y) => y.mid === x.mid) || {};
    return (x[key] || 0) - (f[key] || 0);
  });
  const dFrames = perTrack('video', 'framesDecoded');
  const dAudio = perTrack('audio', 'packetsReceived');
  const dBytes = perTrack('video', 'bytesReceived');
  result.summary = {
    seconds: SECONDS,
    videoTracks: last.video.length,
    audioTracks: last.audio.length,
    framesDecodedDeltaPerTrack: dFrames,
    fpsPerTrack: dFrames.map((d) => d / SECONDS),
    audioPacketsDeltaPerTrack: dAudio,
    audioPacketsPerSecondPerTrack: dAudio.map((d) => d / SECONDS),
    videoKbpsPerTrack: dBytes.map((d) => (d * 8) / SECONDS / 1000),
    audioEnergyPerTrack: last.audio.map((x) => x.totalAudioEnergy),
    videoPacketsLost: sumKind(last.video, 'packetsLost'),
    audioPacketsLost: sumKind(last.audio, 'packetsLost'),
    pubOfferGatherMs: result.pubMarks.offerSent - result.pubMarks.offerCreated,
    pubOfferToAnswerMs: result.pubMarks.answerReceived - result.pubMarks.offerSent,
    pubOfferToIceConnectedMs: result.pubMarks.iceConnected - result.pubMarks.offerSent,
    pubOfferToWebrtcupMs: result.pubMarks.webrtcup - result.pubMarks.offerSent,
    subJoinToOfferMs: result.subMarks.offerReceived - result.subMarks.joinSent,
    subAnswerToWebrtcupMs: result.subMarks.webrtcup - result.subMarks.answerSent,
    subTransport: result.subStats.transport,
    pubTransport: result.pubStats.transport,
    subSelectedPair: { local: result.subStats.local, remote: result.subStats.remote },
    pubSelectedPair: { local: result.pubStats.local, remote: result.pubStats.remote },
  };
  ok = last.video.length === PUBLISHERS && last.audio.length === PUBLISHERS &&
    dFrames.every((d) => d > SECONDS * 10) && dAudio.every((d) => d > SECONDS * 25) &&
    last.audio.every((x) => (x.totalAudioEnergy || 0) > 0);
  result.ok = ok;
  say('summary', JSON.stringify(result.summary, null, 2));
} catch (e) {
  say('FAILED:', e.stack || e);
} finally {
  fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify(result, null, 2));
  await browser.close();
  server.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
say(ok ? 'PASS: media flowed through Janus' : 'FAIL');
process.exit(ok ? 0 : 1);
