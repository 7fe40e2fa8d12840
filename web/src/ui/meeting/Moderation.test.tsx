// @vitest-environment jsdom
// Component tests of moderation in a meeting over fake services: a participant sees no
// moderator controls (and raises a hand or a point of order); a moderator sees "Moderation" with
// its named controls (waiting room, Mute all, Lower all hands, End meeting with its two ways),
// the event console (Admit all, View list with Admit/Reject, Allow to speak, Clear all), the
// participant actions with confirmation; notices (muted, asked to unmute); German names.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSocket } from '../../client/fakeSocket';
import type { ClientEnvelope, Participant, ServerEnvelope } from '../../protocol/generated';
import { joinMeeting, testParticipant as person, type RoomSnapshot } from '../testing';

afterEach(cleanup);

const moderator = person('p1', 'Ada', { roles: ['moderator', 'participant'] });
const participant = person('p1', 'Ada');
const cem = person('p2', 'Cem', { roles: ['guest'], audio: true });


function join(self: Participant, others: Participant[], snapshot: RoomSnapshot = {}, languages = ['en']) {
  return joinMeeting(others, { self, snapshot, languages });
}

function receive(socket: FakeSocket, envelope: ServerEnvelope) {
  act(() => socket.receive(envelope));
}

function lastCommand(socket: FakeSocket): ClientEnvelope | undefined {
  return socket.sent.filter((e) => e.namespace === 'moderation' || e.namespace === 'floor').at(-1);
}

