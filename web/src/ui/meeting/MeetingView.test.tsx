// @vitest-environment jsdom
// Component tests of the meeting view over fake services: the toolbar's names (Mute, Turn camera
// off/on, Share screen/Stop sharing, Participants whose visible text is its name), sharing the
// screen, a remote screen shown large with the presenter beside it, the layout switch (Gallery
// view / Speaker view / Lecture, remembered, subscribing to exactly the visible cameras), the first page of
// a large room (recent speakers kept in their places), a weak connection on the tiles and ours
// as a calm line, pinning, the
// "You are the only one here" hint, keyboard shortcuts (M, not while typing; Esc; the help
// dialog), the Settings dialog (Microphone, Camera, Speaker where the browser can, simple mode),
// the moderators' screen-sharing switch and "Stop screen share", the German names, and the notice
// that the meeting continued on another server (closed with "Dismiss").
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { FakeSocket } from '../../client/fakeSocket';
import type { ClientEnvelope, Participant } from '../../protocol/generated';
import { fakeApi, joinedEnvelope, joinMeeting, testParticipant as person, testRoomSummary, testServices, type RoomSnapshot } from '../testing';

afterEach(() => {
  cleanup();
  delete (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId;
});

const owner = person('p1', 'Ada', { video: true, roles: ['owner', 'participant'] });


const ada = person('p1', 'Ada', { video: true });

/** Joins (see `joinMeeting`) as Ada with her camera on, unless `self` says otherwise. */
function join(others: Participant[], options: { self?: Participant; snapshot?: RoomSnapshot; languages?: string[]; t?: ReturnType<typeof testServices> } = {}) {
  const { t, ...rest } = options;
  return joinMeeting(others, { self: ada, ...rest, ...(t !== undefined ? { services: t } : {}) });
}

/** The last media state we reported (pings may come in between). */
function lastMediaUpdate(socket: FakeSocket): ClientEnvelope | undefined {
  return socket.sent.filter((e) => e.namespace === 'control' && e.payload.action === 'update_media').at(-1);
}

function subscriptions(socket: FakeSocket): string[][] {
  return socket.sent.flatMap((e: ClientEnvelope) => (e.namespace === 'media' && e.payload.action === 'subscribe' ? [e.payload.video] : []));
}

function updated(socket: FakeSocket, participant: Participant) {
  act(() => socket.receive({ ts: 5, namespace: 'control', payload: { event: 'participant_updated', participant } }));
}

const twelve = Array.from({ length: 11 }, (_, i) => person(`p${i + 2}`, `Person ${i + 2}`, { video: true }));

describe('MeetingView', () => {
  it('names the toolbar after what each button does', async () => {
    const { user, socket } = await join([person('p2', 'Bea')]);
    const toolbar = screen.getByRole('region', { name: 'Meeting controls' });
    await user.click(within(toolbar).getByRole('button', { name: 'Turn camera off' }));
    expect(await within(toolbar).findByRole('button', { name: 'Turn camera on' })).toBeInTheDocument();
    expect(lastMediaUpdate(socket)).toMatchObject({ payload: { action: 'update_media', video: false } });
    // The Participants button's visible text is its name; the count is beside it.
    const participants = within(toolbar).getByRole('button', { name: 'Participants' });
    expect(participants).toHaveAccessibleDescription('2 people in the meeting');
    expect(within(participants).queryByText('2')).toBeNull();
    expect(participants.parentElement?.querySelector('.tool-badge')).toHaveTextContent('2');
  });

  it('shares the screen and stops sharing', async () => {
    const { user, socket, peers } = await join([person('p2', 'Bea')]);
    await user.click(screen.getByRole('button', { name: 'Share screen' }));
    expect(await screen.findByRole('button', { name: 'Stop sharing' })).toBeInTheDocument();
    expect(screen.getByText('You are sharing your screen.')).toBeInTheDocument();
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { action: 'update_media', screen: true } }));
    await waitFor(() => expect(peers.last().transceivers[2]?.sender.track).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Stop sharing' }));
    expect(await screen.findByRole('button', { name: 'Share screen' })).toBeInTheDocument();
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { action: 'update_media', screen: false } }));
  });

  it('explains why sharing is not possible while it is restricted', async () => {
    const { user } = await join([person('p2', 'Bea')], { snapshot: { policy: { screen_sharing: false } } });
    const share = screen.getByRole('button', { name: 'Share screen' });
    expect(share).toHaveAccessibleDescription('Only the host, moderators and podium guests can share their screen in this meeting.');
    await user.click(share);
    expect(await screen.findByText('Only the host, moderators and podium guests can share their screen in this meeting.', { selector: '.notice-text' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop sharing' })).toBeNull();
  });

  it("shows someone's shared screen large, with their camera beside it, the newest first", async () => {
    const bea = person('p2', 'Bea', { video: true });
    const cem = person('p3', 'Cem', { video: true });
    const { user, socket } = await join([bea, cem]);
    updated(socket, { ...bea, screen: true });
    expect(await screen.findByRole('group', { name: 'Screen of Bea' })).toBeInTheDocument();
    expect(document.querySelector('[data-variant="beside"]')).toHaveAttribute('data-participant-id', 'p2');
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p2', 'p3']));
    // The layout choice waits while someone presents.
    expect(screen.getByRole('radiogroup', { name: 'Layout' })).toHaveAccessibleDescription(/While someone shares a screen/);

    updated(socket, { ...cem, screen: true });
    expect(await screen.findByRole('group', { name: 'Screen of Cem' })).toBeInTheDocument();
    const choice = screen.getByRole('radiogroup', { name: 'Shared screens' });
    await user.click(within(choice).getByRole('radio', { name: 'Screen of Bea' }));
    expect(await screen.findByRole('group', { name: 'Screen of Bea' })).toBeInTheDocument();

    updated(socket, { ...bea, screen: false });
    updated(socket, { ...cem, screen: false });
    await waitFor(() => expect(screen.queryByRole('group', { name: /Screen of/ })).toBeNull());
  });

  it('switches to the speaker view, remembers it, and receives the large video and the strip only', async () => {
    const t = testServices();
    const { user, socket } = await join(twelve, { t });
    expect(screen.getByRole('radio', { name: 'Gallery view' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Speaker view' }));
    expect(t.services.storage?.getItem('plenum.layout')).toBe('speaker');
    const large = document.querySelector('[data-variant="large"]');
    expect(large).toHaveAttribute('data-participant-id', 'p2');
    expect(document.querySelectorAll('[data-variant="strip"]')).toHaveLength(6);
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7']));

    // The active speaker becomes large.
    updated(socket, { ...(twelve[8] as Participant), speaking: true });
    await waitFor(() => expect(document.querySelector('[data-variant="large"]')).toHaveAttribute('data-participant-id', 'p10'));
    await waitFor(() => expect(subscriptions(socket).at(-1)?.[0]).toBe('p10'));
    expect(subscriptions(socket).at(-1)?.length).toBeLessThanOrEqual(7);
  });

  it('switches to the lecture layout: one large video, the listeners as a count, only that camera received', async () => {
    const t = testServices();
    const { user, socket } = await join(twelve, { t });
    await user.click(screen.getByRole('radio', { name: 'Lecture' }));
    expect(t.services.storage?.getItem('plenum.layout')).toBe('lecture');
    // Nobody on the podium, nobody speaking, no chair: a calm empty stage, nothing received.
    expect(screen.getByText('Nobody is on the stage yet')).toBeInTheDocument();
    expect(screen.getByText('12 people listening')).toBeInTheDocument();
    expect(screen.queryAllByRole('group')).toHaveLength(0);
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual([]));

    // Someone speaks: they are the lecturer, the only tile and the only video received.
    updated(socket, { ...(twelve[8] as Participant), speaking: true });
    await waitFor(() => expect(document.querySelector('[data-variant="large"]')).toHaveAttribute('data-participant-id', 'p10'));
    expect(screen.getAllByRole('group')).toHaveLength(1);
    expect(screen.getByText('11 people listening')).toBeInTheDocument();
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p10']));
  });

  it('moves the active speaker onto the first gallery page', async () => {
    const { socket } = await join(twelve);
    expect(screen.queryByRole('group', { name: 'Person 12' })).toBeNull();
    updated(socket, { ...(twelve[10] as Participant), speaking: true });
    expect(await screen.findByRole('group', { name: 'Person 12' })).toBeInTheDocument();
    expect(screen.getAllByRole('group')).toHaveLength(9);
    await waitFor(() => expect(subscriptions(socket).at(-1)).toContain('p12'));
  });

  it('keeps recent speakers on the first page of a large room, in their places', async () => {
    const { socket } = await join(twelve);
    const tileIds = () => screen.getAllByRole('group').map((g) => g.getAttribute('data-participant-id'));
    const p11 = twelve[9] as Participant;
    const p12 = twelve[10] as Participant;
    updated(socket, { ...p12, speaking: true });
    await waitFor(() => expect(tileIds()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p12']));
    updated(socket, { ...p12, speaking: false });
    updated(socket, { ...p11, speaking: true });
    // p11 takes the place of someone never heard; p12 stays where it was.
    await waitFor(() => expect(tileIds()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p11', 'p12']));
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p11', 'p12']));
  });

  it('shows a weak connection on the tile, and ours also as a calm line', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const bea = person('p2', 'Bea', { video: true });
    const { socket, peers } = await join([bea, person('p3', 'Cem')]);
    expect(screen.queryByRole('img', { name: /^Connection:/ })).toBeNull();
    await act(async () => {
      socket.receive({
        ts: 6,
        namespace: 'media',
        payload: { event: 'offer', sdp: 'node-offer', tracks: [{ mid: '3', participant_id: 'p2', kind: 'audio' }] },
      });
      await Promise.resolve();
    });
    // From now on, 30 % of Bea's audio and of what we send is lost.
    const pc = peers.last();
    let n = 0;
    pc.getStats = () => {
      n += 1;
      const stats: Record<string, unknown>[] = [
        { id: 'in-a', type: 'inbound-rtp', kind: 'audio', mid: '3', packetsReceived: n * 70, packetsLost: n * 30 },
        { id: 'out-a', type: 'outbound-rtp', kind: 'audio', packetsSent: n * 100 },
        { id: 'ri-a', type: 'remote-inbound-rtp', kind: 'audio', packetsLost: n * 30, roundTripTime: 0.05 },
      ];
      return Promise.resolve(new Map(stats.map((s) => [String(s.id), s])));
    };
    const beaTile = screen.getByRole('group', { name: 'Bea' });
    // Two readings, 2 s apart, on the fake clock.
    for (let i = 0; i < 2; i += 1) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(2000);
      });
    }
    expect(await within(beaTile).findByRole('img', { name: 'Connection: poor' })).toBeInTheDocument();
    expect(beaTile).toHaveAccessibleDescription('The picture may freeze; the connection of Bea is weak.');
    const own = screen.getByRole('group', { name: 'Ada' });
    expect(within(own).getByRole('img', { name: 'Connection: poor' })).toBeInTheDocument();
    expect(screen.getByText('Your connection is weak: others may not see or hear you well.', { selector: '.banner' })).toBeInTheDocument();
    // Cem's connection is fine: nothing on his tile.
    expect(within(screen.getByRole('group', { name: 'Cem' })).queryByRole('img')).toBeNull();
  });

  it('pins a person: first in the gallery, large in the speaker view', async () => {
    const { user } = await join(twelve);
    await user.click(screen.getByRole('button', { name: 'Pin Person 5' }));
    expect(screen.getAllByRole('group')[0]).toHaveAttribute('aria-label', 'Person 5');
    expect(screen.getByRole('button', { name: 'Unpin Person 5' })).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Speaker view' }));
    expect(document.querySelector('[data-variant="large"]')).toHaveAttribute('data-participant-id', 'p5');
    expect(screen.queryByRole('button', { name: 'Pin Ada' })).toBeNull();
  });

  it('says when we are alone and offers the link', async () => {
    await join([]);
    expect(screen.getByText('You are the only one here')).toBeInTheDocument();
    expect(screen.getByText('http://localhost:3000/r/room-1')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeInTheDocument();
  });

  it('mutes with M, not while typing; Esc closes the panel; ? shows the shortcuts', async () => {
    const { user, socket } = await join([person('p2', 'Bea')]);
    await user.keyboard('m');
    expect(await screen.findByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    await waitFor(() => expect(lastMediaUpdate(socket)).toMatchObject({ payload: { action: 'update_media', audio: false } }));
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search by name' }), 'mv');
    expect(screen.getByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Turn camera off' })).toBeInTheDocument();
    await user.keyboard('{Escape}{Escape}');
    await waitFor(() => expect(screen.queryByRole('searchbox', { name: 'Search by name' })).toBeNull());
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('M');
    expect(await screen.findByRole('button', { name: 'Mute' })).toBeInTheDocument();
    await user.keyboard('?');
    const help = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getByText('Hold to talk while muted')).toBeInTheDocument();
    await user.click(within(help).getByRole('button', { name: 'Close' }));
    await user.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
  });

  it('holds space to talk while muted', async () => {
    const { user } = await join([person('p2', 'Bea')]);
    await user.keyboard('m');
    await screen.findByRole('button', { name: 'Unmute' });
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('[Space>]');
    expect(await screen.findByRole('button', { name: 'Mute' })).toBeInTheDocument();
    await user.keyboard('[/Space]');
    expect(await screen.findByRole('button', { name: 'Unmute' })).toBeInTheDocument();
  });

  it('has Settings with Microphone, Camera and (where possible) Speaker, and simple mode', async () => {
    (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId = () => Promise.resolve();
    const t = testServices();
    const { user } = await join([person('p2', 'Bea')], { t });
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('meter', { name: 'Microphone level' })).toBeInTheDocument();
    await waitFor(() => expect(within(dialog).getByRole('button', { name: /Desk microphone.*Microphone/ })).toBeInTheDocument());
    expect(within(dialog).getByRole('button', { name: /Front camera.*Camera/ })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: /Speakers.*Speaker/ }));
    await user.click(await screen.findByRole('option', { name: 'Headphones' }));
    expect(t.services.storage?.getItem('plenum.speakerId')).toBe('spk-2');
    expect(within(dialog).queryByRole('radiogroup', { name: 'Background' })).toBeNull();

    await user.click(within(dialog).getByRole('switch', { name: 'Simple mode' }));
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(t.services.storage?.getItem('plenum.simpleMode')).toBe('true');
    const toolbar = screen.getByRole('region', { name: 'Meeting controls' });
    expect(within(toolbar).getAllByRole('button').map((b) => b.textContent)).toEqual(['Mute', 'Turn camera off', 'Raise hand', 'Leave']);
    expect(screen.queryByRole('radio', { name: 'Speaker view' })).toBeNull();
  });

  it("shows the organiser's simple mode to participants, fixed, but not to the chairs", async () => {
    const simpleRoom = () => testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, simple_mode: true })) }) });
    const { user } = await join([person('p2', 'Bea')], { t: simpleRoom() });
    const toolbar = screen.getByRole('region', { name: 'Meeting controls' });
    expect(within(toolbar).getAllByRole('button').map((b) => b.textContent)).toEqual(['Mute', 'Turn camera off', 'Raise hand', 'Leave']);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('switch', { name: 'Simple mode' })).toBeDisabled();
    expect(within(dialog).getByText('The host chose simple mode for this meeting.')).toBeInTheDocument();
    cleanup();

    await join([person('p2', 'Bea')], { t: simpleRoom(), self: owner });
    expect(screen.getByRole('radio', { name: 'Speaker view' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Meeting controls' })).getByRole('button', { name: 'Moderation' })).toBeInTheDocument();
  });

  it('has no Speaker picker where the browser cannot choose the output', async () => {
    const { user } = await join([person('p2', 'Bea')]);
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await waitFor(() => expect(within(dialog).getByRole('button', { name: /Front camera.*Camera/ })).toBeInTheDocument());
    expect(within(dialog).queryByRole('button', { name: /Speaker$/ })).toBeNull();
  });

  it('gives moderators the screen-sharing switch and "Stop screen share"', async () => {
    const { user, socket } = await join([person('p2', 'Bea', { screen: true })], { self: owner });
    await user.click(screen.getByRole('button', { name: 'Moderation' }));
    await user.click(screen.getByRole('switch', { name: 'Everyone can share their screen' }));
    expect(socket.sent.filter((e) => e.namespace === 'moderation').at(-1)).toMatchObject({ payload: { action: 'update_policy', change: { screen_sharing: false } } });
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    await user.click(screen.getByRole('button', { name: 'Actions for Bea' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Stop screen share' }));
    // The menu acts once it has closed, after the click returns.
    await waitFor(() => expect(socket.sent.filter((e) => e.namespace === 'moderation').at(-1)).toMatchObject({ payload: { action: 'stop_screen_share', participant: 'p2' } }));
  });

  it('speaks German with the formal names', async () => {
    await join([person('p2', 'Bea')], { languages: ['de'] });
    for (const name of ['Stummschalten', 'Kamera ausschalten', 'Bildschirm teilen', 'Einstellungen', 'Tastenkürzel', 'Verlassen']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(screen.getByRole('radio', { name: 'Galerieansicht' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Sprecheransicht' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Vortrag' })).toBeInTheDocument();
    expect(screen.getByText('(Sie)')).toBeInTheDocument();
  });

  it('tells people when the meeting continued on another server, until they close the notice', async () => {
    const bea = person('p2', 'Bea');
    const { user, socket } = await join([bea]);
    const text = 'The meeting continued on another server. Polls, timers and chat messages from before could not be kept.';
    expect(screen.queryByText(text)).toBeNull();
    // A fresh join (not a resume) after the first one: the room moved to another node.
    act(() => socket.receive(joinedEnvelope([ada, bea])));
    const notice = (await screen.findByText(text)).closest('.notice');
    expect(notice).not.toBeNull();
    expect(notice?.closest('[role="status"]')).toHaveAttribute('aria-live', 'polite');
    await user.click(within(notice as HTMLElement).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText(text)).toBeNull());
  });

  it('says in German that the meeting continued on another server', async () => {
    const bea = person('p2', 'Bea');
    const { socket } = await join([bea], { languages: ['de'] });
    act(() => socket.receive(joinedEnvelope([ada, bea])));
    expect(
      await screen.findByText('Die Besprechung läuft auf einem anderen Server weiter. Umfragen, Timer und Chatnachrichten von vorher konnten nicht übernommen werden.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ausblenden' })).toBeInTheDocument();
  });
});
