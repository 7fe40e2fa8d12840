// Simulcast: every camera is sent in two layers (half and full resolution), and the node sends
// each viewer the layer for the size it shows a camera at (docs/protocol/media.md). A room of
// six: Ada, Bob and Cem with Chromium's fake camera (640×480), three more without media (this
// two-core machine cannot encode and decode six cameras in two layers each without starving the
// publishers' bandwidth estimates). In Ada's gallery of six tiles Bob and Cem arrive in their
// smallest layer (at most 320 wide); in her speaker view Bob, large, arrives in his largest (at
// least 640 wide) while Cem in the strip stays small; all on the slots negotiated when she joined.
// Dynacast: while nobody shows Bob large, the node has his browser pause his full-resolution
// layer, and resumes it when Ada pins him.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, idOf, join, joinSignalingOnly, newMeeting, newPage, remoteOffers, serverAndBrowser, shot } from './harness';

const env = serverAndBrowser();

/** The width of the frames each shown camera decodes now, by participant id (0: none). */
async function frameWidths(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    type W = Window & { __pcs: RTCPeerConnection[] };
    const width = new Map<string, number>();
    for (const pc of (window as unknown as W).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && typeof s.trackIdentifier === 'string') {
          width.set(s.trackIdentifier, Number(s.frameWidth ?? 0));
        }
      });
    }
    const result: Record<string, number> = {};
    document.querySelectorAll<HTMLElement>('[data-participant-id]').forEach((tile) => {
      const id = tile.dataset.participantId;
      const track = (tile.querySelector('video')?.srcObject as MediaStream | null)?.getVideoTracks()[0];
      if (!id || tile.dataset.self === 'true' || track === undefined) return;
      result[id] = width.get(track.id) ?? 0;
    });
    return result;
  });
}

/** Whether each camera encoding (by rid) of the page's peer connection is sent. */
async function cameraLayers(page: Page): Promise<Record<string, boolean>> {
  return page.evaluate(() => {
    type W = Window & { __pcs: RTCPeerConnection[] };
    const result: Record<string, boolean> = {};
    for (const pc of (window as unknown as W).__pcs) {
      if (pc.connectionState === 'closed') continue;
      for (const sender of pc.getSenders()) {
        for (const e of sender.getParameters().encodings) {
          if (e.rid !== undefined) result[e.rid] = e.active !== false;
        }
      }
    }
    return result;
  });
}

describe('simulcast layers', () => {
  it('sends small tiles the smallest layer and the large picture the largest', async () => {
    const ada = await newPage(env.browser);
    const roomUrl = await newMeeting(ada, env.server.url);
    await join(ada, roomUrl, 'Ada');
    const bob = await newPage(env.browser);
    await join(bob, roomUrl, 'Bob');
    await join(await newPage(env.browser), roomUrl, 'Cem');
    await joinSignalingOnly(await newPage(env.browser), roomUrl, ['Dana', 'Eli', 'Fay']);
    await eventually('six tiles', async () => (await ada.locator('[data-participant-id]').count()) === 6);
    const [bobId, cemId] = [await idOf(ada, 'Bob'), await idOf(ada, 'Cem')];

    let widths: Record<string, number> = {};
    await eventually('both cameras arrive in their smallest layer', async () => {
      widths = await frameWidths(ada);
      return [bobId, cemId].every((id) => (widths[id] ?? 0) > 0 && (widths[id] ?? 0) <= 320);
    }, 30_000);

    await eventually('nobody shows Bob large: his browser pauses his full layer', async () => {
      const layers = await cameraLayers(bob);
      return layers.q === true && layers.f === false;
    }, 30_000);

    await ada.getByRole('radio', { name: 'Speaker view' }).check({ force: true });
    await ada.getByRole('button', { name: 'Pin Bob' }).click({ force: true });
    await eventually('Bob, large, comes in his largest layer; Cem in the strip stays small', async () => {
      widths = await frameWidths(ada);
      return (widths[bobId] ?? 0) >= 640 && (widths[cemId] ?? 0) > 0 && (widths[cemId] ?? 0) <= 320;
    }, 30_000);
    expect(await cameraLayers(bob), 'the full layer is sent again').toEqual({ q: true, f: true });
    await shot(ada, 'speaker-view-layers');
    expect(await remoteOffers(ada), 'layers change without renegotiation').toBe(1);
  });
});
