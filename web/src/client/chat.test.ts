// Unit tests of the chat state: conversation keys (private ones sorted, ourselves left out,
// the same for sender and recipients), the history replacing what we had, new messages in id
// order without repeats, the switch, clearing only the messages to everyone, unread counts per
// conversation and the toolbar's count of what arrived while the panel was closed, the order of
// conversations, and the node's text rules.
import { describe, expect, it } from 'vitest';
import type { ChatAudience, ChatEvent, ChatMessage } from '../protocol/generated';
import {
  audienceFor,
  chatReducer,
  cleanText,
  conversationKey,
  conversationsOf,
  EVERYONE,
  groupKey,
  groupOf,
  groupsToOffer,
  initialChatState,
  markRead,
  markSeen,
  MAX_MESSAGE_CHARS,
  mayWriteToGroup,
  messagesIn,
  peopleKey,
  peopleOf,
  textLength,
  textProblem,
  unreadIn,
  unseenCount,
  type ChatState,
} from './chat';

const everyone: ChatAudience = { kind: 'everyone' };

function msg(id: number, from: string, to: ChatAudience = everyone, text = `message ${id}`): ChatMessage {
  return { id, from, from_name: from.toUpperCase(), to, text, sent_at: 1_700_000_000_000 + id };
}

function apply(state: ChatState, ...events: ChatEvent[]): ChatState {
  return events.reduce(chatReducer, state);
}

function loaded(messages: ChatMessage[] = [], enabled = true): ChatState {
  return apply(initialChatState, { event: 'state', enabled, messages });
}

describe('conversation keys', () => {
  it('names a private conversation by the other people, sorted, without ourselves', () => {
    expect(peopleKey(['p7', 'p2', 'p1', 'p2'], 'p1')).toBe('people:["p2","p7"]');
    expect(peopleOf(peopleKey(['p7', 'p2'], 'p1'))).toEqual(['p2', 'p7']);
  });

  it('gives sender and recipients of a private message their own view of the same conversation', () => {
    // p1 writes to p2 and p3: the node sends the recipients without the sender.
    const m = msg(1, 'p1', { kind: 'people', participants: ['p2', 'p3'] });
    expect(conversationKey(m, 'p1')).toBe(peopleKey(['p2', 'p3'], 'p1'));
    expect(conversationKey(m, 'p2')).toBe(peopleKey(['p1', 'p3'], 'p2'));
    expect(conversationKey(m, 'p3')).toBe(peopleKey(['p1', 'p2'], 'p3'));
    // An answer of p2 to p1 and p3 lands in the same conversation for p1.
    expect(conversationKey(msg(2, 'p2', { kind: 'people', participants: ['p1', 'p3'] }), 'p1')).toBe(conversationKey(m, 'p1'));
    // A one-to-one answer is a different conversation.
    expect(conversationKey(msg(3, 'p2', { kind: 'people', participants: ['p1'] }), 'p1')).toBe(peopleKey(['p2'], 'p1'));
  });

  it('keys everyone and groups, and turns keys back into audiences', () => {
    expect(conversationKey(msg(1, 'p2'), 'p1')).toBe(EVERYONE);
    expect(conversationKey(msg(1, 'p2', { kind: 'group', group: 'Group A' }), 'p1')).toBe(groupKey('Group A'));
    expect(groupOf(groupKey('Group A'))).toBe('Group A');
    expect(groupOf(EVERYONE)).toBeNull();
    expect(audienceFor(EVERYONE)).toEqual({ kind: 'everyone' });
    expect(audienceFor(groupKey('Group A'))).toEqual({ kind: 'group', group: 'Group A' });
    expect(audienceFor(peopleKey(['p3', 'p2'], 'p1'))).toEqual({ kind: 'people', participants: ['p2', 'p3'] });
    expect(audienceFor(peopleKey([], 'p1'))).toBeNull();
    expect(audienceFor('people:not json')).toBeNull();
    expect(audienceFor('group:')).toBeNull();
    expect(audienceFor('something')).toBeNull();
  });
});

