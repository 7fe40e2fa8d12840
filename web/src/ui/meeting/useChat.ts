// The chat's UI state in the meeting view: which conversation is shown, conversations just
// started (no message yet), a draft per conversation, sending (a refusal of the node puts the
// text back and says why; nothing typed is lost), marking what is shown as read and seen while
// the panel is open, and a short polite announcement of new messages of others (grouped, so a
// burst is one sentence). The chat itself is in the room store (client/chat.ts); commands go
// through the Meeting. No markup.
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  audienceFor,
  cleanText,
  conversationKey,
  EVERYONE,
  textProblem,
  type ConversationKey,
} from '../../client/chat';
import type { RoomError, RoomState } from '../../client/roomStore';
import type { ChatAudience, ChatMessage } from '../../protocol/generated';

/** Why a message was not sent: a code of the node, or one of ours. */
export type ChatErrorCode = RoomError['code'] | 'too_long' | 'not_connected';

export interface ChatError {
  code: ChatErrorCode;
  message: string;
}

/** What the chat needs from the Meeting. */
export interface ChatSender {
  sendChat(to: ChatAudience, text: string): number | null;
  markChatRead(key: ConversationKey): void;
  markChatSeen(): void;
}

export interface ChatController {
  selected: ConversationKey;
  select(key: ConversationKey): void;
  /** Conversations started in this stay that may have no message yet. */
  started: readonly ConversationKey[];
  /** Starts (or returns to) a conversation, shows it and asks for the focus in the field. */
  start(key: ConversationKey): void;
  /** Increases whenever the message field should take the focus. */
  focusRequest: number;
  /** Whether the field should take the focus now (once per request). */
  takeFocus(): boolean;
  draft: string;
  setDraft(text: string): void;
  error: ChatError | null;
  /** Sends the draft of the shown conversation. */
  send(): void;
  /** The latest announcement for the polite live region ('' for none). */
  announcement: string;
}

/** How long new messages are gathered into one announcement. */
const ANNOUNCE_AFTER_MS = 400;
/** Longest message text read out while its conversation is shown. */
const ANNOUNCED_TEXT = 160;
/** Sent messages remembered to match a refusal. */
const REMEMBERED_SENDS = 32;

interface PendingSend {
  key: ConversationKey;
  text: string;
}

