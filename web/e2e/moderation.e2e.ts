// Moderation in real browsers: the creator of a room (its owner) and three participants in
// separate browser contexts. The owner switches the waiting room on during the meeting; a
// newcomer waits and receives nothing until "Admit all"; raised hands and a point of order
// reach the event console in the right order; "Mute all" stops the others' audio at the SFU
// while the owner's and the podium guest's keep flowing (getStats on a receiver); only the open
// microphone accumulates speaking time; "End and debrief" keeps only the moderators.
// Every microphone plays a steady tone, so an open microphone is always "speaking".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  eventually,
  idOf,
  inboundTotals,
  launchBrowser,
  newMeeting,
  newPage,
  receivedByParticipant,
  shot,
  startServer,
  toneWav,
  type Server,
} from './harness';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser({ fakeAudioFile: toneWav() });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Joins through the join screen; with `microphone: false` the microphone is switched off first. */
async function enter(page: Page, roomUrl: string, name: string, microphone = true): Promise<void> {
  await page.goto(roomUrl);
  await page.getByRole('textbox', { name: 'Display name' }).fill(name);
  if (!microphone) await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

async function inMeeting(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Leave' }).waitFor();
}

/** Audio packets `page` received from each of `ids`. */
async function audioFrom(page: Page, ids: string[]): Promise<number[]> {
  const r = await receivedByParticipant(page);
  return ids.map((id) => r[id]?.audioPackets ?? 0);
}

/** Speaking milliseconds the moderator's participant panel shows for `id`. */
async function spokenMs(page: Page, id: string): Promise<number> {
  const value = await page.locator(`[data-spoken-ms][data-speaking-time="${id}"]`).getAttribute('data-spoken-ms');
  return Number(value ?? 'NaN');
}

describe('moderation', () => {
  it('waiting room, hands, mute all, speaking time and debrief', async () => {
    const mona = await newPage(browser);
    const roomUrl = await newMeeting(mona, server.url);
    await enter(mona, roomUrl, 'Mona');
    await inMeeting(mona);
    const bea = await newPage(browser);
    await enter(bea, roomUrl, 'Bea');
    await inMeeting(bea);
    const carl = await newPage(browser);
    await enter(carl, roomUrl, 'Carl');
    await inMeeting(carl);

    // Only the owner has moderator controls.
    for (const page of [bea, carl]) {
      expect(await page.getByRole('button', { name: 'Moderation' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Raise hand' }).waitFor();
    }

    // The waiting room is switched on during the meeting.
    await mona.getByRole('button', { name: 'Moderation' }).click();
    // The switch shows the room's policy, so it turns on only when the server confirms: click, then wait.
    await mona.getByRole('switch', { name: 'Waiting room' }).click({ force: true });
    await eventually('waiting room on', async () => (await mona.getByRole('switch', { name: 'Waiting room' }).isChecked()));
    await shot(mona, 'moderation-panel');

    // Dora waits: a calm screen, no meeting data, no media.
    const dora = await newPage(browser);
    await enter(dora, roomUrl, 'Dora', false);
    await dora.getByText('Waiting for a moderator to let you in.').waitFor();
    await shot(dora, 'waiting-screen');
    await mona.getByRole('button', { name: 'Admit all' }).first().waitFor();
    await shot(mona, 'someone-waiting');
    expect(await dora.locator('[data-participant-id]').count()).toBe(0);
    expect(await inboundTotals(dora)).toEqual({ framesDecoded: 0, audioPackets: 0 });
    expect(await dora.getByText('Bea').count()).toBe(0);

    await mona.getByRole('button', { name: 'Admit all' }).first().click();
    await inMeeting(dora);
    for (const page of [mona, bea, carl, dora]) {
      await eventually('four tiles', async () => (await page.locator('[data-participant-id]').count()) === 4);
    }
    const ids = { Mona: await idOf(carl, 'Mona'), Bea: await idOf(carl, 'Bea'), Carl: await idOf(mona, 'Carl'), Dora: await idOf(mona, 'Dora') };

    // Hands in order; the point of order jumps the queue.
    await bea.getByRole('button', { name: 'Raise hand' }).click();
    await bea.getByRole('button', { name: 'Lower hand' }).waitFor();
    await carl.getByRole('button', { name: 'Raise hand' }).click();
    await carl.getByRole('button', { name: 'Lower hand' }).waitFor();
    await dora.getByRole('button', { name: 'Point of order' }).click();
    const consoleItems = mona.getByRole('region', { name: 'Events' }).locator('.event-text');
    await eventually('three requests in the console', async () => {
      const texts = await consoleItems.allTextContents();
      return texts.filter((t) => /Bea|Carl|Dora/.test(t) && !/joined|left/.test(t)).length === 3;
    });
    const requests = (await consoleItems.allTextContents()).filter((t) => /Bea|Carl|Dora/.test(t) && !/joined|left/.test(t));
    expect(requests[0]).toContain('Dora');
    expect(requests[1]).toBe('Bea raised their hand');
    expect(requests[2]).toBe('Carl raised their hand');
    await shot(mona, 'event-console');

    // Bea goes on the podium.
    await mona.getByRole('button', { name: 'Participants' }).click();
    await mona.getByRole('button', { name: 'Actions for Bea' }).click();
    await mona.getByRole('menuitem', { name: 'Add to podium' }).click();
    await eventually('Bea on the podium', async () => (await mona.getByRole('button', { name: 'Actions for Bea' }).count()) === 1
      && (await mona.locator(`[data-participant-item="${ids.Bea}"]`).textContent())?.includes('Podium') === true);

    // Everyone hears Mona, Bea and Carl; Dora joined with her microphone off.
    const speakers = [ids.Mona, ids.Bea, ids.Carl];
    let before = await audioFrom(dora, speakers);
    await eventually('Dora hears the three speakers', async () => {
      const now = await audioFrom(dora, speakers);
      const ok = now.every((n, i) => n > (before[i] ?? 0) + 20);
      if (ok) before = now;
      return ok;
    }, 20_000);

    // Mute all: Carl falls silent at the SFU; Mona and Bea keep flowing.
    await mona.getByRole('button', { name: 'Moderation' }).click();
    await mona.getByRole('button', { name: 'Mute all' }).click();
    await carl.getByRole('button', { name: 'Unmute' }).waitFor();
    let last = -1;
    await eventually('Carl\'s audio settles at Dora', async () => {
      const [n] = await audioFrom(dora, [ids.Carl]);
      const settled = n === last;
      last = n ?? -1;
      return settled;
    });
    const carlAtMute = last;
    const open = await audioFrom(dora, [ids.Mona, ids.Bea]);
    await eventually('Mona and Bea keep flowing', async () => {
      const now = await audioFrom(dora, [ids.Mona, ids.Bea]);
      return now.every((n, i) => n > (open[i] ?? 0) + 50);
    });
    expect((await audioFrom(dora, [ids.Carl]))[0]).toBe(carlAtMute);
    await shot(carl, 'muted-by-moderator');

    // Mona mutes herself: only Bea's microphone is open, and only she gains speaking time.
    await mona.getByRole('button', { name: 'Mute', exact: true }).click();
    await mona.getByRole('button', { name: 'Participants' }).click();
    await eventually('speaking times shown', async () => (await mona.locator('[data-spoken-ms]').count()) >= 3);
    const carlSpoken = await spokenMs(mona, ids.Carl);
    const beaStart = await spokenMs(mona, ids.Bea);
    await eventually('Bea accumulates speaking time', async () => (await spokenMs(mona, ids.Bea)) > beaStart + 2000);
    expect(await spokenMs(mona, ids.Carl)).toBe(carlSpoken);
    expect(await spokenMs(mona, ids.Dora)).toBe(0);
    await shot(mona, 'participants-speaking-time');

    // End and debrief: Carl is made a moderator first; then only Mona and Carl remain.
    await mona.getByRole('button', { name: 'Actions for Carl' }).click();
    await mona.getByRole('menuitem', { name: 'Make moderator' }).click();
    await carl.getByRole('button', { name: 'Moderation' }).waitFor();
    await mona.getByRole('button', { name: 'Moderation' }).click();
    await mona.getByRole('button', { name: 'End meeting' }).click();
    await mona.getByRole('button', { name: 'End and debrief' }).click();
    for (const page of [bea, dora]) {
      await page.getByRole('heading', { name: 'The meeting has ended' }).waitFor();
    }
    for (const page of [mona, carl]) {
      await eventually('two tiles in the debrief', async () => (await page.locator('[data-participant-id]').count()) === 2);
      await inMeeting(page);
    }
    await shot(mona, 'debrief');
  });
});
