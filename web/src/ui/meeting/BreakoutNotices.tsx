// Notices about the breakout rooms, under the meeting's own notices and in the same calm style:
// the rooms close soon, each moderator's message to all rooms (with their name, shown as plain
// text until dismissed), and "You are back in the main room" (or that the rooms closed), which
// fades after a while. A polite live region; it shows the room's breakout notices and calls back.
import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { BreakoutNotice } from '../../client/breakout';
import { Icon } from '../components/Icon';
import { NOTICE_MS } from './Notices';
import './breakout.css';
import './moderation.css';

export interface BreakoutNoticesProps {
  notices: readonly BreakoutNotice[];
  onDismiss(id: number): void;
}

function NoticeItem({ notice, onDismiss }: { notice: BreakoutNotice; onDismiss(id: number): void }) {
  const { t } = useTranslation();
  const fades = notice.kind === 'returned' || notice.kind === 'closed';
  useEffect(() => {
    if (!fades) return undefined;
    const timer = setTimeout(() => onDismiss(notice.id), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [fades, notice.id, onDismiss]);

  let content;
  switch (notice.kind) {
    case 'warning':
      content = notice.secondsLeft >= 45 ? t('breakout.warning', { count: Math.round(notice.secondsLeft / 60) }) : t('breakout.warningSoon');
      break;
    case 'broadcast':
      content = (
        <>
          <strong className="breakout-message-from">{t('breakout.messageFrom', { name: notice.fromName })}</strong>
          <span className="breakout-message-text">{notice.text}</span>
        </>
      );
      break;
    case 'returned':
      content = t('breakout.back');
      break;
    case 'closed':
      content = t('breakout.closed');
      break;
  }
  return (
    <div className={`notice breakout-notice breakout-notice-${notice.kind}`} data-breakout-notice={notice.kind}>
      <Icon name={notice.kind === 'warning' ? 'clock' : notice.kind === 'broadcast' ? 'send' : 'rooms'} size={20} />
      <span className="notice-text">{content}</span>
      <Button className="event-dismiss" aria-label={t('notices.dismiss')} onPress={() => onDismiss(notice.id)}>
        <Icon name="close" size={16} />
      </Button>
    </div>
  );
}

export function BreakoutNotices({ notices, onDismiss }: BreakoutNoticesProps) {
  const { t } = useTranslation();
  return (
    <div className="notices" role="status" aria-live="polite" aria-label={t('breakout.notices')}>
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