export function useChat(sender: ChatSender, room: Pick<RoomState, 'chat' | 'selfId' | 'lastError'>, panelOpen: boolean): ChatController {
  const { t } = useTranslation();
  const { chat, selfId, lastError } = room;
  const [selected, setSelected] = useState<ConversationKey>(EVERYONE);
  const [started, setStarted] = useState<readonly ConversationKey[]>([]);
  const [drafts, setDrafts] = useState<Readonly<Record<ConversationKey, string>>>({});
  const [errors, setErrors] = useState<Readonly<Record<ConversationKey, ChatError>>>({});
  const [focusRequest, setFocusRequest] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const pending = useRef(new Map<number, PendingSend>());
  const wantsFocus = useRef(false);
  const takeFocus = useCallback(() => {
    const wanted = wantsFocus.current;
    wantsFocus.current = false;
    return wanted;
  }, []);

  const setError = useCallback((key: ConversationKey, error: ChatError | null) => {
    setErrors((current) => {
      if (error === null) {
        if (current[key] === undefined) return current;
        const next = { ...current };
        delete next[key];
        return next;
      }
      return { ...current, [key]: error };
    });
  }, []);

  const select = useCallback((key: ConversationKey) => setSelected(key), []);

  const start = useCallback((key: ConversationKey) => {
    setStarted((current) => (key === EVERYONE || current.includes(key) ? current : [key, ...current]));
    setSelected(key);
    wantsFocus.current = true;
    setFocusRequest((n) => n + 1);
  }, []);

  const setDraft = useCallback(
    (text: string) => {
      setDrafts((current) => ({ ...current, [selected]: text }));
      setError(selected, null);
    },
    [selected, setError],
  );

  const draft = drafts[selected] ?? '';

  const send = () => {
    const key = selected;
    const text = drafts[key] ?? '';
    const problem = textProblem(text);
    if (problem === 'empty') return;
    if (problem === 'too_long') {
      setError(key, { code: 'too_long', message: '' });
      return;
    }
    const to = audienceFor(key);
    if (to === null) return;
    const id = sender.sendChat(to, cleanText(text));
    if (id === null) {
      setError(key, { code: 'not_connected', message: '' });
      return;
    }
    pending.current.set(id, { key, text });
    if (pending.current.size > REMEMBERED_SENDS) {
      const oldest = pending.current.keys().next();
      if (oldest.done !== true) pending.current.delete(oldest.value);
    }
    setDrafts((current) => ({ ...current, [key]: '' }));
    setError(key, null);
  };

  // The node refused a message we sent: the text comes back (before anything typed since).
  useEffect(() => {
    if (lastError === null || lastError.id === undefined) return;
    const refused = pending.current.get(lastError.id);
    if (refused === undefined) return;
    pending.current.delete(lastError.id);
    setDrafts((current) => {
      const now = current[refused.key] ?? '';
      return { ...current, [refused.key]: now === '' ? refused.text : `${refused.text}\n${now}` };
    });
    setError(refused.key, { code: lastError.code, message: lastError.message });
  }, [lastError, setError]);

  // What is shown is read; with the panel open, nothing counts on the toolbar.
  const messages = chat.messages;
  useEffect(() => {
    if (!panelOpen) return;
    sender.markChatSeen();
    sender.markChatRead(selected);
  }, [panelOpen, selected, messages, sender]);

  // Announcements of new messages of others, gathered for a moment.
  const announced = useRef<number | null>(null);
  const gathered = useRef<ChatMessage[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const context = useRef({ panelOpen, selected, selfId, t });
  context.current = { panelOpen, selected, selfId, t };
  const seq = useRef(0);

  useEffect(() => {
    if (!chat.loaded) {
      announced.current = null;
      return;
    }
    // The history we came in with is not news.
    if (announced.current === null) announced.current = chat.readBase;
    const since = announced.current;
    const fresh = messages.filter((m) => m.id > since && m.from !== selfId);
    announced.current = messages.reduce((max, m) => Math.max(max, m.id), since);
    if (fresh.length === 0) return;
    gathered.current.push(...fresh);
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      const batch = gathered.current;
      gathered.current = [];
      const text = announcementFor(batch, context.current);
      if (text === '') return;
      seq.current += 1;
      // An invisible alternating suffix makes a repeated sentence a change the live region reads.
      setAnnouncement(seq.current % 2 === 0 ? text : `${text}\u200b`);
    }, ANNOUNCE_AFTER_MS);
  }, [chat.loaded, chat.readBase, messages, selfId]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  return {
    selected,
    select,
    started,
    start,
    focusRequest,
    takeFocus,
    draft,
    setDraft,
    error: errors[selected] ?? null,
    send,
    announcement,
  };
}

function announcementFor(
  batch: readonly ChatMessage[],
  { panelOpen, selected, selfId, t }: { panelOpen: boolean; selected: ConversationKey; selfId: string | null; t: TFunction },
): string {
  const first = batch[0];
  if (first === undefined) return '';
  if (batch.length > 1) return t('chat.announce.many', { count: batch.length });
  const name = first.from_name;
  // The conversation on screen: read the message itself (shortened).
  if (panelOpen && conversationKey(first, selfId) === selected) {
    const text = first.text.length > ANNOUNCED_TEXT ? `${first.text.slice(0, ANNOUNCED_TEXT)}…` : first.text;
    return t('chat.announce.text', { name, text });
  }
  switch (first.to.kind) {
    case 'everyone':
      return t('chat.announce.everyone', { name });
    case 'people':
      return t('chat.announce.private', { name });
    case 'group':
      return t('chat.announce.group', { name, group: first.to.group });
  }
}