describe('chatReducer', () => {
  it('takes the history from state, in id order, and counts it as read', () => {
    const state = loaded([msg(3, 'p2'), msg(1, 'p2'), msg(2, 'p3', { kind: 'people', participants: ['p1'] })], false);
    expect(state.loaded).toBe(true);
    expect(state.enabled).toBe(false);
    expect(state.messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(unreadIn(state, EVERYONE, 'p1')).toBe(0);
    expect(unseenCount(state, 'p1')).toBe(0);
  });

  it('replaces the history on a later state (resume) and counts what came meanwhile as new', () => {
    let state = loaded([msg(1, 'p2')]);
    state = apply(state, { event: 'message', message: msg(2, 'p2') });
    state = apply(state, { event: 'state', enabled: true, messages: [msg(1, 'p2'), msg(2, 'p2'), msg(3, 'p3')] });
    expect(state.messages.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(unreadIn(state, EVERYONE, 'p1')).toBe(2);
    expect(unseenCount(state, 'p1')).toBe(2);
  });

  it('appends messages, ignores repeats and keeps id order', () => {
    let state = loaded();
    state = apply(state, { event: 'message', message: msg(2, 'p2') }, { event: 'message', message: msg(4, 'p2') });
    const same = apply(state, { event: 'message', message: msg(4, 'p2') });
    expect(same).toBe(state);
    state = apply(state, { event: 'message', message: msg(3, 'p3') });
    expect(state.messages.map((m) => m.id)).toEqual([2, 3, 4]);
  });

  it('follows the switch', () => {
    const state = loaded();
    const off = apply(state, { event: 'enabled_changed', enabled: false, by: 'p9' });
    expect(off.enabled).toBe(false);
    expect(apply(off, { event: 'enabled_changed', enabled: false, by: 'p9' })).toBe(off);
    expect(apply(off, { event: 'enabled_changed', enabled: true, by: 'p9' }).enabled).toBe(true);
  });

  it('clears only the messages to everyone', () => {
    const state = loaded([
      msg(1, 'p2'),
      msg(2, 'p2', { kind: 'people', participants: ['p1'] }),
      msg(3, 'p3', { kind: 'group', group: 'Group A' }),
      msg(4, 'p1'),
    ]);
    const cleared = apply(state, { event: 'cleared', by: 'p9' });
    expect(cleared.messages.map((m) => m.id)).toEqual([2, 3]);
    expect(apply(cleared, { event: 'cleared', by: 'p9' })).toBe(cleared);
  });
});

describe('unread and seen', () => {
  const toMe: ChatAudience = { kind: 'people', participants: ['p1'] };

  it('counts new messages of others per conversation until the conversation is read', () => {
    let state = loaded([msg(1, 'p2')]);
    state = apply(
      state,
      { event: 'message', message: msg(2, 'p2') },
      { event: 'message', message: msg(3, 'p1') },
      { event: 'message', message: msg(4, 'p2', toMe) },
      { event: 'message', message: msg(5, 'p2', toMe) },
    );
    const private2 = peopleKey(['p2'], 'p1');
    expect(unreadIn(state, EVERYONE, 'p1')).toBe(1);
    expect(unreadIn(state, private2, 'p1')).toBe(2);
    state = markRead(state, private2, 'p1');
    expect(unreadIn(state, private2, 'p1')).toBe(0);
    expect(unreadIn(state, EVERYONE, 'p1')).toBe(1);
    expect(markRead(state, private2, 'p1')).toBe(state);
    state = apply(state, { event: 'message', message: msg(6, 'p2', toMe) });
    expect(unreadIn(state, private2, 'p1')).toBe(1);
  });

  it('counts for the toolbar what arrived while the panel was closed, never our own', () => {
    let state = loaded([msg(1, 'p2')]);
    state = apply(state, { event: 'message', message: msg(2, 'p2') }, { event: 'message', message: msg(3, 'p1') }, { event: 'message', message: msg(4, 'p3', toMe) });
    expect(unseenCount(state, 'p1')).toBe(2);
    state = markSeen(state);
    expect(unseenCount(state, 'p1')).toBe(0);
    expect(markSeen(state)).toBe(state);
    // Seen is not read: the conversations still have their unread counts.
    expect(unreadIn(state, EVERYONE, 'p1')).toBe(1);
  });

  it('lists everyone first, then started conversations, then the others by the latest message', () => {
    let state = loaded();
    state = apply(
      state,
      { event: 'message', message: msg(1, 'p2', toMe) },
      { event: 'message', message: msg(2, 'p3', { kind: 'group', group: 'Group A' }) },
      { event: 'message', message: msg(3, 'p4', { kind: 'people', participants: ['p1', 'p5'] }) },
    );
    const started = peopleKey(['p9'], 'p1');
    const list = conversationsOf(state, 'p1', [started, peopleKey(['p2'], 'p1'), started, EVERYONE]);
    expect(list.map((c) => c.key)).toEqual([EVERYONE, started, peopleKey(['p4', 'p5'], 'p1'), groupKey('Group A'), peopleKey(['p2'], 'p1')]);
    expect(list.map((c) => c.unread)).toEqual([0, 0, 1, 1, 1]);
    expect(list[1]?.audience).toEqual({ kind: 'people', participants: ['p9'] });
    expect(list[0]?.messages).toEqual([]);
    expect(messagesIn(state, groupKey('Group A'), 'p1').map((m) => m.id)).toEqual([2]);
  });
});

describe('text rules', () => {
  it('removes control characters but line breaks and tabs, and trims', () => {
    expect(cleanText('  a\u0000b\r\n\tc\u007f \n')).toBe('ab\n\tc');
    expect(textProblem(' \n\t ')).toBe('empty');
    expect(textProblem('hi')).toBeNull();
  });

  it('counts characters as code points, as the node does', () => {
    expect(textLength('😀😀')).toBe(2);
    expect(textProblem('😀'.repeat(MAX_MESSAGE_CHARS))).toBeNull();
    expect(textProblem('x'.repeat(MAX_MESSAGE_CHARS + 1))).toBe('too_long');
    expect(textProblem(` ${'x'.repeat(MAX_MESSAGE_CHARS)} `)).toBeNull();
  });
});

describe('groups', () => {
  const people = [
    { id: 'p1', groups: ['Group B'] },
    { id: 'p2', groups: ['Group A', 'Group B'] },
    { id: 'p3', groups: ['Choir'] },
  ];

  it('offers a member their own groups and a chair every group inside', () => {
    expect(groupsToOffer(people, 'p1', false)).toEqual(['Group B']);
    expect(groupsToOffer(people, 'p1', true)).toEqual(['Choir', 'Group A', 'Group B']);
    expect(groupsToOffer([{ id: 'p1', groups: [] }], 'p1', false)).toEqual([]);
  });

  it('lets members and chairs write to a group', () => {
    expect(mayWriteToGroup({ groups: ['Group A'] }, false, 'Group A')).toBe(true);
    expect(mayWriteToGroup({ groups: [] }, false, 'Group A')).toBe(false);
    expect(mayWriteToGroup(undefined, true, 'Group A')).toBe(true);
  });
});
