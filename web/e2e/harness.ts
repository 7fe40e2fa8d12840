// End-to-end harness: starts `plenum serve` on free loopback ports with a fresh data directory
// (with PLENUM_WEB_DIST, behind a small front that serves that web client build),
// launches Debian's Chromium with fake camera and microphone, and offers helpers that read
// WebRTC statistics from inside the pages and run axe-core accessibility checks. Not a test
// itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { extname } from 'node:path';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export interface Server {
  url: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** HTTP port (default: any free one). */
  port?: number;
  /** Contents of a TOML config file to pass with --config. */
  config?: string;
}

/** Starts the server binary named by PLENUM_BIN and waits for its URL. */
export async function startServer(options: ServerOptions = {}): Promise<Server> {
  const bin = process.env.PLENUM_BIN;
  if (!bin) throw new Error('PLENUM_BIN must name the plenum binary');
  const dataDir = mkdtempSync(joinPath(tmpdir(), 'plenum-e2e-'));
  const args = ['serve', '--listen', `127.0.0.1:${options.port ?? 0}`, '--media-port', '0', '--data-dir', dataDir];
  if (options.config !== undefined) {
    const file = joinPath(dataDir, 'plenum.toml');
    writeFileSync(file, options.config);
    args.push('--config', file);
  }
  const child: ChildProcess = spawn(
    bin,
    args,
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PLENUM_LOG: process.env.PLENUM_LOG ?? 'warn' } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`plenum exited early with ${code}`)));
  });
  const stopServer = async () => {
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const dist = process.env.PLENUM_WEB_DIST;
  if (dist === undefined || dist === '') return { url, stop: stopServer };
  const front = await serveWebClient(dist, url);
  return {
    url: front.url,
    stop: async () => {
      await front.stop();
      await stopServer();
    },
  };
}

/** The server's Content-Security-Policy (crates/plenum-server/src/app.rs), kept by the front below. */
const CSP =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; " +
  "style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * For a server binary built from another checkout (a debug build serves the web client of the
 * folder it was built in): serves the web client in `dist` with the server's CSP and passes
 * /api, /node (WebSocket included) and /healthz through to `upstream`. Media still flows
 * directly between the browsers and the server. Used only when PLENUM_WEB_DIST is set.
 */
async function serveWebClient(dist: string, upstream: string): Promise<{ url: string; stop(): Promise<void> }> {
  const target = new URL(upstream);
  const passes = (path: string) => path.startsWith('/api/') || path.startsWith('/node/') || path === '/healthz';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://front').pathname;
    if (passes(path)) {
      const forward = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer: IncomingMessage) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
      return;
    }
    let file = `${dist}${decodeURIComponent(path)}`;
    if (!existsSync(file) || statSync(file).isDirectory()) {
      if (extname(path) !== '') {
        res.writeHead(404).end();
        return;
      }
      file = `${dist}/index.html`;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP });
    res.end(readFileSync(file));
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const back = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      back.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) back.write(head);
      socket.pipe(back).pipe(socket);
    });
    back.on('error', () => socket.destroy());
    socket.on('error', () => back.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes a WAV file with a steady 440 Hz tone (48 kHz, mono, 16 bit) and returns its path:
 * as the fake microphone it makes everyone with an open microphone "speak" all the time
 * (Chromium's built-in fake microphone only beeps briefly).
 */
export function toneWav(seconds = 10): string {
  const rate = 48_000;
  const samples = rate * seconds;
  const data = Buffer.alloc(44 + samples * 2);
  data.write('RIFF', 0);
  data.writeUInt32LE(36 + samples * 2, 4);
  data.write('WAVEfmt ', 8);
  data.writeUInt32LE(16, 16);
  data.writeUInt16LE(1, 20);
  data.writeUInt16LE(1, 22);
  data.writeUInt32LE(rate, 24);
  data.writeUInt32LE(rate * 2, 28);
  data.writeUInt16LE(2, 32);
  data.writeUInt16LE(16, 34);
  data.write('data', 36);
  data.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i += 1) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000), 44 + i * 2);
  }
  const file = joinPath(mkdtempSync(joinPath(tmpdir(), 'plenum-tone-')), 'tone.wav');
  writeFileSync(file, data);
  return file;
}

/** Debian's Chromium with fake media devices; see docs in shared/notes/PLATFORM.md. */
export async function launchBrowser(options: { fakeAudioFile?: string } = {}): Promise<Browser> {
  const audio = options.fakeAudioFile !== undefined ? [`--use-file-for-fake-audio-capture=${options.fakeAudioFile}`] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      ...audio,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** Keeps every RTCPeerConnection and WebSocket a page creates on `window.__pcs` / `__sockets`. */
const CAPTURE_CONNECTIONS = `
  window.__pcs = [];
  window.__sockets = [];
  const OriginalPc = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends OriginalPc {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
  const OriginalWs = window.WebSocket;
  window.WebSocket = class extends OriginalWs {
    constructor(...args) { super(...args); window.__sockets.push(this); }
  };
`;

export interface PageOptions {
  /** Lets injected scripts (axe-core) and WebAssembly run despite the page's CSP. */
  bypassCSP?: boolean;
  viewport?: { width: number; height: number };
}

export async function newPage(browser: Browser, locale = 'en-US', options: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    locale,
    permissions: ['camera', 'microphone'],
    ...(options.bypassCSP === true ? { bypassCSP: true } : {}),
    ...(options.viewport !== undefined ? { viewport: options.viewport } : {}),
  });
  await context.addInitScript(CAPTURE_CONNECTIONS);
  return context.newPage();
}

