// The meeting header: the heading (the meeting's title where known, otherwise the product
// name), the conference clock, who has the floor with the turn's countdown, and "Copy meeting
// link". It ticks once a second; it sends nothing but "end my turn" through its callback.
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Turn } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { useNow } from '../hooks';
import { ConferenceClock } from './ConferenceClock';
import { TurnTimer } from './TurnTimer';

export interface MeetingHeaderProps {
  title: string | undefined;
  meetingUrl: string;
  startedAt: number | null;
  plannedEnd: number | null;
  /** Node clock minus ours. */
  clockOffset: number;
  turn: Turn | null;
  speakerName: string;
  selfId: string | null;
  timeUp: boolean;
  onEndTurn(): void;
}

export function MeetingHeader(props: MeetingHeaderProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const now = useNow(1000, props.startedAt !== null || props.turn !== null) + props.clockOffset;
  const title = props.title !== undefined && props.title !== '' ? props.title : t('app.name');

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copyLink = () => {
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (clipboard === undefined) return;
    clipboard.writeText(props.meetingUrl).then(
      () => setCopied(true),
      () => undefined,
    );
  };

  return (
    <header className="meeting-header">
      <div className="meeting-header-main">
        <h1 ref={headingRef} tabIndex={-1} className="meeting-title">
          {title}
          <span className="visually-hidden"> – {t('meeting.label')}</span>
        </h1>
        {props.startedAt !== null && <ConferenceClock startedAt={props.startedAt} plannedEnd={props.plannedEnd} now={now} />}
      </div>
      {props.turn !== null && (
        <TurnTimer
          turn={props.turn}
          speakerName={props.speakerName}
          isSelf={props.turn.participant === props.selfId}
          now={now}
          timeUp={props.timeUp}
          onEndTurn={props.onEndTurn}
        />
      )}
      <div className="meeting-header-actions">
        <span className="copied" role="status">
          {copied ? t('meeting.linkCopied') : ''}
        </span>
        <Button className="btn-stage" onPress={copyLink}>
          <Icon name="link" size={20} />
          <span className="btn-stage-text">{t('meeting.copyLink')}</span>
        </Button>
      </div>
    </header>
  );
}
