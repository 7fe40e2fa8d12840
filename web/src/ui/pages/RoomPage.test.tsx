// @vitest-environment jsdom
// Component tests of a meeting link end to end over fake services: unknown room, joining,
// the meeting's title, password and guest links (passed to the ticket request, errors next to
// the field), the name prefilled for signed-in people, tiles and their data attributes, the
// toolbar (Mute ↔ Unmute), pagination driving media/subscribe, the reconnecting banner, leaving
// and being disconnected; the guest and owner keys, the waiting room (also after being sent
// back), and the pages after a moderator removed, banned, refused us or ended the meeting.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../client/api';
import type { FakeSocket } from '../../client/fakeSocket';
import { CloseCode, type ClientEnvelope, type Participant, type ServerEnvelope, type TicketRequest } from '../../protocol/generated';
import { fakeApi, joinedEnvelope, testRoomSummary, renderUi, snapshotEnvelopes, testMe, testParticipant as person, testServices } from '../testing';
import { RoomPage } from './RoomPage';

afterEach(cleanup);

const anyGuestKey: unknown = expect.stringMatching(/^[A-Za-z0-9_-]{32}$/);

function subscriptions(socket: FakeSocket): string[][] {
  return socket.sent.flatMap((e: ClientEnvelope) =>
    e.namespace === 'media' && e.payload.action === 'subscribe' ? [e.payload.video] : [],
  );
}

/** Joins with the name "Ada" up to the open socket (nothing received yet). */
async function openRoom(t = testServices()) {
  const user = userEvent.setup();
  renderUi(<RoomPage roomId="room-1" />, { services: t.services });
  await user.type(await screen.findByRole('textbox', { name: 'Display name' }), 'Ada');
  await user.click(screen.getByRole('button', { name: 'Join' }));
  await waitFor(() => expect(t.sockets.sockets).toHaveLength(1));
  const socket = t.sockets.last();
  act(() => socket.open());
  expect(socket.sent[0]).toMatchObject({ namespace: 'control', payload: { action: 'join', ticket: 'T1' } });
  return { user, socket, ...t };
}

async function joinRoom(participants: Participant[]) {
  const { user, socket, ...t } = await openRoom();
  await act(async () => {
    socket.receive(joinedEnvelope(participants));
    for (const envelope of snapshotEnvelopes()) socket.receive(envelope);
    await Promise.resolve();
  });
  await screen.findByRole('button', { name: 'Leave' });
  return { user, socket, ...t };
}

/** The last media state we reported (pings may come in between). */
function lastMediaUpdate(socket: FakeSocket): ClientEnvelope | undefined {
  return socket.sent.filter((e) => e.namespace === 'control' && e.payload.action === 'update_media').at(-1);
}

function receive(socket: FakeSocket, envelope: ServerEnvelope) {
  act(() => socket.receive(envelope));
}

