// End-to-end harness: starts `plenum serve` on free loopback ports with a fresh data directory
// (with PLENUM_WEB_DIST, behind a small front that serves that web client build), or a small
// scale-out cluster (its own Redis, a controller and two conference nodes),
// launches Debian's Chromium with fake camera and microphone, and offers helpers that read
// WebRTC statistics from inside the pages and run axe-core accessibility checks. Not a test
// itself.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { connect, createServer as createTcpServer } from 'node:net';
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

/** A scale-out installation for one test file: its own Redis, one controller, two nodes. */
export interface Cluster {
  /** The controller's URL (with PLENUM_WEB_DIST, the front serving that build before it). */
  url: string;
  /** Each node's HTTP URL by node id (`n1`, `n2`); its WebSockets live under the same origin. */
  nodes: Record<ClusterNodeId, string>;
  /** The id of the node whose URL `url` (http or ws, any path) names, or null. */
  nodeOf(url: string): ClusterNodeId | null;
  /** Kills a node with SIGKILL (no goodbye: its lease just runs out); resolves once it exited. */
  kill(node: ClusterNodeId): Promise<void>;
  /** Waits (bounded) until exactly the named nodes hold a live announcement in Redis. */
  waitForNodes(nodes?: readonly ClusterNodeId[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export type ClusterNodeId = 'n1' | 'n2';

/** A child process of a cluster and the moment it exits. */
interface Child {
  process: ChildProcess;
  exited: Promise<void>;
}

/** Every child of every cluster, killed should the test process go away without `stop()`. */
const clusterChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of clusterChildren) child.kill('SIGKILL');
});

function track(child: ChildProcess): Child {
  clusterChildren.add(child);
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => {
      clusterChildren.delete(child);
      resolve();
    });
  });
  return { process: child, exited };
}

/** Ends a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
async function endChild(child: Child, graceMs = 5_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/**
 * A TCP port that was free a moment ago, for a process to listen on later. It is picked below
 * the kernel's ephemeral range (32768 and up), so that no outgoing connection of another test can
 * take it in the meantime as its source port (a port the kernel hands out for `listen(0)` can).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const server = createTcpServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
}

/**
 * Sends one command to Redis at `port` in RESP and returns its reply's first line (enough for
 * simple strings `+…`, errors `-…` and integers `:…`); rejects after `timeoutMs`.
 */