/** The violations axe-core finds on `page`. axe is evaluated through the debugger, which the page's CSP does not govern. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string | null; nodes: string[] }[]> {
  const require = createRequire(import.meta.url);
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(readFileSync(require.resolve('axe-core'), 'utf8'));
  }
  return page.evaluate(async () => {
    type Axe = { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> };
    const axe = (window as unknown as { axe: Axe }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** What one page receives from one remote participant, read from `getStats()`. */
export interface Received {
  framesDecoded: number;
  audioPackets: number;
  audioEnergy: number;
}

/**
 * For every remote participant shown on `page`: the inbound video frames decoded and audio
 * packets received, matched by the track ids of the tile's video and the hidden audio element.
 */
export async function receivedByParticipant(page: Page): Promise<Record<string, Received>> {
  return page.evaluate(async () => {
    type W = Window & { __pcs: RTCPeerConnection[] };
    const pcs = (window as unknown as W).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const inbound = new Map<string, Record<string, number>>();
    for (const pc of pcs) {
      const report = await pc.getStats();
      report.forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && typeof s.trackIdentifier === 'string') {
          inbound.set(s.trackIdentifier, s as Record<string, number>);
        }
      });
    }
    const result: Record<string, { framesDecoded: number; audioPackets: number; audioEnergy: number }> = {};
    document.querySelectorAll<HTMLElement>('[data-participant-id]').forEach((tile) => {
      const id = tile.dataset.participantId;
      if (!id || tile.dataset.self === 'true') return;
      const video = tile.querySelector('video');
      const videoTrack = (video?.srcObject as MediaStream | null)?.getVideoTracks()[0];
      const audio = document.querySelector<HTMLAudioElement>(`audio[data-audio-for="${id}"]`);
      const audioTrack = (audio?.srcObject as MediaStream | null)?.getAudioTracks()[0];
      const v = videoTrack ? inbound.get(videoTrack.id) : undefined;
      const a = audioTrack ? inbound.get(audioTrack.id) : undefined;
      result[id] = {
        framesDecoded: v?.framesDecoded ?? 0,
        audioPackets: a?.packetsReceived ?? 0,
        audioEnergy: a?.totalAudioEnergy ?? 0,
      };
    });
    return result;
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sum of all inbound video frames decoded and audio packets received by `page`. */
export async function inboundTotals(page: Page): Promise<{ framesDecoded: number; audioPackets: number }> {
  return page.evaluate(async () => {
    type W = Window & { __pcs: RTCPeerConnection[] };
    let framesDecoded = 0;
    let audioPackets = 0;
    for (const pc of (window as unknown as W).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') framesDecoded += Number(s.framesDecoded ?? 0);
        if (s.kind === 'audio') audioPackets += Number(s.packetsReceived ?? 0);
      });
    }
    return { framesDecoded, audioPackets };
  });
}

/** Joins through the UI and waits for the meeting view. */
export async function join(page: Page, roomUrl: string, name: string): Promise<void> {
  await page.goto(roomUrl);
  await page.getByRole('textbox', { name: 'Display name' }).fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('button', { name: 'Leave' }).waitFor();
}

/** Creates a room through the start page and returns its link. */
export async function newMeeting(page: Page, serverUrl: string): Promise<string> {
  await page.goto(serverUrl);
  await page.getByRole('button', { name: 'New meeting' }).click();
  await page.waitForURL(/\/r\/[a-z0-9]{20}$/);
  return page.url();
}

/** The participant id of the tile named `name` on `page`. */
export async function idOf(page: Page, name: string): Promise<string> {
  const id = await page.getByRole('group', { name, exact: true }).getAttribute('data-participant-id');
  if (!id) throw new Error(`no tile for ${name}`);
  return id;
}

/**
 * With PLENUM_SCREENSHOTS set to a folder, saves `page` as `<folder>/<name>.png` (the pointer
 * moved aside; `settleMs` lets videos settle first, for pictures only: never before an
 * assertion). Without it, does nothing.
 */
export async function shot(page: Page, name: string, settleMs = 0): Promise<void> {
  const folder = process.env.PLENUM_SCREENSHOTS;
  if (folder === undefined || folder === '') return;
  await page.mouse.move(1, 1);
  if (settleMs > 0) await page.waitForTimeout(settleMs);
  await page.screenshot({ path: `${folder}/${name}.png` });
}

/**
 * The usual set-up of a test file: a server and a browser started before its tests and stopped
 * after them. Read `server` and `browser` inside the tests (they are set by then).
 */
export function serverAndBrowser(options: ServerOptions = {}): { server: Server; browser: Browser } {
  const fixture = {} as { server: Server; browser: Browser };
  beforeAll(async () => {
    fixture.server = await startServer(options);
    fixture.browser = await launchBrowser();
  });
  afterAll(async () => {
    await (fixture.browser as Browser | undefined)?.close();
    await (fixture.server as Server | undefined)?.stop();
  });
  return fixture;
}
