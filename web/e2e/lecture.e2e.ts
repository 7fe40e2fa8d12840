// The lecture layout in real browsers against the real server: of three people, one pins another
// and switches to "Lecture"; the page then shows one large video (the pinned lecturer), the
// others only as "… listening", and its WebRTC stats show that it decodes the video of that
// one person only. With PLENUM_SCREENSHOTS set to a folder, it takes the screenshot
// meeting-lecture.png.
import { describe, expect, it } from 'vitest';
import { axeViolations, decodingVideoTracks, eventually, idOf, join, newMeeting, newPage, serverAndBrowser, shot } from './harness';

const fixture = serverAndBrowser();

describe('the lecture layout', () => {
  it('shows one large lecturer, the listeners as a count, and receives only that video', async () => {
    const { browser, server } = fixture;
    const ada = await newPage(browser);
    const roomUrl = await newMeeting(ada, server.url);
    await join(ada, roomUrl, 'Ada');
    const bob = await newPage(browser);
    await join(bob, roomUrl, 'Bob');
    const cem = await newPage(browser);
    await join(cem, roomUrl, 'Cem');
    await eventually('three tiles', async () => (await bob.locator('[data-participant-id]').count()) === 3, 20_000);
    const cemId = await idOf(bob, 'Cem');

    // Pinning makes the lecturer deterministic (the fake microphones all "speak").
    await bob.getByRole('button', { name: 'Pin Cem' }).click({ force: true });
    await bob.getByRole('radio', { name: 'Lecture' }).check({ force: true });

    const large = bob.locator('[data-variant="large"]');
    await eventually('Cem large', async () => (await large.getAttribute('data-participant-id')) === cemId);
    await eventually('Cem\'s video plays large', async () => (await large.getAttribute('data-video')) === 'true', 20_000);
    // No tiles of the listeners: the large tile is the only one.
    expect(await bob.locator('[data-participant-id]').count()).toBe(1);
    await bob.getByText('2 people listening').waitFor();

    // Received: Cem's camera and nothing else (Ada's video stops once it leaves the stage).
    const cemTrack = await large.evaluate((tile) => (tile.querySelector('video')?.srcObject as MediaStream | null)?.getVideoTracks()[0]?.id ?? '');
    expect(cemTrack).not.toBe('');
    await eventually('only Cem\'s video decodes', async () => {
      const decoding = await decodingVideoTracks(bob);
      return decoding.length === 1 && decoding[0] === cemTrack;
    }, 20_000);

    expect(await axeViolations(bob)).toEqual([]);
    await shot(bob, 'meeting-lecture', 600);
  });
});
