// The chairs' event console on the stage: what happened, most urgent first (a point of order,
// people waiting, raised hands, joins and leaves), each with what can be done about it right
// there — "Admit all" and "View list" for the waiting room, "Allow to speak" for a hand — and a
// way to dismiss it; "Clear all" empties it. Each new event is also shown for three seconds as
// a toast in a polite live region. It shows the console store's items and calls back; the
// derivation of events is client/eventConsole.ts.
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ConsoleItem, ConsoleState } from '../../client/eventConsole';
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
}

/** The sentence for an event. */
export function useEventText(): (item: ConsoleItem) => string {
  const { t } = useTranslation();
  return (item) => {
    const name = item.name ?? '';
    switch (item.kind) {
      case 'point_of_order':
        return t('events.pointOfOrder', { name });
      case 'waiting':
        return t('events.waiting', { count: item.count ?? 0 });
      case 'hand':
        return t('events.hand', { name });
      case 'joined':
        return t('meeting.joinedAnnouncement', { name });
      case 'left':
        return t('meeting.leftAnnouncement', { name });
    }
  };
}

function EventToast({ latest }: { latest: ConsoleState['latest'] }) {
  const text = useEventText();
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

export function EventConsole({ items, latest, onAdmitAll, onViewList, onAllowToSpeak, onDismiss, onClear }: EventConsoleProps) {
  const { t } = useTranslation();
  const text = useEventText();
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
                    {(item.kind === 'hand' || item.kind === 'point_of_order') && item.participantId !== undefined && (
                      <Button
                        className="btn-stage btn-stage-small btn-stage-primary"
                        aria-describedby={textId(item)}
                        onPress={() => onAllowToSpeak(item.participantId ?? '')}
                      >
                        {t('events.allowToSpeak')}
                      </Button>
                    )}
                    <Button className="event-dismiss" aria-label={t('events.dismiss', { text: sentence })} onPress={() => onDismiss(item.id)}>
                      <Icon name="close" size={16} />
                    </Button>
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <EventToast latest={latest} />
    </>
  );
}
