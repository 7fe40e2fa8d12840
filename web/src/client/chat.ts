// The meeting's chat as the client keeps it: a pure reducer over the node's `chat` events (the
// history on `state`, new messages, the moderators' switch, clearing the messages to everyone),
// the conversations a person has (everyone; private conversations keyed by the other people in
// them, sorted, ourselves left out; groups), what is unread in each (read marks per
// conversation) and what arrived while the chat panel was closed (the toolbar's badge), and the
// text rules the node applies (control characters, trimming, 2,000 characters). No DOM, no
// sending; roomStore.ts holds the state and the UI decides what counts as read.
import type { ChatAudience, ChatEvent, ChatMessage, ParticipantId } from '../protocol/generated';

/** Longest message, in characters (Unicode code points), as the node counts them. */
export const MAX_MESSAGE_CHARS = 2_000;
/** From this many characters on, the UI shows how many are left. */
export const COUNTER_FROM = 1_800;
/** Most recipients of one private message (besides the sender). */
export const MAX_RECIPIENTS = 50;

/**
 * Names a conversation: `everyone`, `people:["p2","p7"]` (the other people, sorted, without
 * ourselves) or `group:<name>`.
 */
export type ConversationKey = string;

export const EVERYONE: ConversationKey = 'everyone';
const PEOPLE = 'people:';
const GROUP = 'group:';

export interface ChatState {
  /** Everyone may write (when off, only chairs may). */
  enabled: boolean;
  /** The node's `state` (the history) arrived. */
  loaded: boolean;
  /** Every message we may read, oldest first (by id). */
  messages: readonly ChatMessage[];
  /** Messages up to this id were there when we came in: they count as read. */
  readBase: number;
  /** The highest message id read, per conversation. */
  read: Readonly<Record<ConversationKey, number>>;
  /** The highest message id that arrived while the chat panel was open (or before we came). */
  seen: number;
}

export const initialChatState: ChatState = {
  enabled: true,
  loaded: false,
  messages: [],
  readBase: 0,
  read: {},
  seen: 0,
};

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The key of a private conversation with these people (in any order, ourselves left out). */
export function peopleKey(people: readonly ParticipantId[], selfId: ParticipantId | null): ConversationKey {
  const others = [...new Set(people)].filter((id) => id !== selfId).sort(compareIds);
  return PEOPLE + JSON.stringify(others);
}

export function groupKey(group: string): ConversationKey {
  return GROUP + group;
}

/** The conversation a message belongs to, seen by `selfId`. */
export function conversationKey(message: Pick<ChatMessage, 'from' | 'to'>, selfId: ParticipantId | null): ConversationKey {
  switch (message.to.kind) {
    case 'everyone':
      return EVERYONE;
    case 'group':
      return groupKey(message.to.group);
    case 'people':
      // The sender's recipients without the sender; for us the sender is one of the others.
      return peopleKey([...message.to.participants, message.from], selfId);
  }
}

