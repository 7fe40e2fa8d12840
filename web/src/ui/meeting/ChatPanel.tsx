// The chat side panel: for chairs "Turn chat off"/"Turn chat on" and "Clear chat" (confirmed
// first); the conversations (Everyone, private conversations and groups, each with its unread
// count) and "New private message"; the messages of the shown conversation (sender, time in
// the user's locale, the text as plain text with http(s) links, line breaks kept); and the
// "Message" field (Enter sends, Shift+Enter starts a new line) with "Send", a character counter
// near the limit and the reason when the node refused a message. While the chat is off, people
// who are not chairs see a calm notice instead of the field. State and sending are useChat.ts;
// the chat itself is client/chat.ts. Never renders message text as HTML.
import type { TFunction } from 'i18next';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Label, ListBox, ListBoxItem, TextArea, TextField, type Selection } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  COUNTER_FROM,
  conversationsOf,
  EVERYONE,
  groupOf,
  groupsToOffer,
  MAX_MESSAGE_CHARS,
  mayWriteToGroup,
  peopleOf,
  textLength,
  type ChatState,
  type Conversation,
  type ConversationKey,
} from '../../client/chat';
import { linkify } from '../../client/linkify';
import type { ChatMessage, Participant, ParticipantId } from '../../protocol/generated';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { intlLocale } from '../format';
import { NewConversationDialog } from './NewConversationDialog';
import { SidePanel } from './SidePanel';
import type { ChatController, ChatError } from './useChat';
import './ChatPanel.css';

export interface ChatPanelProps {
  id: string;
  chat: ChatState;
  selfId: ParticipantId | null;
  /** Everyone inside, self included. */
  participants: readonly Participant[];
  /** Every name seen in this stay, by participant id. */
  names: Readonly<Record<ParticipantId, string>>;
  chair: boolean;
  /** Node clock minus ours (ms). */
  clockOffset: number;
  /** The open breakout rooms' names by number (messages to everyone written there say so). */
  breakoutRooms?: Readonly<Record<number, string>>;
  controller: ChatController;
  onSetEnabled(enabled: boolean): void;
  onClear(): void;
  onClose(): void;
}

type T = TFunction;

/** A name for someone in a conversation: as known in this stay, else as they signed a message. */
function nameOf(id: ParticipantId, names: ChatPanelProps['names'], messages: readonly ChatMessage[]): string {
  return names[id] ?? messages.find((m) => m.from === id)?.from_name ?? id;
}

function conversationLabel(t: T, conversation: Pick<Conversation, 'key' | 'messages'>, names: ChatPanelProps['names']): string {
  if (conversation.key === EVERYONE) return t('chat.everyone');
  const group = groupOf(conversation.key);
  if (group !== null) return t('chat.groupName', { group });
  return peopleOf(conversation.key)
    .map((id) => nameOf(id, names, conversation.messages))
    .join(', ');
}

function errorText(t: T, error: ChatError): string {
  switch (error.code) {
    case 'rate_limited':
    case 'invalid_command':
    case 'forbidden':
    case 'not_found':
    case 'too_long':
    case 'not_connected':
      return t(`chat.error.${error.code}`);
    default:
      return t('chat.error.other', { message: error.message });
  }
}