function redisCommand(port: number, args: readonly string[], timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let settled = false;
    const timer = setTimeout(() => done(new Error(`Redis did not answer ${args[0]} in ${timeoutMs} ms`)), timeoutMs);
    const done = (error: Error | null, line?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error !== null) reject(error);
      else resolve(line ?? '');
    };
    socket.on('connect', () => {
      const parts = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`);
      socket.write(`*${args.length}\r\n${parts.join('')}`);
    });
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      const end = reply.indexOf('\r\n');
      if (end >= 0) done(null, reply.slice(0, end));
    });
    socket.on('error', (error) => done(error));
    socket.on('close', () => done(new Error('Redis closed the connection without an answer')));
  });
}

/** Spawns `bin args` and waits for its `Plenum is running at …` line. */
async function spawnPlenum(bin: string, name: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ child: Child; url: string }> {
  const child = track(spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'], env }));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`plenum ${name} did not start within 20 s`)), 20_000);
    child.process.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.process.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`plenum ${name} exited early with ${code ?? signal}`));
    });
  });
  return { child, url };
}

/**
 * Starts a scale-out cluster on loopback: `redis-server` on a free port (no persistence), a
 * controller (SQLite, anonymous rooms, one node credential) and two nodes `n1` and `n2`, all
 * with a Redis prefix of their own and in one temporary folder, removed by `stop()`, which
 * ends every process. Resolves once both nodes are announced. Needs PLENUM_BIN and Debian's
 * package `redis-server`.
 */
export async function startCluster(): Promise<Cluster> {
  const bin = process.env.PLENUM_BIN;
  if (!bin) throw new Error('PLENUM_BIN must name the plenum binary');
  const redisBin = process.env.REDIS_SERVER ?? 'redis-server';
  if (spawnSync(redisBin, ['--version']).error !== undefined) {
    throw new Error(`the cluster tests need ${redisBin}: install the Debian package redis-server (apt-get install redis-server)`);
  }
  const dir = mkdtempSync(joinPath(tmpdir(), 'plenum-cluster-e2e-'));
  const children: Child[] = [];
  let front: { url: string; stop(): Promise<void> } | null = null;
  const stop = async () => {
    await front?.stop();
    // Nodes first (they report to the controller), then the controller, then Redis.
    for (const child of [...children].reverse()) await endChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const redisPort = await freePort();
    const redis = track(
      spawn(redisBin, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
        stdio: 'ignore',
      }),
    );
    children.push(redis);
    await eventually('redis-server answers PING', async () => {
      if (redis.process.exitCode !== null) throw new Error(`redis-server exited with ${redis.process.exitCode}`);
      return redisCommand(redisPort, ['PING'], 500).then(
        (line) => line === '+PONG',
        () => false,
      );
    }, 10_000);

    const prefix = `plenum-e2e-${randomBytes(6).toString('hex')}`;
    const token = randomBytes(24).toString('hex');
    const tokenHash = createHash('sha256').update(token).digest('hex');
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const env = { ...process.env, PLENUM_REDIS_PREFIX: prefix, PLENUM_LOG: process.env.PLENUM_LOG ?? 'warn' };
    const controllerDir = joinPath(dir, 'controller');
    mkdirSync(controllerDir);
    const config = joinPath(controllerDir, 'controller.toml');
    writeFileSync(config, `allow_anonymous_rooms = true\n\n[[node_credentials]]\nname = "test"\ntoken_sha256 = "${tokenHash}"\n`);
    const controller = await spawnPlenum(bin, 'controller', [
      'controller',
      '--listen', '127.0.0.1:0',
      '--data-dir', controllerDir,
      '--database-url', `sqlite://${controllerDir}/plenum.db?mode=rwc`,
      '--redis-url', redisUrl,
      '--config', config,
    ], env);
    children.push(controller.child);

    const ids: ClusterNodeId[] = ['n1', 'n2'];
    const nodes = {} as Record<ClusterNodeId, string>;
    const nodeChildren = {} as Record<ClusterNodeId, Child>;
    for (const id of ids) {
      const nodeDir = joinPath(dir, id);
      mkdirSync(nodeDir);
      const node = await spawnPlenum(bin, id, [
        'node',
        '--listen', '127.0.0.1:0',
        '--media-port', '0',
        '--media-shards', '1',
        '--data-dir', nodeDir,
        '--controller-url', controller.url,
        '--redis-url', redisUrl,
      ], { ...env, PLENUM_NODE_TOKEN: token, PLENUM_NODE_ID: id });
      children.push(node.child);
      nodes[id] = node.url;
      nodeChildren[id] = node.child;
    }

    const waitForNodes = async (live: readonly ClusterNodeId[] = ids, timeoutMs = 10_000) => {
      // Each node's announcement `<prefix>:node:<id>` exists exactly while its lease runs.
      await eventually(`nodes ${live.join(', ')} announced`, async () => {
        const answers = await Promise.all(ids.map((id) => redisCommand(redisPort, ['EXISTS', `${prefix}:node:${id}`])));
        return ids.every((id, i) => (answers[i] === ':1') === live.includes(id));
      }, timeoutMs);
    };
    await waitForNodes();

    const dist = process.env.PLENUM_WEB_DIST;
    if (dist !== undefined && dist !== '') front = await serveWebClient(dist, controller.url);
    return {
      url: front?.url ?? controller.url,
      nodes,
      nodeOf: (url) => {
        const host = new URL(url).host;
        return ids.find((id) => new URL(nodes[id]).host === host) ?? null;
      },
      kill: async (id) => {
        const child = nodeChildren[id];
        child.process.kill('SIGKILL');
        await child.exited;
      },
      waitForNodes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
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

/**
 * Keeps every RTCPeerConnection and WebSocket a page creates on `window.__pcs` / `__sockets`;
 * each peer connection counts the offers it was given (`__remoteOffers`: renegotiations).
 */
const CAPTURE_CONNECTIONS = `
  window.__pcs = [];
  window.__sockets = [];
  const OriginalPc = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends OriginalPc {
    constructor(...args) { super(...args); this.__remoteOffers = 0; window.__pcs.push(this); }
    setRemoteDescription(description) {
      if (description && description.type === 'offer') this.__remoteOffers += 1;
      return super.setRemoteDescription(description);
    }
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

/**
 * The inbound video tracks on `page` whose decoded frames grow over `ms`, by track id (the
 * `id` of a received MediaStreamTrack): which videos the page really receives, shown or not.
 */
export async function decodingVideoTracks(page: Page, ms = 1500): Promise<string[]> {
  const sample = () =>
    page.evaluate(async () => {
      type W = Window & { __pcs: RTCPeerConnection[] };
      const frames: Record<string, { track: string; frames: number }> = {};
      for (const pc of (window as unknown as W).__pcs) {
        if (pc.connectionState === 'closed') continue;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') {
            frames[String(s.id)] = { track: String(s.trackIdentifier ?? ''), frames: Number(s.framesDecoded ?? 0) };
          }
        });
      }
      return frames;
    });
  const before = await sample();
  await page.waitForTimeout(ms);
  const after = await sample();
  return Object.entries(after)
    .filter(([id, now]) => now.frames > (before[id]?.frames ?? 0))
    .map(([, now]) => now.track);
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

/** Joins `names` as signaling-only participants (no media) from one page; they keep pinging. */
export async function joinSignalingOnly(page: Page, roomUrl: string, names: string[]): Promise<void> {
  await page.goto(roomUrl);
  const room = new URL(roomUrl).pathname.split('/').pop() ?? '';
  await page.evaluate(
    async ({ room, names }) => {
      const joined: Promise<void>[] = [];
      for (const name of names) {
        const res = await fetch(`/api/v1/rooms/${room}/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ display_name: name }),
        });
        const { ticket, ws_url } = (await res.json()) as { ticket: string; ws_url: string };
        const ws = new WebSocket(new URL(ws_url, location.href).href.replace(/^http/, 'ws'));
        joined.push(
          new Promise((resolve) => {
            ws.onopen = () => ws.send(JSON.stringify({ namespace: 'control', payload: { action: 'join', ticket } }));
            ws.onmessage = (e) => {
              if (String(e.data).includes('"joined"')) resolve();
            };
          }),
        );
        setInterval(() => ws.send(JSON.stringify({ namespace: 'control', payload: { action: 'ping' } })), 2000);
      }
      await Promise.all(joined);
    },
    { room, names },
  );
}

/** How many offers the page's open peer connection was given (its renegotiations; -1: none open). */
export async function remoteOffers(page: Page): Promise<number> {
  return page.evaluate(() => {
    type Pc = RTCPeerConnection & { __remoteOffers: number };
    return (window as unknown as { __pcs: Pc[] }).__pcs.find((p) => p.connectionState !== 'closed')?.__remoteOffers ?? -1;
  });
}
