// Breakout rooms in real browsers against the real server: the moderator opens two rooms for
// four people at random; each room's audio stays in that room (read from getStats: only the
// roommate's stream still grows), a hand raised in a room shows in the moderator's event console
// with its room, and when the (shortened) time runs out everyone is back in the main room,
// hearing the main room again (its loudest voices), without reloading. With PLENUM_SCREENSHOTS
// set to a folder, it takes the breakout screenshots.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, idOf, join, newMeeting, newPage, receivedByParticipant, serverAndBrowser, shot } from './harness';

const env = serverAndBrowser();

/** Audio packets received so far on `page`, per inbound stream (by its stats id). */
async function audioStreams(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    type W = Window & { __pcs: RTCPeerConnection[] };
    const packets: Record<string, number> = {};
    for (const pc of (window as unknown as W).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets[String(s.id)] = Number(s.packetsReceived ?? 0);
      });
    }
    return packets;
  });
}

/** Audio packets `page` received from the person whose tile is `id`. */
async function heardFrom(page: Page, id: string): Promise<number> {
  return (await receivedByParticipant(page))[id]?.audioPackets ?? 0;
}

/** The breakout room `page` is in, as its banner says ("Group 1"). */
async function roomOf(page: Page): Promise<string> {
  const banner = page.getByRole('region', { name: 'Breakout room' });
  await banner.getByText(/^You are in Group \d$/).waitFor();
  const text = (await banner.getByText(/^You are in Group \d$/).textContent()) ?? '';
  return text.replace('You are in ', '');
}

describe('breakout rooms', () => {
  it('keep each room to itself, show hands to the moderator and bring everyone back in time', async () => {
    const ada = await newPage(env.browser);
    const roomUrl = await newMeeting(ada, env.server.url);
    await join(ada, roomUrl, 'Ada');
    const people: Record<string, Page> = {};
    for (const name of ['Bea', 'Cem', 'Dan', 'Eve']) {
      const page = await newPage(env.browser);
      await join(page, roomUrl, name);
      people[name] = page;
    }
    await eventually('five people inside', async () => (await ada.locator('[data-participant-id]').count()) === 5);

    // Two rooms at random for a minute; the moderator stays in the main room.
    await ada.getByRole('button', { name: 'Breakout rooms', exact: true }).click();
    await ada.getByText('Number of rooms', { exact: true }).click();
    await ada.getByRole('textbox', { name: 'How many rooms' }).fill('2');
    await ada.getByRole('radiogroup', { name: 'Duration' }).getByText('Other', { exact: true }).click();
    await ada.getByRole('textbox', { name: 'Minutes (1–1440)' }).fill('1');
    await ada.getByRole('button', { name: 'Open breakout rooms' }).click();

    const rooms: Record<string, string[]> = {};
    for (const [name, page] of Object.entries(people)) {
      const room = await roomOf(page);
      rooms[room] = [...(rooms[room] ?? []), name];
    }
    expect(Object.keys(rooms).sort()).toEqual(['Group 1', 'Group 2']);
    expect(Object.values(rooms).map((r) => r.length)).toEqual([2, 2]);
    const [first, mate] = rooms['Group 1'] ?? [];
    if (first === undefined || mate === undefined) throw new Error('Group 1 has two people');
    const page = people[first] as Page;
    await eventually(`${first} sees only ${mate}`, async () => (await page.locator('[data-participant-id]').count()) === 2);

    // Only the roommate's audio still arrives (no new offer: the same streams, one flowing).
    const mateId = await idOf(page, mate);
    const before = await heardFrom(page, mateId);
    await eventually(`${first} hears ${mate}`, async () => (await heardFrom(page, mateId)) > before + 50);
    const start = await audioStreams(page);
    const startMate = await heardFrom(page, mateId);
    await eventually('two seconds of the roommate', async () => (await heardFrom(page, mateId)) > startMate + 100);
    const end = await audioStreams(page);
    const growing = Object.keys(end).filter((id) => (end[id] ?? 0) > (start[id] ?? 0));
    expect(growing).toHaveLength(1);

    // A hand raised in Group 1 reaches the moderator's event console, with its room.
    await page.getByRole('button', { name: 'Raise hand' }).click();
    const events = ada.getByRole('region', { name: 'Events' });
    await events.getByText(`${first} raised a hand in Group 1`).waitFor();
    await events.getByRole('button', { name: 'Answer in chat' }).waitFor();
    await events.getByRole('button', { name: 'Go to Group 1' }).waitFor();
    await shot(ada, 'breakout-moderator');
    await shot(page, 'breakout-room');

    // Shortened to the last seconds: everyone returns by the timer, hearing everyone again.
    await ada.getByRole('button', { name: 'Shorten by 1 minute' }).click();
    await page.getByText('You are back in the main room').waitFor({ timeout: 30_000 });
    await eventually(`${first} sees everyone again`, async () => (await page.locator('[data-participant-id]').count()) === 5);
    // Everyone's microphone is on, and only the three loudest voices are heard (receive slots):
    // with everyone but one of Group 2 muted, that one takes an audio slot and is heard again.
    const other = rooms['Group 2']?.[0] ?? '';
    for (const [name, p] of [['Ada', ada] as const, ...Object.entries(people)]) {
      if (name !== other) await p.getByRole('button', { name: 'Mute', exact: true }).click();
    }
    const otherId = await idOf(page, other);
    const heardOther = await heardFrom(page, otherId);
    await eventually(`${first} hears ${other} again`, async () => (await heardFrom(page, otherId)) > heardOther + 50);
  });
});