describe('RoomPage', () => {
  it('shows a friendly page for a meeting that does not exist', async () => {
    const { services } = testServices({ api: fakeApi({ getRoom: () => Promise.resolve(null) }) });
    renderUi(<RoomPage roomId="nope" />, { services });
    expect(await screen.findByRole('heading', { name: 'This meeting does not exist' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to start' })).toHaveAttribute('href', '/');
  });

  it('remembers the display name', async () => {
    const { services } = testServices();
    const { storage } = services;
    storage?.setItem('plenum.displayName', 'Grace');
    renderUi(<RoomPage roomId="room-1" />, { services });
    expect(await screen.findByRole('textbox', { name: 'Display name' })).toHaveValue('Grace');
    expect(screen.getByRole('button', { name: 'Join' })).toBeEnabled();
  });

  it('shows the meeting title and asks for the password, sending it with the ticket request', async () => {
    const user = userEvent.setup();
    const requestTicket = vi
      .fn<(id: string, request: TicketRequest) => Promise<{ ticket: string; ws_url: string; participant_id: string; expires_in: number }>>()
      .mockRejectedValueOnce(new ApiRequestError(401, 'unauthorized', 'wrong password', 'password'))
      .mockResolvedValue({ ticket: 'T1', ws_url: '/node/v1/rooms/room-1/ws', participant_id: 'p1', expires_in: 30 });
    const t = testServices({
      api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, title: "Parents' evening", password_required: true, guest_link_required: true })), requestTicket }),
    });
    renderUi(<RoomPage roomId="room-1" guestToken="g-1" />, { services: t.services });
    expect(await screen.findByText("Parents' evening")).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Display name' }), 'Ada');
    const password = screen.getByLabelText('Meeting password');
    expect(password).toHaveAttribute('type', 'password');
    expect(screen.getByRole('button', { name: 'Join' })).toBeDisabled();
    await user.type(password, 'nope');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(requestTicket).toHaveBeenCalledWith('room-1', { display_name: 'Ada', password: 'nope', guest_token: 'g-1', guest_key: anyGuestKey });
    await waitFor(() => expect(password).toHaveAccessibleDescription(/The password is not correct\./));
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('The password is not correct.');

    await user.clear(password);
    await user.type(password, 'owl-7');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(requestTicket).toHaveBeenLastCalledWith('room-1', { display_name: 'Ada', password: 'owl-7', guest_token: 'g-1', guest_key: anyGuestKey });
    await waitFor(() => expect(t.sockets.sockets).toHaveLength(1));
  });

  it('passes the guest token of a guest link together with the password', async () => {
    const user = userEvent.setup();
    const requestTicket = vi.fn(() => Promise.resolve({ ticket: 'T1', ws_url: '/node/v1/rooms/room-1/ws', participant_id: 'p1', expires_in: 30 }));
    const t = testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, password_required: true, guest_link_required: true })), requestTicket }) });
    renderUi(<RoomPage roomId="room-1" guestToken="g-123" />, { services: t.services });
    await user.type(await screen.findByRole('textbox', { name: 'Display name' }), 'Guest');
    await user.type(screen.getByLabelText('Meeting password'), 'letmein');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(requestTicket).toHaveBeenCalledWith('room-1', { display_name: 'Guest', password: 'letmein', guest_token: 'g-123', guest_key: anyGuestKey });
  });

  it('asks for no password when the meeting has none', async () => {
    const user = userEvent.setup();
    const requestTicket = vi.fn(() => Promise.resolve({ ticket: 'T1', ws_url: '/node/v1/rooms/room-1/ws', participant_id: 'p1', expires_in: 30 }));
    const t = testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, guest_link_required: true })), requestTicket }) });
    renderUi(<RoomPage roomId="room-1" guestToken="g-123" />, { services: t.services });
    await user.type(await screen.findByRole('textbox', { name: 'Display name' }), 'Guest');
    expect(screen.queryByLabelText('Meeting password')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(requestTicket).toHaveBeenCalledWith('room-1', { display_name: 'Guest', guest_token: 'g-123', guest_key: anyGuestKey });
  });

  it("tells someone with only a meeting's address that it is for invited people", async () => {
    const requestTicket = vi.fn();
    const t = testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, title: 'Council', guest_link_required: true, password_required: true })), requestTicket }) });
    renderUi(<RoomPage roomId="room-1" />, { services: t.services });
    expect(await screen.findByRole('heading', { name: 'This meeting is for invited people' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login?return_to=%2Fr%2Froom-1');
    expect(screen.queryByLabelText('Meeting password')).toBeNull();
    expect(requestTicket).not.toHaveBeenCalled();
  });

  it('tells a signed-in person who was not invited that the meeting needs a guest link', async () => {
    const user = userEvent.setup();
    const requestTicket = vi.fn(() => Promise.reject(new ApiRequestError(403, 'forbidden', 'this meeting is for invited people; ask for a guest link', 'guest_token')));
    const t = testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, guest_link_required: true })), requestTicket }) });
    renderUi(<RoomPage roomId="room-1" me={testMe()} />, { services: t.services });
    await user.click(await screen.findByRole('button', { name: 'Join' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This meeting is for invited people. Please open the guest link you received, or sign in.');
  });

  it('explains an expired guest link and then offers the password', async () => {
    const user = userEvent.setup();
    const requestTicket = vi.fn(() => Promise.reject(new ApiRequestError(403, 'forbidden', 'guest link expired', 'guest_token')));
    const t = testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, password_required: true, guest_link_required: true })), requestTicket }) });
    renderUi(<RoomPage roomId="room-1" guestToken="old" />, { services: t.services });
    await user.type(await screen.findByRole('textbox', { name: 'Display name' }), 'Guest');
    await user.type(screen.getByLabelText('Meeting password'), 'letmein');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This guest link has expired or was revoked. Please ask the host for a new link.');
    expect(screen.getByLabelText('Meeting password')).toBeInTheDocument();
  });

  it('prefills the name of a signed-in person and asks no password until the server wants one', async () => {
    const user = userEvent.setup();
    const requestTicket = vi
      .fn<(id: string, request: TicketRequest) => Promise<{ ticket: string; ws_url: string; participant_id: string; expires_in: number }>>()
      .mockRejectedValueOnce(new ApiRequestError(401, 'unauthorized', 'password required', 'password'))
      .mockResolvedValue({ ticket: 'T1', ws_url: '/node/v1/rooms/room-1/ws', participant_id: 'p1', expires_in: 30 });
    const t = testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, password_required: true, guest_link_required: true })), requestTicket }) });
    t.services.storage?.setItem('plenum.displayName', 'Someone else');
    renderUi(<RoomPage roomId="room-1" me={testMe()} />, { services: t.services });
    expect(await screen.findByRole('textbox', { name: 'Display name' })).toHaveValue('Ada Lovelace');
    expect(screen.queryByLabelText('Meeting password')).toBeNull();
    expect(screen.getByRole('button', { name: 'Join' })).toBeEnabled();
    // Not invited after all: the server asks, and the field appears.
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByLabelText('Meeting password')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Please enter the meeting password.');
  });

  it('joins and shows one tile per participant with data attributes', async () => {
    await joinRoom([person('p0', 'Bea Bauer', { audio: false, speaking: false }), person('p1', 'Ada'), person('p2', 'Cem', { speaking: true })]);
    const tiles = screen.getAllByRole('group');
    expect(tiles.map((t) => t.getAttribute('aria-label'))).toEqual(['Bea Bauer', 'Ada', 'Cem']);
    const bea = screen.getByRole('group', { name: 'Bea Bauer' });
    expect(bea).toHaveAttribute('data-participant-id', 'p0');
    expect(bea).toHaveAttribute('data-muted', 'true');
    expect(bea).toHaveAttribute('data-speaking', 'false');
    expect(within(bea).getByText('BB')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Cem' })).toHaveAttribute('data-speaking', 'true');
    expect(within(screen.getByRole('group', { name: 'Ada' })).getByText('(you)')).toBeInTheDocument();
    // Hidden audio elements for every remote participant.
    expect(document.querySelectorAll('audio[data-audio-for]')).toHaveLength(2);
  });

  it('switches the toolbar between Mute and Unmute and reports it', async () => {
    const { user, socket } = await joinRoom([person('p1', 'Ada')]);
    const mute = screen.getByRole('button', { name: 'Mute' });
    await user.click(mute);
    expect(await screen.findByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mute' })).toBeNull();
    expect(lastMediaUpdate(socket)).toMatchObject({ namespace: 'control', payload: { action: 'update_media', audio: false } });
    expect(screen.getByRole('group', { name: 'Ada' })).toHaveAttribute('data-muted', 'true');
    await user.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(await screen.findByRole('button', { name: 'Mute' })).toBeInTheDocument();
    expect(lastMediaUpdate(socket)).toMatchObject({ payload: { action: 'update_media', audio: true } });

    await user.click(screen.getByRole('button', { name: 'Turn camera off' }));
    expect(await screen.findByRole('button', { name: 'Turn camera on' })).toBeInTheDocument();
    expect(lastMediaUpdate(socket)).toMatchObject({ payload: { action: 'update_media', video: false } });
  });

  it('pages the gallery and subscribes to exactly the remote participants on the page', async () => {
    const people = Array.from({ length: 12 }, (_, i) => person(`p${i + 1}`, `Person ${i + 1}`, { video: true }));
    const { user, socket } = await joinRoom(people);
    expect(screen.getAllByRole('group')).toHaveLength(9);
    expect(screen.getByText('Page 1 of 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']));

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('Page 2 of 2')).toBeInTheDocument();
    expect(screen.getAllByRole('group').map((g) => g.getAttribute('data-participant-id'))).toEqual(['p10', 'p11', 'p12']);
    await waitFor(() => expect(subscriptions(socket).at(-1)).toEqual(['p10', 'p11', 'p12']));
  });

  it('shows the participant list with count, roles and states', async () => {
    const { user } = await joinRoom([
      person('p1', 'Ada', { roles: ['owner', 'participant'] }),
      person('p2', 'Cem', { connection: 'reconnecting', audio: false, roles: ['guest'] }),
    ]);
    const toggle = screen.getByRole('button', { name: 'Participants' });
    expect(toggle).toHaveAccessibleDescription('2 people in the meeting');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const list = screen.getByRole('list', { name: 'Everyone in the meeting' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Host');
    expect(items[1]).toHaveTextContent('Guest');
    expect(items[1]).toHaveTextContent('reconnecting');
    expect(items[1]).toHaveTextContent('Microphone off');
  });

  it('announces joins politely', async () => {
    const { socket } = await joinRoom([person('p1', 'Ada')]);
    act(() => socket.receive({ ts: 2, namespace: 'control', payload: { event: 'participant_joined', participant: person('p2', 'Cem') } }));
    expect(await screen.findByText(/Cem joined the meeting/)).toBeInTheDocument();
    act(() => socket.receive({ ts: 3, namespace: 'control', payload: { event: 'participant_left', participant_id: 'p2', reason: 'left' } }));
    expect(await screen.findByText(/Cem left the meeting/)).toBeInTheDocument();
  });

  it('shows the reconnecting banner while the connection is re-established', async () => {
    const { socket } = await joinRoom([person('p1', 'Ada')]);
    act(() => socket.serverClose(1006));
    expect(await screen.findByText('Reconnecting…')).toBeInTheDocument();
  });

  it('leaves: control/leave, then "You left the meeting" with Rejoin', async () => {
    const { user, socket } = await joinRoom([person('p1', 'Ada')]);
    await user.click(screen.getByRole('button', { name: 'Leave' }));
    expect(socket.sent.at(-1)).toMatchObject({ namespace: 'control', payload: { action: 'leave' } });
    expect(socket.closedWith?.code).toBe(1000);
    expect(await screen.findByRole('heading', { name: 'You left the meeting' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Rejoin' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to start' })).toBeInTheDocument();
  });

  it('shows "You were disconnected" when resuming is rejected, and Rejoin joins again', async () => {
    const { user, socket, sockets } = await joinRoom([person('p1', 'Ada')]);
    act(() => socket.serverClose(CloseCode.ResumeRejected));
    expect(await screen.findByRole('heading', { name: 'You were disconnected' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Rejoin' }));
    await waitFor(() => expect(sockets.sockets).toHaveLength(2));
  });

  it('sends control/leave when the page is hidden', async () => {
    const { socket } = await joinRoom([person('p1', 'Ada')]);
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(socket.sent.at(-1)).toMatchObject({ payload: { action: 'leave' } });
    expect(socket.closedWith?.code).toBe(1000);
  });

  it('sends the guest key of this browser and the owner key of a room it created', async () => {
    const requestTicket = vi.fn(() => Promise.resolve({ ticket: 'T1', ws_url: '/node/v1/rooms/room-1/ws', participant_id: 'p1', expires_in: 30 }));
    const t = testServices({ api: fakeApi({ requestTicket }) });
    t.services.storage?.setItem('plenum.ownerKey.room-1', 'owner-secret');
    await openRoom(t);
    const guestKey = t.services.storage?.getItem('plenum.guestKey') ?? '';
    expect(guestKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(requestTicket).toHaveBeenCalledWith('room-1', { display_name: 'Ada', owner_key: 'owner-secret', guest_key: guestKey });
  });

  it('shows the waiting screen until admitted, and again when sent back', async () => {
    const { socket, peers } = await openRoom();
    const waiting: ServerEnvelope = {
      ts: 1,
      namespace: 'control',
      payload: { event: 'waiting', you: 'p1', room: 'room-1', resume_token: 'W1', resumed: false },
    };
    receive(socket, waiting);
    expect(await screen.findByText('Waiting for a moderator to let you in.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Leave' })).toBeInTheDocument();
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Participants' })).toBeNull();
    expect(peers.peers).toHaveLength(0);

    await act(async () => {
      socket.receive(joinedEnvelope([person('p0', 'Bea'), person('p1', 'Ada')]));
      for (const envelope of snapshotEnvelopes()) socket.receive(envelope);
      await Promise.resolve();
    });
    expect(await screen.findByRole('group', { name: 'Bea' })).toBeInTheDocument();
    await waitFor(() => expect(peers.peers).toHaveLength(1));

    receive(socket, waiting);
    expect(await screen.findByText('Waiting for a moderator to let you in.')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Bea' })).toBeNull();
    expect(peers.last().closed).toBe(true);
  });

  it('leaves from the waiting room', async () => {
    const { user, socket } = await openRoom();
    receive(socket, { ts: 1, namespace: 'control', payload: { event: 'waiting', you: 'p1', room: 'room-1', resume_token: 'W1', resumed: false } });
    await user.click(await screen.findByRole('button', { name: 'Leave' }));
    expect(socket.sent.at(-1)).toMatchObject({ payload: { action: 'leave' } });
    expect(await screen.findByRole('heading', { name: 'You left the meeting' })).toBeInTheDocument();
  });

  it.each([
    [CloseCode.Removed, 'You were removed from the meeting', true],
    [CloseCode.Banned, 'You were removed from the meeting', false],
    [CloseCode.MeetingEnded, 'The meeting has ended', false],
    [CloseCode.NotAdmitted, 'You were not let in', false],
  ] as const)('explains close code %i and offers Rejoin only where it can work', async (code, heading, rejoin) => {
    const { socket } = await joinRoom([person('p1', 'Ada')]);
    act(() => socket.serverClose(code));
    expect(await screen.findByRole('heading', { name: heading })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Rejoin' }) !== null).toBe(rejoin);
    expect(screen.getByRole('link', { name: 'Back to start' })).toBeInTheDocument();
  });

  it('says so on the join screen when the meeting is locked', async () => {
    const { socket } = await openRoom();
    act(() => socket.serverClose(CloseCode.RoomLocked));
    expect(await screen.findByRole('alert')).toHaveTextContent('Only moderators can enter right now. Please try again later.');
    expect(screen.getByRole('button', { name: 'Join' })).toBeInTheDocument();
  });
});
