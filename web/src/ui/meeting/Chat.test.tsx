// @vitest-environment jsdom
// Component tests of the chat in a meeting over fake services: the Chat toolbar button with its
// unread count (cleared by opening the panel, absent in simple mode); writing to everyone (Enter
// sends, Shift+Enter a new line, Send), a refusal of the node shown with the text kept; message
// text rendered as plain text with only http(s) links (no markup, no javascript:); private
// messages from the participant list (a button for participants, the chairs' menu item) and
// from "New private message" with several people or a group; unread counts per conversation;
// the character counter; the moderators' switch and "Clear chat" (confirmed); the notice while
// the chat is off; a polite announcement while the panel is closed; German names.
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSocket } from '../../client/fakeSocket';
import type { ChatEvent, ChatMessage, ClientEnvelope, Participant } from '../../protocol/generated';
import {
  answerPings,
  controlledBy,
  fakeApi,
  joinMeeting,
  testChatMessage as message,
  testParticipant as person,
  testRoomSummary,
  testServices,
  type JoinOptions,
} from '../testing';

const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  cleanup();
  delete (window as { __pwned?: unknown }).__pwned;
});

const moderator = person('p1', 'Ada', { roles: ['moderator', 'participant'] });
const bea = person('p2', 'Bea');
const cem = person('p3', 'Cem', { groups: ['Group A'] });


function chat(socket: FakeSocket, payload: ChatEvent) {
  act(() => socket.receive({ ts: 10, namespace: 'chat', payload }));
}

function receive(socket: FakeSocket, m: ChatMessage) {
  chat(socket, { event: 'message', message: m });
}

function chatSent(socket: FakeSocket): ClientEnvelope[] {
  return socket.sent.filter((e) => e.namespace === 'chat');
}

/** Joins (see `joinMeeting`) and keeps the connection alive for slow tests. */
async function join(others: Participant[], options: JoinOptions = {}) {
  const joined = await joinMeeting(others, options);
  stops.push(answerPings(joined.socket));
  return joined;
}

function chatPanel(): HTMLElement {
  return controlledBy('Chat');
}

async function openChat(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Chat' }));
  return within(chatPanel());
}