/** A message's text: plain text nodes and http(s) links; nothing else is ever markup. */
export function MessageText({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text]);
  return (
    <p className="chat-text">
      {segments.map((segment, i) =>
        segment.kind === 'link' ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </p>
  );
}

export function ChatPanel(props: ChatPanelProps) {
  const { t, i18n } = useTranslation();
  const { chat, selfId, participants, names, chair, controller } = props;
  const [confirmClear, setConfirmClear] = useState(false);
  const [newOpen, setNewOpen] = useState(false);
  const headingId = useId();
  const aboutId = useId();
  const counterId = useId();
  const noticeId = useId();
  const offId = useId();
  const fieldRef = useRef<HTMLTextAreaElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);

  const conversations = conversationsOf(chat, selfId, controller.started);
  const shown = conversations.find((c) => c.key === controller.selected) ?? conversations[0];
  const self = participants.find((p) => p.id === selfId);
  const inside = new Set(participants.map((p) => p.id));
  const locale = intlLocale(i18n.language);
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }), [locale]);
  const groups = groupsToOffer(participants, selfId, chair);

  const shownKey = shown?.key ?? EVERYONE;
  const shownMessages = shown?.messages ?? [];
  const label = shown === undefined ? t('chat.everyone') : conversationLabel(t, shown, names);
  const group = groupOf(shownKey);
  const people = peopleOf(shownKey);
  const listFormat = new Intl.ListFormat(locale, { type: 'conjunction' });
  const about =
    group !== null
      ? t('chat.aboutGroup', { group })
      : people.length > 0
        ? t('chat.aboutPeople', { names: listFormat.format(people.map((id) => nameOf(id, names, shownMessages))) })
        : t('chat.aboutEveryone');

  const mayWrite = chat.enabled || chair;
  const someoneLeft = people.some((id) => !inside.has(id));
  const groupClosed = group !== null && !mayWriteToGroup(self, chair, group);
  const blocked = someoneLeft ? t('chat.someoneLeft') : groupClosed ? t('chat.notInGroup', { group }) : null;
  // While the chat is off the field stays (read-only, keeping the focus and the draft).
  const sendable = mayWrite && blocked === null;
  const length = textLength(controller.draft);
  const over = length > MAX_MESSAGE_CHARS;

  // The field takes the focus when a conversation was started from elsewhere.
  const { focusRequest, takeFocus } = controller;
  useEffect(() => {
    if (takeFocus()) fieldRef.current?.focus();
  }, [focusRequest, takeFocus]);

  // New messages scroll into view when we were at the end (or wrote them ourselves), also when
  // the list gets smaller (a notice or the counter appears below it) or its content grows.
  const atEnd = useRef(true);
  const lastTop = useRef(0);
  useLayoutEffect(() => {
    const box = scrollRef.current;
    const content = contentRef.current;
    if (box === null || content === null || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => {
      if (atEnd.current) box.scrollTop = box.scrollHeight;
    });
    observer.observe(box);
    observer.observe(content);
    return () => observer.disconnect();
  }, []);
  const lastMessage = shownMessages.at(-1);
  const scrolledKey = useRef<ConversationKey | null>(null);
  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (box === null) return;
    // Another conversation starts at its newest message.
    if (scrolledKey.current !== shownKey) atEnd.current = true;
    scrolledKey.current = shownKey;
    if (atEnd.current || lastMessage?.from === selfId) box.scrollTop = box.scrollHeight;
  }, [lastMessage, selfId, shownKey]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (sendable) controller.send();
  };

  const describedBy = [length >= COUNTER_FROM ? counterId : null, !mayWrite ? offId : blocked !== null ? noticeId : null]
    .filter((x) => x !== null)
    .join(' ');

  return (
    <SidePanel id={props.id} title={t('chat.title')} closeLabel={t('chat.close')} onClose={props.onClose}>
      <div className="chat">
        {chair && (
          <div className="chat-tools">
            <Button className="btn btn-compact" onPress={() => props.onSetEnabled(!chat.enabled)}>
              {chat.enabled ? t('chat.turnOff') : t('chat.turnOn')}
            </Button>
            <Button className="btn btn-compact btn-danger-outline" onPress={() => setConfirmClear(true)}>
              {t('chat.clear')}
            </Button>
          </div>
        )}
        <div className="chat-conversations">
          <ListBox
            className="chat-conversation-list"
            aria-label={t('chat.conversations')}
            selectionMode="single"
            disallowEmptySelection
            selectedKeys={[shownKey]}
            onSelectionChange={(keys: Selection) => {
              if (keys === 'all') return;
              const [key] = [...keys];
              if (typeof key === 'string') controller.select(key);
            }}
          >
            {conversations.map((c) => {
              const name = conversationLabel(t, c, names);
              return (
                <ListBoxItem key={c.key} id={c.key} className="chat-conversation" textValue={name}>
                  <span className="chat-conversation-name">{name}</span>
                  {c.unread > 0 && (
                    <>
                      <span className="chat-unread" aria-hidden="true">
                        {c.unread > 99 ? '99+' : c.unread}
                      </span>
                      <span className="visually-hidden">, {t('chat.unread', { count: c.unread })}</span>
                    </>
                  )}
                </ListBoxItem>
              );
            })}
          </ListBox>
          {mayWrite && (
            <Button className="btn btn-compact chat-new" onPress={() => setNewOpen(true)}>
              <Icon name="plus" size={18} />
              {t('chat.newConversation')}
            </Button>
          )}
        </div>

        <section className="chat-thread" aria-labelledby={headingId} aria-describedby={aboutId}>
          <div className="chat-thread-header">
            <h3 id={headingId} className="chat-thread-title">
              {label}
            </h3>
            <p id={aboutId} className="chat-about">
              {about}
            </p>
          </div>
          <div
            ref={scrollRef}
            className="chat-scroll"
            onScroll={(event) => {
              // Only scrolling up leaves the end (the list getting smaller does not).
              const box = event.currentTarget;
              const top = box.scrollTop;
              if (box.scrollHeight - top - box.clientHeight < 40) atEnd.current = true;
              else if (top < lastTop.current) atEnd.current = false;
              lastTop.current = top;
            }}
          >
            <div ref={contentRef}>
              {shownMessages.length === 0 ? (
                <p className="chat-empty">{t('chat.empty')}</p>
              ) : (
                <ol className="chat-messages" aria-label={t('chat.messagesIn', { conversation: label })}>
                  {shownMessages.map((m) => {
                    const mine = m.from === selfId;
                    const at = new Date(m.sent_at - props.clockOffset);
                    return (
                      <li key={m.id} className={`chat-message ${mine ? 'chat-message-mine' : ''}`} data-chat-message={m.id}>
                        <div className="chat-meta">
                          <span className="chat-sender">{mine ? t('chat.you') : m.from_name}</span>{' '}
                          {m.breakout_room !== undefined && (
                            <span className="chat-room">
                              {t('chat.inRoom', {
                                room: props.breakoutRooms?.[m.breakout_room] ?? t('chat.breakoutRoom', { number: m.breakout_room }),
                              })}
                            </span>
                          )}{' '}
                          <time className="chat-time" dateTime={at.toISOString()}>
                            {timeFormat.format(at)}
                          </time>
                        </div>
                        <MessageText text={m.text} />
                      </li>
                    );
                  })}
                </ol>
              )}
            </div>
          </div>
        </section>

        <div className="chat-composer">
          <div role="status" className="chat-status">
            {!chat.enabled && (
              <p id={offId} className="chat-notice">
                {chair ? t('chat.offForChairs') : t('chat.off')}
              </p>
            )}
          </div>
          {mayWrite && blocked !== null && (
            <p id={noticeId} className="chat-notice">
              {blocked}
            </p>
          )}
          {controller.error !== null && (
            <p className="alert chat-error" role="alert">
              {errorText(t, controller.error)}
            </p>
          )}
          <form
            className="chat-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (sendable) controller.send();
            }}
          >
            <TextField
              className="field chat-field"
              value={controller.draft}
              onChange={controller.setDraft}
              isReadOnly={!mayWrite}
              {...(describedBy !== '' ? { 'aria-describedby': describedBy } : {})}
            >
              <Label className="visually-hidden">{t('chat.message')}</Label>
              <TextArea ref={fieldRef} className="input textarea chat-input" rows={2} onKeyDown={onKeyDown} />
            </TextField>
            <div className="chat-form-row">
              {length >= COUNTER_FROM ? (
                <p id={counterId} className={`chat-counter ${over ? 'chat-counter-over' : ''}`}>
                  {over
                    ? t('chat.charactersOver', { count: length - MAX_MESSAGE_CHARS })
                    : t('chat.charactersLeft', { count: MAX_MESSAGE_CHARS - length })}
                </p>
              ) : (
                <span />
              )}
              <Button type="submit" className="btn btn-primary chat-send" isDisabled={!sendable}>
                <Icon name="send" size={18} />
                {t('chat.send')}
              </Button>
            </div>
          </form>
        </div>
      </div>

      {chair && (
        <ConfirmDialog
          isOpen={confirmClear}
          onOpenChange={setConfirmClear}
          title={t('chat.clearTitle')}
          body={t('chat.clearBody')}
          confirmLabel={t('chat.clear')}
          onConfirm={() => {
            props.onClear();
            return Promise.resolve();
          }}
        />
      )}
      <NewConversationDialog
        isOpen={newOpen}
        onOpenChange={setNewOpen}
        selfId={selfId}
        participants={participants}
        groups={groups}
        onStart={(key: ConversationKey) => {
          setNewOpen(false);
          controller.start(key);
        }}
      />
    </SidePanel>
  );
}
