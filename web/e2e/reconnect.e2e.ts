// Connection trouble in the browser: a dropped signaling connection comes back to the same place
// with media still flowing; closing the tab removes the participant for everyone at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, idOf, join, launchBrowser, newMeeting, newPage, receivedByParticipant, startServer, type Server } from './harness';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Drops the page's signaling connection the way a broken network does for the server: no
 *  deliberate close (code 3000 = the client gave up on a silent socket). */
async function dropSignaling(page: Page): Promise<void> {
  await page.evaluate(() => {
    type W = Window & { __sockets: WebSocket[] };
    for (const ws of (window as unknown as W).__sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.close(3000, 'network blip');
    }
  });
}

describe('connection trouble', () => {
  it('resumes after a blip and leaves when the tab closes', async () => {
    const ada = await newPage(browser);
    const roomUrl = await newMeeting(ada, server.url);
    await join(ada, roomUrl, 'Ada');
    const bob = await newPage(browser);
    await join(bob, roomUrl, 'Bob');
    const bobId = await idOf(ada, 'Bob');
    await eventually('Ada sees Bob', async () => ((await receivedByParticipant(ada))[bobId]?.framesDecoded ?? 0) > 10, 20_000);

    await dropSignaling(bob);
    const tile = ada.locator(`[data-participant-id="${bobId}"]`);
    await eventually('Bob is connected again', async () => {
      const sockets = await bob.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.length);
      return sockets >= 2 && (await tile.getAttribute('data-connection')) === 'connected';
    });
    // Same place: same participant id, no second tile, and his video still arrives.
    expect(await ada.locator('[data-participant-id]').count()).toBe(2);
    expect(await idOf(bob, 'Bob')).toBe(bobId);
    const before = (await receivedByParticipant(ada))[bobId]?.framesDecoded ?? 0;
    await eventually('Bob\'s video continues', async () => ((await receivedByParticipant(ada))[bobId]?.framesDecoded ?? 0) > before + 10);

    // Closing the tab leaves at once (well within the 10 s grace of a lost connection).
    const closedAt = Date.now();
    await bob.close({ runBeforeUnload: true });
    await eventually('Bob is gone', async () => (await tile.count()) === 0, 5_000);
    console.log(`tab closed → removed for others: ${Date.now() - closedAt} ms`);
  });
});