describe('the chat', () => {
  it('has a Chat button whose count of new messages clears when the panel opens', async () => {
    const { user, socket } = await join([bea], { snapshot: { chat: { messages: [message(1, 'p2', 'Bea', 'Old news')] } } });
    const toggle = screen.getByRole('button', { name: 'Chat' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    // The history we came in with is not new.
    expect(toggle).not.toHaveAccessibleDescription();
    receive(socket, message(2, 'p2', 'Bea', 'Hello'));
    receive(socket, message(3, 'p2', 'Bea', 'Anyone?'));
    receive(socket, message(4, 'p1', 'Ada', 'My own'));
    expect(toggle).toHaveAccessibleDescription('2 unread messages');
    expect(toggle.parentElement?.querySelector('.tool-badge')).toHaveTextContent('2');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).not.toHaveAccessibleDescription();
    const panel = within(chatPanel());
    expect(panel.getByRole('heading', { name: 'Chat' })).toBeInTheDocument();
    expect(panel.getByText('Old news')).toBeInTheDocument();
    expect(panel.getByText('Anyone?')).toBeInTheDocument();
    // Messages while the panel is open do not count.
    receive(socket, message(5, 'p2', 'Bea', 'Still there'));
    expect(toggle).not.toHaveAccessibleDescription();
    // Esc closes the panel.
    await user.keyboard('{Escape}');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('sends with Enter, makes a new line with Shift+Enter, and sends with Send', async () => {
    const { user, socket } = await join([bea]);
    const panel = await openChat(user);
    const field = panel.getByRole('textbox', { name: 'Message' });
    await user.type(field, 'Hello{Shift>}{Enter}{/Shift}everyone');
    expect(field).toHaveValue('Hello\neveryone');
    expect(chatSent(socket)).toEqual([]);
    await user.keyboard('{Enter}');
    expect(chatSent(socket).at(-1)?.payload).toEqual({ action: 'send', to: { kind: 'everyone' }, text: 'Hello\neveryone' });
    expect(field).toHaveValue('');
    // Nothing is sent for an empty field.
    await user.keyboard('{Enter}');
    expect(chatSent(socket)).toHaveLength(1);
    await user.type(field, 'Second');
    await user.click(panel.getByRole('button', { name: 'Send' }));
    expect(chatSent(socket).at(-1)?.payload).toMatchObject({ action: 'send', text: 'Second' });
    // The node's echo shows the message with the sender and the time.
    receive(socket, message(1, 'p1', 'Ada', 'Hello\neveryone'));
    const item = panel.getByText(/Hello/).closest('li') as HTMLElement;
    expect(within(item).getByText('You')).toBeInTheDocument();
    expect(item.querySelector('time')).toHaveAttribute('datetime');
    expect(item.querySelector('.chat-text')?.textContent).toBe('Hello\neveryone');
  });

  it('shows a refusal next to the field and gives the text back', async () => {
    const { user, socket } = await join([bea]);
    const panel = await openChat(user);
    const field = panel.getByRole('textbox', { name: 'Message' });
    await user.type(field, 'Too fast{Enter}');
    const id = chatSent(socket).at(-1)?.id ?? 0;
    await user.type(field, 'typed since');
    act(() => socket.receive({ ts: 11, id, namespace: 'error', payload: { event: 'error', code: 'rate_limited', message: 'too many messages' } }));
    expect(panel.getByRole('alert')).toHaveTextContent('You are sending messages too quickly. Please wait a moment, then send again.');
    expect(field).toHaveValue('Too fast\ntyped since');
    // An error of another command does not touch the chat.
    act(() => socket.receive({ ts: 12, id: 999, namespace: 'error', payload: { event: 'error', code: 'forbidden', message: 'no' } }));
    expect(field).toHaveValue('Too fast\ntyped since');
    // Typing again clears the message.
    await user.type(field, '!');
    expect(panel.queryByRole('alert')).toBeNull();
  });

  it('renders messages as plain text with only http(s) links', async () => {
    const { user, socket } = await join([bea]);
    const panel = await openChat(user);
    receive(socket, message(1, 'p2', 'Bea', '<img src=x onerror="window.__pwned=1">'));
    receive(socket, message(2, 'p2', 'Bea', 'javascript:alert(1)'));
    receive(socket, message(3, 'p2', 'Bea', 'Read https://example.org/a?b=1 please'));
    const list = panel.getByRole('list', { name: 'Messages: Everyone' });
    expect(list.querySelector('img')).toBeNull();
    expect(document.querySelector('.chat img')).toBeNull();
    expect(panel.getByText('<img src=x onerror="window.__pwned=1">')).toBeInTheDocument();
    expect(panel.getByText('javascript:alert(1)')).toBeInTheDocument();
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
    const links = within(list).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', 'https://example.org/a?b=1');
    expect(links[0]).toHaveAttribute('target', '_blank');
    expect(links[0]).toHaveAttribute('rel', 'noopener noreferrer');
    expect(links[0]).toHaveTextContent('https://example.org/a?b=1');
  });

  it('says in which breakout room a message to everyone was written', async () => {
    const { user, socket } = await join([bea, cem], {
      self: moderator,
      snapshot: {
        breakout: {
          rooms: [{ id: 1, name: 'Red' }],
          places: [],
          started_at: 1,
          assign_late_joiners: true,
          include_moderators: false,
          by: 'p1',
        },
      },
    });
    const panel = await openChat(user);
    receive(socket, { ...message(1, 'p2', 'Bea', 'We are done'), breakout_room: 1 });
    receive(socket, { ...message(2, 'p3', 'Cem', 'Still here'), breakout_room: 7 });
    receive(socket, message(3, 'p3', 'Cem', 'Main room'));
    const items = within(panel.getByRole('list', { name: 'Messages: Everyone' })).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(/Bea\s*in Red/);
    expect(items[1]).toHaveTextContent(/Cem\s*in breakout room 7/);
    expect(items[2]).not.toHaveTextContent(/ in /);
  });

  it('opens a private conversation from the participant list and keeps answers in it', async () => {
    const { user, socket } = await join([bea, cem]);
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    // Participants get no moderator menu, but can write privately.
    expect(screen.queryByRole('button', { name: /Actions for/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Send private message to Bea' }));
    const panel = within(chatPanel());
    expect(panel.getByRole('heading', { name: 'Bea' })).toBeInTheDocument();
    expect(panel.getByText('Only you and Bea see these messages.')).toBeInTheDocument();
    const field = panel.getByRole('textbox', { name: 'Message' });
    expect(field).toHaveFocus();
    await user.type(field, 'Psst{Enter}');
    expect(chatSent(socket).at(-1)?.payload).toEqual({ action: 'send', to: { kind: 'people', participants: ['p2'] }, text: 'Psst' });
    receive(socket, message(1, 'p1', 'Ada', 'Psst', { kind: 'people', participants: ['p2'] }));
    receive(socket, message(2, 'p2', 'Bea', 'Yes?', { kind: 'people', participants: ['p1'] }));
    expect(panel.getByText('Yes?')).toBeInTheDocument();
    // A message to everyone meanwhile waits as unread in Everyone.
    receive(socket, message(3, 'p3', 'Cem', 'Public'));
    const conversations = panel.getByRole('listbox', { name: 'Conversations' });
    expect(within(conversations).getByRole('option', { name: /Everyone/ })).toHaveTextContent(/1 unread message/);
    expect(panel.queryByText('Public')).toBeNull();
    await user.click(within(conversations).getByRole('option', { name: /Everyone/ }));
    expect(panel.getByText('Public')).toBeInTheDocument();
    expect(within(conversations).getByRole('option', { name: 'Everyone' })).toBeInTheDocument();
  });

  it('offers chairs "Send private message" in the actions menu', async () => {
    const { user, socket } = await join([bea], { self: moderator });
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    await user.click(screen.getByRole('button', { name: 'Actions for Bea' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Send private message' }));
    const panel = within(chatPanel());
    await user.type(panel.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}');
    expect(chatSent(socket).at(-1)?.payload).toMatchObject({ to: { kind: 'people', participants: ['p2'] } });
  });

  it('starts a conversation with several people or with a group', async () => {
    const { user, socket } = await join([bea, cem], { self: person('p1', 'Ada', { groups: ['Group A'] }) });
    const panel = await openChat(user);
    await user.click(panel.getByRole('button', { name: 'New private message' }));
    let dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Start conversation' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Please choose at least one person.');
    await user.click(within(dialog).getByRole('checkbox', { name: 'Cem' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Bea' }));
    await user.click(within(dialog).getByRole('button', { name: 'Start conversation' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(panel.getByRole('heading', { name: 'Bea, Cem' })).toBeInTheDocument();
    await user.type(panel.getByRole('textbox', { name: 'Message' }), 'Both of you{Enter}');
    expect(chatSent(socket).at(-1)?.payload).toEqual({ action: 'send', to: { kind: 'people', participants: ['p2', 'p3'] }, text: 'Both of you' });

    await user.click(panel.getByRole('button', { name: 'New private message' }));
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Write to Group A' }));
    expect(panel.getByRole('heading', { name: 'Group A (group)' })).toBeInTheDocument();
    await user.type(panel.getByRole('textbox', { name: 'Message' }), 'Team{Enter}');
    expect(chatSent(socket).at(-1)?.payload).toEqual({ action: 'send', to: { kind: 'group', group: 'Group A' }, text: 'Team' });
  });

  it('counts characters near the limit and refuses a text that is too long', async () => {
    const { user, socket } = await join([bea]);
    const panel = await openChat(user);
    const field = panel.getByRole('textbox', { name: 'Message' });
    await user.click(field);
    await user.paste('x'.repeat(1_850));
    expect(panel.getByText('150 characters left')).toBeInTheDocument();
    expect(field).toHaveAccessibleDescription('150 characters left');
    await user.paste('y'.repeat(160));
    expect(panel.getByText('10 characters too many')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(chatSent(socket)).toEqual([]);
    expect(panel.getByRole('alert')).toHaveTextContent('A message can have at most 2,000 characters.');
    expect(field).toHaveValue('x'.repeat(1_850) + 'y'.repeat(160));
  });

  it('lets moderators switch the chat off and on and clear it after confirming', async () => {
    const { user, socket } = await join([bea], { self: moderator, snapshot: { chat: { messages: [message(1, 'p2', 'Bea', 'To all')] } } });
    const panel = await openChat(user);
    await user.click(panel.getByRole('button', { name: 'Turn chat off' }));
    expect(chatSent(socket).at(-1)?.payload).toEqual({ action: 'set_enabled', enabled: false });
    chat(socket, { event: 'enabled_changed', enabled: false, by: 'p1' });
    expect(panel.getByText('The chat is off. Only moderators can write.')).toBeInTheDocument();
    // Moderators can still write.
    expect(panel.getByRole('button', { name: 'Send' })).toBeEnabled();
    await user.click(panel.getByRole('button', { name: 'Turn chat on' }));
    expect(chatSent(socket).at(-1)?.payload).toEqual({ action: 'set_enabled', enabled: true });

    await user.click(panel.getByRole('button', { name: 'Clear chat' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(chatSent(socket).at(-1)?.payload).not.toEqual({ action: 'clear' });
    await user.click(within(dialog).getByRole('button', { name: 'Clear chat' }));
    expect(chatSent(socket).at(-1)?.payload).toEqual({ action: 'clear' });
    chat(socket, { event: 'cleared', by: 'p1' });
    expect(panel.queryByText('To all')).toBeNull();
    expect(panel.getByText('No messages yet.')).toBeInTheDocument();
  });

  it('shows others a calm notice and no Send while the chat is off', async () => {
    const { user, socket } = await join([bea], { snapshot: { chat: { enabled: false } } });
    expect(screen.queryByRole('button', { name: 'Turn chat on' })).toBeNull();
    const panel = await openChat(user);
    expect(panel.getByText('The moderators have turned the chat off.')).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(panel.queryByRole('button', { name: 'New private message' })).toBeNull();
    expect(panel.queryByRole('button', { name: 'Turn chat on' })).toBeNull();
    expect(panel.queryByRole('button', { name: 'Clear chat' })).toBeNull();
    chat(socket, { event: 'enabled_changed', enabled: true, by: 'p9' });
    const field = panel.getByRole('textbox', { name: 'Message' });
    await user.type(field, 'Half a thought');
    // Switched off while typing: the draft and the focus stay, nothing is sent, no shortcut fires.
    chat(socket, { event: 'enabled_changed', enabled: false, by: 'p9' });
    expect(field).toHaveAttribute('readonly');
    expect(field).toHaveFocus();
    expect(field).toHaveAccessibleDescription('The moderators have turned the chat off.');
    await user.keyboard('m{Enter}');
    expect(chatSent(socket)).toEqual([]);
    expect(field).toHaveValue('Half a thought');
    expect(screen.getByRole('button', { name: 'Mute' })).toBeInTheDocument();
    chat(socket, { event: 'enabled_changed', enabled: true, by: 'p9' });
    expect(panel.getByRole('button', { name: 'Send' })).toBeEnabled();
    await user.keyboard('{Enter}');
    expect(chatSent(socket).at(-1)?.payload).toMatchObject({ action: 'send', text: 'Half a thought' });
  });

  it('announces new messages politely while the panel is closed', async () => {
    const { socket } = await join([bea]);
    const region = document.querySelector('[data-chat-announcement]') as HTMLElement;
    expect(region).toHaveAttribute('aria-live', 'polite');
    receive(socket, message(1, 'p2', 'Bea', 'Hello', { kind: 'people', participants: ['p1'] }));
    await waitFor(() => expect(region.textContent?.replace('\u200b', '')).toBe('New private message from Bea'));
    receive(socket, message(2, 'p2', 'Bea', 'One'));
    receive(socket, message(3, 'p2', 'Bea', 'Two'));
    await waitFor(() => expect(region.textContent?.replace('\u200b', '')).toBe('2 new chat messages'));
  });

  it('has no chat in simple mode', async () => {
    const t = testServices({ api: fakeApi({ getRoom: (id) => Promise.resolve(testRoomSummary({ id, simple_mode: true })) }) });
    await join([bea], { services: t });
    expect(screen.queryByRole('button', { name: 'Chat' })).toBeNull();
  });

  it('speaks German', async () => {
    const { user } = await join([bea], { self: moderator, languages: ['de'] });
    await user.click(screen.getByRole('button', { name: 'Chat' }));
    const panel = within(chatPanel());
    expect(panel.getByRole('textbox', { name: 'Nachricht' })).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Senden' })).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Chat ausschalten' })).toBeInTheDocument();
    expect(panel.getByRole('button', { name: 'Chat leeren' })).toBeInTheDocument();
    expect(panel.getByRole('option', { name: 'Alle' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Teilnehmende' }));
    await user.click(screen.getByRole('button', { name: 'Aktionen für Bea' }));
    expect(await screen.findByRole('menuitem', { name: 'Privatnachricht senden' })).toBeInTheDocument();
  });
});