describe('moderation in the meeting', () => {
  it('shows a participant no moderator controls at all', async () => {
    const { user, socket } = await join(participant, [cem], { waiting: [], hands: [{ participant: 'p2', point_of_order: false, raised_at: 1 }] });
    expect(screen.queryByRole('button', { name: 'Moderation' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Events' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    expect(screen.queryByRole('button', { name: /Actions for/ })).toBeNull();
    for (const name of ['Mute all', 'Lower all hands', 'End meeting', 'Admit all', 'View list', 'Clear all', 'Allow to speak', 'Give the floor']) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
    expect(screen.queryByRole('switch', { name: 'Waiting room' })).toBeNull();
    expect(document.body.textContent).not.toContain('Mute all');
    // A raised hand is visible to everyone, with its place in the queue.
    expect(screen.getByRole('group', { name: 'Cem' })).toHaveAttribute('data-hand', 'true');
    expect(within(screen.getByRole('group', { name: 'Cem' })).getByText('Guest')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Raise hand' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'floor', payload: { action: 'raise_hand', point_of_order: false } });
    await user.click(screen.getByRole('button', { name: 'Point of order' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'floor', payload: { action: 'raise_hand', point_of_order: true } });
  });

  it('offers Lower hand while the own hand is up, and no raising when hands are switched off', async () => {
    const { user, socket } = await join(participant, [cem]);
    receive(socket, { ts: 2, namespace: 'floor', payload: { event: 'hands', hands: [{ participant: 'p1', point_of_order: false, raised_at: 2 }] } });
    await user.click(await screen.findByRole('button', { name: 'Lower hand' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'floor', payload: { action: 'lower_hand' } });
    receive(socket, { ts: 3, namespace: 'floor', payload: { event: 'hands', hands: [] } });
    receive(socket, {
      ts: 4,
      namespace: 'moderation',
      payload: { event: 'policy_changed', policy: { version: 1, waiting_room: 'off', mute_on_entry: false, hands: false, microphones_restricted: false, locked: false, screen_sharing: true } },
    });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Raise hand' })).toBeNull());
  });

  it('gives a moderator the Moderation panel with the named controls', async () => {
    const { user, socket } = await join(moderator, [cem]);
    const toggle = screen.getByRole('button', { name: 'Moderation' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(panel).not.toBeNull();
    const inPanel = within(panel as HTMLElement);
    const waitingRoom = inPanel.getByRole('switch', { name: 'Waiting room' });
    expect(waitingRoom).not.toBeChecked();
    for (const name of ['Mute all', 'Lower all hands', 'End meeting']) expect(inPanel.getByRole('button', { name })).toBeInTheDocument();

    await user.click(waitingRoom);
    expect(lastCommand(socket)).toMatchObject({ namespace: 'moderation', payload: { action: 'update_policy', change: { waiting_room: 'everyone' } } });
    await user.click(inPanel.getByRole('button', { name: 'Mute all' }));
    expect(lastCommand(socket)).toMatchObject({ payload: { action: 'mute_all', except: [] } });
    await user.click(inPanel.getByRole('button', { name: 'Lower all hands' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'floor', payload: { action: 'lower_all' } });
    await user.click(inPanel.getByRole('radio', { name: '2 min' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'floor', payload: { action: 'set_turn_limit', seconds: 120 } });

    // Only one side panel at a time.
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);

    await user.click(screen.getByRole('button', { name: 'End meeting' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByRole('button', { name: 'End meeting for everyone' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'End and debrief' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'moderation', payload: { action: 'end', debrief: true } });
  });

  it('switches the waiting room on for guests when the meeting used that', async () => {
    const { user, socket } = await join(moderator, [], { policy: { waiting_room: 'guests' } });
    await user.click(screen.getByRole('button', { name: 'Moderation' }));
    expect(screen.getByRole('switch', { name: 'Waiting room' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'For guests only' })).toBeChecked();
    await user.click(screen.getByRole('switch', { name: 'Waiting room' }));
    expect(lastCommand(socket)).toMatchObject({ payload: { action: 'update_policy', change: { waiting_room: 'off' } } });
    receive(socket, {
      ts: 2,
      namespace: 'moderation',
      payload: { event: 'policy_changed', policy: { version: 1, waiting_room: 'off', mute_on_entry: false, hands: true, microphones_restricted: false, locked: false, screen_sharing: true }, by: 'p1' },
    });
    await user.click(screen.getByRole('switch', { name: 'Waiting room' }));
    expect(lastCommand(socket)).toMatchObject({ payload: { action: 'update_policy', change: { waiting_room: 'guests' } } });
  });

  it('shows who waits in the event console; Admit all sends admit_all, the list admits and rejects one by one', async () => {
    const waiting = [
      { id: 'w1', display_name: 'Wim', guest: true, since: Date.now() },
      { id: 'w2', display_name: 'Zoe', guest: false, since: Date.now() },
    ];
    const { user, socket } = await join(moderator, [], { waiting });
    const events = screen.getByRole('region', { name: 'Events' });
    expect(within(events).getByText('2 people are waiting')).toBeInTheDocument();
    await user.click(within(events).getByRole('button', { name: 'Admit all' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'moderation', payload: { action: 'admit_all' } });

    await user.click(within(events).getByRole('button', { name: 'View list' }));
    const dialog = await screen.findByRole('dialog', { name: 'Waiting room' });
    await user.click(within(within(dialog).getByRole('listitem', { name: 'Wim' })).getByRole('button', { name: 'Admit' }));
    expect(lastCommand(socket)).toMatchObject({ payload: { action: 'admit', participant: 'w1' } });
    await user.click(within(within(dialog).getByRole('listitem', { name: 'Zoe' })).getByRole('button', { name: 'Reject' }));
    expect(lastCommand(socket)).toMatchObject({ payload: { action: 'reject', participant: 'w2' } });
  });

  it('lists raised hands in the console: points of order first, Allow to speak gives the floor, Clear all empties it', async () => {
    const dan = person('p3', 'Dan');
    const { user, socket } = await join(moderator, [cem, dan]);
    receive(socket, {
      ts: 2,
      namespace: 'floor',
      payload: {
        event: 'hands',
        hands: [
          { participant: 'p3', point_of_order: true, raised_at: 5 },
          { participant: 'p2', point_of_order: false, raised_at: 1 },
        ],
      },
    });
    const events = screen.getByRole('region', { name: 'Events' });
    const items = within(events).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([expect.stringContaining('Dan asks for a point of order'), expect.stringContaining('Cem raised their hand')]);
    // The newest event also shows briefly as a toast.
    expect(screen.getAllByText('Cem raised their hand').length).toBeGreaterThan(1);
    await user.click(within(items[1] as HTMLElement).getByRole('button', { name: 'Allow to speak' }));
    expect(lastCommand(socket)).toMatchObject({ namespace: 'floor', payload: { action: 'give_floor', participant: 'p2' } });
    await user.click(within(events).getByRole('button', { name: 'Clear all' }));
    expect(screen.queryByRole('region', { name: 'Events' })).toBeNull();
  });

  it('offers a moderator actions per participant, confirming removal', async () => {
    const { user, socket } = await join(moderator, [cem]);
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    expect(screen.queryByRole('button', { name: 'Actions for Ada' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Actions for Cem' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Mute' }));
    await waitFor(() => expect(lastCommand(socket)).toMatchObject({ payload: { action: 'mute', participant: 'p2' } }));

    await user.click(screen.getByRole('button', { name: 'Actions for Cem' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Make moderator' }));
    await waitFor(() => expect(lastCommand(socket)).toMatchObject({ payload: { action: 'promote', participant: 'p2' } }));

    await user.click(screen.getByRole('button', { name: 'Actions for Cem' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Remove from meeting' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove Cem from the meeting?' });
    const before = socket.sent.length;
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(socket.sent).toHaveLength(before);
    await user.click(screen.getByRole('button', { name: 'Actions for Cem' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Remove from meeting' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Remove from meeting' }));
    await waitFor(() => expect(lastCommand(socket)).toMatchObject({ payload: { action: 'remove', participant: 'p2' } }));
  });

  it('tells us politely when a moderator muted us, and asks before unmuting', async () => {
    const { user, socket } = await join(participant, [person('p9', 'Mia', { roles: ['moderator', 'participant'] })]);
    receive(socket, { ts: 2, namespace: 'moderation', payload: { event: 'muted', by: 'p9' } });
    expect(await screen.findByText('Mia switched your microphone off.')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Unmute' })).toBeInTheDocument();

    receive(socket, { ts: 3, namespace: 'moderation', payload: { event: 'unmute_requested', by: 'p9' } });
    const notices = screen.getByRole('status', { name: 'Notices' });
    expect(within(notices).getByText('Mia asks you to switch your microphone on.')).toBeInTheDocument();
    // Never unmuted by itself.
    expect(socket.sent.filter((e) => e.namespace === 'control' && e.payload.action === 'update_media').at(-1)).toMatchObject({ payload: { audio: false } });
    await user.click(within(notices).getByRole('button', { name: 'Unmute' }));
    await waitFor(() =>
      expect(socket.sent.filter((e) => e.namespace === 'control' && e.payload.action === 'update_media').at(-1)).toMatchObject({ payload: { audio: true } }),
    );
    await waitFor(() => expect(within(notices).queryByText('Mia asks you to switch your microphone on.')).toBeNull());
  });

  it('names the moderator controls in German', async () => {
    const { user } = await join(moderator, [cem], { waiting: [{ id: 'w1', display_name: 'Wim', guest: true, since: Date.now() }] }, ['de']);
    await user.click(screen.getByRole('button', { name: 'Moderation' }));
    expect(screen.getByRole('switch', { name: 'Warteraum' })).toBeInTheDocument();
    for (const name of ['Alle stummschalten', 'Alle Hände senken', 'Meeting beenden', 'Alle einlassen', 'Liste anzeigen', 'Alle ausblenden']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(within(screen.getByRole('region', { name: 'Ereignisse' })).getByText('1 Person wartet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Hand heben' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Antrag zur Geschäftsordnung' })).toBeInTheDocument();
  });
});
