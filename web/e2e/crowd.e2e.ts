// A room of thirty: the gallery pages, and video that is not on screen is not received.
// Twenty-eight participants are signaling-only (WebSockets opened from a helper page, no media);
// Ada and Bob are real browsers with camera and microphone. Bob joins last, so on Ada's screen he
// is on the last page: Ada must get his audio but none of his video until she pages there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eventually, idOf, inboundTotals, join, joinSignalingOnly, launchBrowser, newMeeting, newPage, startServer, type Server } from './harness';

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


describe('a room of thirty', () => {
  it('pages the gallery and sends only the video on screen', async () => {
    const ada = await newPage(browser);
    const roomUrl = await newMeeting(ada, server.url);
    await join(ada, roomUrl, 'Ada');
    await joinSignalingOnly(await newPage(browser), roomUrl, Array.from({ length: 28 }, (_, i) => `Guest ${String(i + 1).padStart(2, '0')}`));
    const bob = await newPage(browser);
    await join(bob, roomUrl, 'Bob');

    await ada.getByText('Page 1 of 4').waitFor();
    expect(await ada.locator('[data-participant-id]').count()).toBe(9);

    // Bob's media is up (he decodes Ada's video, she is on his first page) and Ada hears him...
    await eventually('Bob receives Ada', async () => (await inboundTotals(bob)).framesDecoded > 20, 20_000);
    const heard = (await inboundTotals(ada)).audioPackets;
    await eventually('Ada hears Bob', async () => (await inboundTotals(ada)).audioPackets > heard + 50);
    // ...and, as the one who speaks, he moves onto her first page (as its last tile), so his video comes.
    const bobTile = ada.getByRole('group', { name: 'Bob', exact: true });
    await eventually('Bob, speaking, is on the first page', async () => (await bobTile.count()) === 1, 10_000);
    const bobId = await idOf(ada, 'Bob');
    expect(await ada.locator('[data-participant-id]').count()).toBe(9);
    await eventually('Ada decodes Bob once he is on screen', async () => (await inboundTotals(ada)).framesDecoded > 10, 10_000);

    // Paging away stops his video, the only camera besides hers.
    await ada.getByRole('button', { name: 'Next page' }).click();
    await ada.getByText('Page 2 of 4').waitFor();
    expect(await ada.locator(`[data-participant-id="${bobId}"]`).count()).toBe(0);
    let last = -1;
    await eventually('Bob\'s video stops arriving', async () => {
      const n = (await inboundTotals(ada)).framesDecoded;
      const stopped = n === last;
      last = n;
      return stopped;
    });
    const stoppedAt = (await inboundTotals(ada)).audioPackets;
    await eventually('audio keeps flowing meanwhile', async () => (await inboundTotals(ada)).audioPackets > stoppedAt + 50);
    expect((await inboundTotals(ada)).framesDecoded).toBe(last);

    // Back on the first page, it comes again.
    await ada.getByRole('button', { name: 'Previous page' }).click();
    await ada.getByText('Page 1 of 4').waitFor();
    await eventually('Bob\'s video comes back', async () => (await inboundTotals(ada)).framesDecoded > last + 10, 10_000);
  });
});
