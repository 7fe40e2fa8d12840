// The chairs' event console on the stage: what happened, most urgent first (a point of order,
// people waiting, raised hands, joins and leaves), each with what can be done about it right
// there — "Admit all" and "View list" for the waiting room, "Allow to speak" for a hand (for a
// hand raised in a breakout room, which it names, "Answer in chat" and "Go to <room>") — and a
// way to dismiss it; "Clear all" empties it. Each new event is also shown for three seconds as
// a toast in a polite live region. It shows the console store's items and calls back; the
// derivation of events is client/eventConsole.ts.
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ConsoleItem, ConsoleState } from '../../client/eventConsole';
import type { BreakoutRoom } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import './moderation.css';

export const TOAST_MS = 3000;

export interface EventConsoleProps {
  /** In the order shown (see `consoleItems`). */
  items: readonly ConsoleItem[];
  latest: ConsoleState['latest'];
  onAdmitAll(): void;
  onViewList(): void;
  onAllowToSpeak(participantId: string): void;
  onDismiss(id: string): void;
  onClear(): void;
  /** While breakout rooms are open. */
  breakout?: BreakoutConsole | undefined;
}

/** What the console needs while breakout rooms are open. */
export interface BreakoutConsole {
  /** The room someone is in now (null: the main room). */
  roomOf(participantId: string): BreakoutRoom | null;
  /** The room we are in (null: the main room). */
  here: number | null;
  onAnswerInChat(participantId: string): void;
  onGoTo(room: number): void;
}

/** The sentence for an event (a hand raised in a breakout room names the room). */
export function useEventText(roomOf?: BreakoutConsole['roomOf']): (item: ConsoleItem) => string {
  const { t } = useTranslation();
  return (item) => {
    const name = item.name ?? '';
    const room = item.participantId === undefined ? null : (roomOf?.(item.participantId) ?? null);
    switch (item.kind) {
      case 'point_of_order':
        return room === null ? t('events.pointOfOrder', { name }) : t('breakout.pointOfOrderIn', { name, room: room.name });
      case 'waiting':
        return t('events.waiting', { count: item.count ?? 0 });
      case 'hand':
        return room === null ? t('events.hand', { name }) : t('breakout.handIn', { name, room: room.name });
      case 'joined':
        return t('meeting.joinedAnnouncement', { name });
      case 'left':
        return t('meeting.leftAnnouncement', { name });
    }
  };
}

function EventToast({ latest, roomOf }: { latest: ConsoleState['latest']; roomOf: BreakoutConsole['roomOf'] | undefined }) {
  const text = useEventText(roomOf);
  // Only events newer than the last one shown (or than the console at mount) are announced.
  const lastSeq = useRef(latest?.seq ?? 0);
  const [shown, setShown] = useState<ConsoleItem | null>(null);
  useEffect(() => {
    if (latest === null || latest.seq <= lastSeq.current) return;
    lastSeq.current = latest.seq;
    setShown(latest.item);
  }, [latest]);
  useEffect(() => {
    if (shown === null) return undefined;
    const timer = setTimeout(() => setShown(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    <div className="event-toast-slot" role="status" aria-live="polite">
      {shown !== null && <div className={`event-toast event-toast-${shown.kind}`}>{text(shown)}</div>}
    </div>
  );
}

export function EventConsole({ items, latest, onAdmitAll, onViewList, onAllowToSpeak, onDismiss, onClear, breakout }: EventConsoleProps) {
  const { t } = useTranslation();
  const text = useEventText(breakout?.roomOf);
  const prefix = useId();
  const textId = (item: ConsoleItem) => `${prefix}-${item.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <>
      {items.length > 0 && (
        <section className="event-console" aria-label={t('events.title')}>
          <div className="event-console-head">
            <h2 className="event-console-title">{t('events.title')}</h2>
            <Button className="btn-stage btn-stage-small" onPress={onClear}>
              {t('events.clearAll')}
            </Button>
          </div>
          <ul className="event-list">
            {items.map((item) => {
              const sentence = text(item);
              // Whose hand, and the breakout room they raised it in (null: the main room).
              const raisedBy = item.kind === 'hand' || item.kind === 'point_of_order' ? item.participantId : undefined;
              const room = raisedBy === undefined ? null : (breakout?.roomOf(raisedBy) ?? null);
              return (
                <li key={item.id} className={`event event-${item.kind}`}>
                  <span className="event-icon" aria-hidden="true">
                    <Icon name={item.kind === 'point_of_order' ? 'pointOfOrder' : item.kind === 'hand' ? 'hand' : item.kind === 'waiting' ? 'clock' : 'people'} size={18} />
                  </span>
                  <span className="event-text" id={textId(item)}>
                    {sentence}
                  </span>
                  <span className="event-actions">
                    {item.kind === 'waiting' && (
                      <>
                        <Button className="btn-stage btn-stage-small btn-stage-primary" onPress={onAdmitAll}>
                          {t('events.admitAll')}
                        </Button>
                        <Button className="btn-stage btn-stage-small" onPress={onViewList}>
                          {t('events.viewList')}
                        </Button>
                      </>
                    )}
                    {raisedBy !== undefined && room === null && (
                      <Button className="btn-stage btn-stage-small btn-stage-primary" aria-describedby={textId(item)} onPress={() => onAllowToSpeak(raisedBy)}>
                        {t('events.allowToSpeak')}
                      </Button>
                    )}
                    <Button className="event-dismiss" aria-label={t('events.dismiss', { text: sentence })} onPress={() => onDismiss(item.id)}>
                      <Icon name="close" size={16} />
                    </Button>
                  </span>
                  {raisedBy !== undefined && room !== null && breakout !== undefined && (
                    <span className="event-room-actions">
                      <Button className="btn-stage btn-stage-small btn-stage-primary" aria-describedby={textId(item)} onPress={() => breakout.onAnswerInChat(raisedBy)}>
                        {t('breakout.answerInChat')}
                      </Button>
                      {room.id !== breakout.here && (
                        <Button className="btn-stage btn-stage-small" aria-describedby={textId(item)} onPress={() => breakout.onGoTo(room.id)}>
                          {t('breakout.goTo', { room: room.name })}
                        </Button>
                      )}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <EventToast latest={latest} roomOf={breakout?.roomOf} />
    </>
  );
}
