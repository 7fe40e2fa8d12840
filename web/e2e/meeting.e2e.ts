// A real meeting in headless Chromium: three people join one room through the UI; media flows
// between all of them (asserted on getStats, not only the DOM); muting stops the muted person's
// audio at the SFU; leaving removes the tile everywhere. Also measures Join → first remote frame.
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

async function tileCount(page: Page): Promise<number> {
  return page.locator('[data-participant-id]').count();
}

describe('a meeting of three', () => {
  it('carries audio and video between everyone, mutes and leaves', async () => {
    const ada = await newPage(browser);
    const roomUrl = await newMeeting(ada, server.url);
    await join(ada, roomUrl, 'Ada');

    // Bob joins a room where Ada already publishes: time from clicking Join to his first
    // decoded remote video frame.
    const bob = await newPage(browser);
    await bob.goto(roomUrl);
    await bob.getByRole('textbox', { name: 'Display name' }).fill('Bob');
    const clickedAt = Date.now();
    await bob.getByRole('button', { name: 'Join', exact: true }).click();
    await eventually('Bob decodes a video frame', async () => {
      const r = await receivedByParticipant(bob);
      return Object.values(r).some((x) => x.framesDecoded > 0);
    }, 20_000);
    const joinToFirstFrameMs = Date.now() - clickedAt;
    console.log(`join → first remote video frame: ${joinToFirstFrameMs} ms`);

    const cem = await newPage(browser);
    await join(cem, roomUrl, 'Cem');
    const pages = { Ada: ada, Bob: bob, Cem: cem };
    for (const page of Object.values(pages)) {
      await eventually('three tiles', async () => (await tileCount(page)) === 3);
    }
    const ids = { Ada: await idOf(ada, 'Ada'), Bob: await idOf(ada, 'Bob'), Cem: await idOf(ada, 'Cem') };

    // Everyone receives video frames (increasing) and audio packets from both others.
    const before: Record<string, Record<string, { framesDecoded: number; audioPackets: number }>> = {};
    for (const [name, page] of Object.entries(pages)) {
      await eventually(`${name} receives from both others`, async () => {
        const r = await receivedByParticipant(page);
        const others = Object.entries(ids).filter(([n]) => n !== name);
        const ok = others.every(([, id]) => (r[id]?.framesDecoded ?? 0) > 0 && (r[id]?.audioPackets ?? 0) > 0);
        if (ok) before[name] = r;
        return ok;
      }, 20_000);
    }
    for (const [name, page] of Object.entries(pages)) {
      await eventually(`${name}'s frames keep increasing`, async () => {
        const r = await receivedByParticipant(page);
        return Object.entries(ids)
          .filter(([n]) => n !== name)
          .every(([, id]) => (r[id]?.framesDecoded ?? 0) > (before[name]?.[id]?.framesDecoded ?? 0) + 10
            && (r[id]?.audioPackets ?? 0) > (before[name]?.[id]?.audioPackets ?? 0) + 10);
      });
    }

    // Ada mutes: the others see the indicator, and her audio stops reaching them.
    await ada.getByRole('button', { name: 'Mute' }).click();
    await ada.getByRole('button', { name: 'Unmute' }).waitFor();
    for (const page of [bob, cem]) {
      await eventually('Ada shown muted', async () =>
        (await page.locator(`[data-participant-id="${ids.Ada}"]`).getAttribute('data-muted')) === 'true');
    }
    // Let packets in flight arrive, then Ada's audio must stand still while Bob's keeps flowing.
    let last = -1;
    await eventually('Ada audio settles', async () => {
      const n = (await receivedByParticipant(bob))[ids.Ada]?.audioPackets ?? 0;
      const settled = n === last;
      last = n;
      return settled;
    });
    const mutedAt = await receivedByParticipant(bob);
    const cemAt = await receivedByParticipant(cem);
    await eventually('Bob keeps hearing Cem', async () =>
      ((await receivedByParticipant(bob))[ids.Cem]?.audioPackets ?? 0) > (mutedAt[ids.Cem]?.audioPackets ?? 0) + 50);
    const afterMute = await receivedByParticipant(bob);
    expect(afterMute[ids.Ada]?.audioPackets).toBe(mutedAt[ids.Ada]?.audioPackets);
    expect((await receivedByParticipant(cem))[ids.Ada]?.audioPackets).toBe(cemAt[ids.Ada]?.audioPackets);

    // Cem leaves: his tile disappears for Ada and Bob.
    await cem.getByRole('button', { name: 'Leave' }).click();
    await cem.getByRole('button', { name: 'Rejoin' }).waitFor();
    for (const page of [ada, bob]) {
      await eventually('two tiles after Cem left', async () => (await tileCount(page)) === 2);
      expect(await page.locator(`[data-participant-id="${ids.Cem}"]`).count()).toBe(0);
    }
  });
});
