// The meeting header: the heading (the meeting's title where known, otherwise the product
// name), the conference clock, who has the floor with the turn's countdown, and the view
// controls: the layout ("Gallery view" / "Speaker view" / "Lecture" radios), "Full screen", "Keyboard
// shortcuts", "Settings" and "Copy meeting link". In simple mode only the title, the clock and
// Settings remain. It ticks once a second; it sends nothing but "end my turn" through its
// callback.
import { useEffect, useId, useRef, useState } from 'react';
import { Button, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { parseLayoutMode, type LayoutMode } from '../../client/layout';
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
  layout: LayoutMode;
  /** A shared screen fills the stage: the layout choice waits until it ends. */
  presenting: boolean;
  fullscreen: boolean;
  /** The browser can show the meeting in full screen. */
  canFullscreen: boolean;
  simple: boolean;
  onLayoutChange(layout: LayoutMode): void;
  onToggleFullscreen(): void;
  onShowShortcuts(): void;
  onShowSettings(): void;
  onEndTurn(): void;
}

export function MeetingHeader(props: MeetingHeaderProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const presentingId = useId();
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
        {!props.simple && (
          <>
            <RadioGroup
              className="layout-switch"
              aria-label={t('meeting.layout')}
              orientation="horizontal"
              value={props.layout}
              onChange={(value) => props.onLayoutChange(parseLayoutMode(value))}
              {...(props.presenting ? { 'aria-describedby': presentingId } : {})}
            >
              <Radio value="gallery" className="layout-option">
                <Icon name="gallery" size={20} />
                <span className="btn-stage-text">{t('meeting.galleryView')}</span>
              </Radio>
              <Radio value="speaker" className="layout-option">
                <Icon name="speakerView" size={20} />
                <span className="btn-stage-text">{t('meeting.speakerView')}</span>
              </Radio>
              <Radio value="lecture" className="layout-option">
                <Icon name="lecture" size={20} />
                <span className="btn-stage-text">{t('meeting.lectureView')}</span>
              </Radio>
            </RadioGroup>
            {props.presenting && (
              <span id={presentingId} className="visually-hidden">
                {t('meeting.layoutWhilePresenting')}
              </span>
            )}
            {props.canFullscreen && (
              <Button className="btn-stage btn-stage-icon" aria-label={props.fullscreen ? t('meeting.exitFullscreen') : t('meeting.fullscreen')} onPress={props.onToggleFullscreen}>
                <Icon name={props.fullscreen ? 'exitFullscreen' : 'fullscreen'} size={20} />
              </Button>
            )}
            <Button className="btn-stage btn-stage-icon" aria-label={t('shortcuts.title')} onPress={props.onShowShortcuts}>
              <Icon name="keyboard" size={20} />
            </Button>
          </>
        )}
        <Button className="btn-stage" onPress={props.onShowSettings}>
          <Icon name="settings" size={20} />
          <span className="btn-stage-text">{t('meetingSettings.title')}</span>
        </Button>
        {!props.simple && (
          <>
            <span className="copied" role="status">
              {copied ? t('meeting.linkCopied') : ''}
            </span>
            <Button className="btn-stage" onPress={copyLink}>
              <Icon name="link" size={20} />
              <span className="btn-stage-text">{t('meeting.copyLink')}</span>
            </Button>
          </>
        )}
      </div>
    </header>
  );
}