/** The other people of a private conversation (empty for other keys). */
export function peopleOf(key: ConversationKey): ParticipantId[] {
  if (!key.startsWith(PEOPLE)) return [];
  try {
    const parsed: unknown = JSON.parse(key.slice(PEOPLE.length));
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The group of a group conversation, or null. */
export function groupOf(key: ConversationKey): string | null {
  return key.startsWith(GROUP) ? key.slice(GROUP.length) : null;
}

/** Whom to send to in a conversation; null for a key that names none. */
export function audienceFor(key: ConversationKey): ChatAudience | null {
  if (key === EVERYONE) return { kind: 'everyone' };
  const group = groupOf(key);
  if (group !== null) return group === '' ? null : { kind: 'group', group };
  const people = peopleOf(key);
  return people.length > 0 ? { kind: 'people', participants: people } : null;
}

function maxId(messages: readonly ChatMessage[]): number {
  return messages.reduce((max, m) => Math.max(max, m.id), 0);
}

function byId(messages: readonly ChatMessage[]): ChatMessage[] {
  const unique = new Map<number, ChatMessage>();
  for (const m of messages) unique.set(m.id, m);
  return [...unique.values()].sort((a, b) => a.id - b.id);
}

export function chatReducer(state: ChatState, event: ChatEvent): ChatState {
  switch (event.event) {
    case 'state': {
      const messages = byId(event.messages);
      if (state.loaded) {
        // Resumed: what came meanwhile is new; the read marks stay.
        return { ...state, enabled: event.enabled, messages };
      }
      const latest = maxId(messages);
      return { ...state, enabled: event.enabled, loaded: true, messages, readBase: latest, seen: Math.max(state.seen, latest) };
    }
    case 'message': {
      const message = event.message;
      if (state.messages.some((m) => m.id === message.id)) return state;
      const last = state.messages[state.messages.length - 1];
      const messages = last === undefined || last.id < message.id ? [...state.messages, message] : byId([...state.messages, message]);
      return { ...state, messages };
    }
    case 'enabled_changed':
      return state.enabled === event.enabled ? state : { ...state, enabled: event.enabled };
    case 'cleared': {
      const messages = state.messages.filter((m) => m.to.kind !== 'everyone');
      return messages.length === state.messages.length ? state : { ...state, messages };
    }
  }
}

/** The messages of one conversation, oldest first. */
export function messagesIn(state: Pick<ChatState, 'messages'>, key: ConversationKey, selfId: ParticipantId | null): ChatMessage[] {
  return state.messages.filter((m) => conversationKey(m, selfId) === key);
}

function isUnread(state: ChatState, message: ChatMessage, key: ConversationKey, selfId: ParticipantId | null): boolean {
  if (message.from === selfId) return false;
  return message.id > Math.max(state.readBase, state.read[key] ?? 0);
}

/** How many messages of others in a conversation are unread. */
export function unreadIn(state: ChatState, key: ConversationKey, selfId: ParticipantId | null): number {
  return messagesIn(state, key, selfId).filter((m) => isUnread(state, m, key, selfId)).length;
}

/** Marks a conversation read up to its newest message (the same state when nothing changes). */
export function markRead(state: ChatState, key: ConversationKey, selfId: ParticipantId | null): ChatState {
  const latest = maxId(messagesIn(state, key, selfId));
  if (latest <= (state.read[key] ?? 0)) return state;
  return { ...state, read: { ...state.read, [key]: latest } };
}

/** Everything so far was seen with the panel open (the same state when nothing changes). */
export function markSeen(state: ChatState): ChatState {
  const latest = maxId(state.messages);
  return latest <= state.seen ? state : { ...state, seen: latest };
}

/** Messages of others that arrived while the chat panel was closed (the toolbar's badge). */
export function unseenCount(state: ChatState, selfId: ParticipantId | null): number {
  return state.messages.filter((m) => m.id > state.seen && m.from !== selfId).length;
}

export interface Conversation {
  key: ConversationKey;
  /** Whom a message in it goes to. */
  audience: ChatAudience;
  messages: ChatMessage[];
  unread: number;
}

/**
 * The conversations to offer: everyone first, then the ones just started without messages
 * (`started`, in that order), then the others, most recent first.
 */
export function conversationsOf(state: ChatState, selfId: ParticipantId | null, started: readonly ConversationKey[] = []): Conversation[] {
  const groups = new Map<ConversationKey, ChatMessage[]>([[EVERYONE, []]]);
  for (const m of state.messages) {
    const key = conversationKey(m, selfId);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [m]);
    else list.push(m);
  }
  const drafts = started.filter((key, i) => key !== EVERYONE && !groups.has(key) && started.indexOf(key) === i);
  const latest = (key: ConversationKey) => groups.get(key)?.at(-1)?.id ?? 0;
  const others = [...groups.keys()].filter((key) => key !== EVERYONE).sort((a, b) => latest(b) - latest(a));
  const result: Conversation[] = [];
  for (const key of [EVERYONE, ...drafts, ...others]) {
    const audience = audienceFor(key);
    if (audience === null) continue;
    const messages = groups.get(key) ?? [];
    result.push({ key, audience, messages, unread: messages.filter((m) => isUnread(state, m, key, selfId)).length });
  }
  return result;
}

/** Control characters other than line breaks and tabs (the node removes them). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/** The text as the node keeps it: control characters removed (but line breaks and tabs), trimmed. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, '').trim();
}

/** Characters as the node counts them (code points of the cleaned text). */
export function textLength(text: string): number {
  return Array.from(cleanText(text)).length;
}

export type TextProblem = 'empty' | 'too_long';

/** Why the node would refuse this text, or null when it is fine. */
export function textProblem(text: string): TextProblem | null {
  const length = textLength(text);
  if (length === 0) return 'empty';
  if (length > MAX_MESSAGE_CHARS) return 'too_long';
  return null;
}

/** Whether `participant` may write to the group (members and chairs). */
export function mayWriteToGroup(participant: { groups: readonly string[] } | undefined, chair: boolean, group: string): boolean {
  return chair || (participant?.groups.includes(group) ?? false);
}

/** The groups someone can start a conversation with: their own, or for chairs every group inside. */
export function groupsToOffer(
  participants: readonly { id: ParticipantId; groups: readonly string[] }[],
  selfId: ParticipantId | null,
  chair: boolean,
): string[] {
  const self = participants.find((p) => p.id === selfId);
  const inside = new Set(participants.flatMap((p) => p.groups));
  const offered = chair ? [...inside] : (self?.groups ?? []).filter((g) => inside.has(g));
  return [...new Set(offered)].sort((a, b) => a.localeCompare(b));
}
