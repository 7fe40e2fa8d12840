// The meeting view: a dark stage with the paginated gallery (at most 9 tiles a page, fewer on
// narrow screens), the reconnecting banner, the participant panel, the toolbar, hidden audio
// for every remote participant and a polite live region for joins and leaves. It reads the
// Meeting's stores and tells the Meeting which remote participants are visible; it does not
// talk to the network itself.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { columnsFor, paginate, visibleRemoteIds } from '../../client/gallery';
import type { LocalMedia } from '../../media/localMedia';
import type { Meeting } from '../../media/meeting';
import type { Participant } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { useMediaQuery, useStore } from '../hooks';
import { ParticipantsPanel } from './ParticipantsPanel';
import { RemoteAudio } from './RemoteAudio';
import { Tile } from './Tile';
import { Toolbar } from './Toolbar';
import './MeetingView.css';

export interface MeetingViewProps {
  meeting: Meeting;
  localMedia: LocalMedia;
  meetingUrl: string;
  onLeave(): void;
}

export function usePageSize(): { perPage: number; narrow: boolean } {
  const narrow = useMediaQuery('(max-width: 599px)');
  const medium = useMediaQuery('(max-width: 959px)');
  if (narrow) return { perPage: 4, narrow };
  if (medium) return { perPage: 6, narrow };
  return { perPage: 9, narrow };
}

export function MeetingView({ meeting, localMedia, meetingUrl, onLeave }: MeetingViewProps) {
  const { t } = useTranslation();
  const room = useStore(meeting.room);
  const local = useStore(localMedia);
  const remote = useStore(meeting.media);
  const [requestedPage, setRequestedPage] = useState(0);
  const [panelOpen, setPanelOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [copied, setCopied] = useState(false);
  const panelId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { perPage, narrow } = usePageSize();

  const selfId = room.selfId;
  const selfAudio = local.microphoneOn && local.audioTrack !== null;
  const selfVideo = local.cameraOn && local.videoTrack !== null;
  const page = paginate(room.participants, perPage, requestedPage);
  const visibleKey = visibleRemoteIds(page.items, selfId).join('\n');

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    meeting.setVisibleParticipants(visibleKey === '' ? [] : visibleKey.split('\n'));
  }, [meeting, visibleKey]);

  useEffect(() => {
    if (page.page !== requestedPage) setRequestedPage(page.page);
  }, [page.page, requestedPage]);

  const presence = room.presence;
  useEffect(() => {
    if (presence === null) return;
    const text =
      presence.kind === 'joined'
        ? t('meeting.joinedAnnouncement', { name: presence.displayName })
        : t('meeting.leftAnnouncement', { name: presence.displayName });
    // An invisible alternating suffix makes a repeated message a change the live region reads.
    setAnnouncement(presence.seq % 2 === 0 ? text : `${text}\u200b`);
  }, [presence, t]);

  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 2500);
    return () => clearTimeout(timer);
  }, [copied]);

  const isMuted = useCallback((p: Participant) => (p.id === selfId ? !selfAudio : !p.audio), [selfId, selfAudio]);

  const copyLink = () => {
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (clipboard === undefined) return;
    clipboard.writeText(meetingUrl).then(
      () => setCopied(true),
      () => undefined,
    );
  };

  const columns = columnsFor(page.items.length, narrow);
  const rows = Math.max(1, Math.ceil(page.items.length / columns));

  return (
    <div className="meeting">
      <header className="meeting-header">
        <h1 ref={headingRef} tabIndex={-1} className="meeting-title">
          {t('app.name')}
          <span className="visually-hidden"> – {t('meeting.label')}</span>
        </h1>
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

      <div className="banner-slot" role="status">
        {room.status === 'reconnecting' && <div className="banner">{t('meeting.reconnecting')}</div>}
      </div>

      <div className="meeting-body">
        <main className="stage" aria-label={t('meeting.gallery')}>
          <div
            className="gallery"
            style={{
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
            }}
          >
            {page.items.map((p) => {
              const isSelf = p.id === selfId;
              const videoTrack = isSelf
                ? selfVideo
                  ? local.videoTrack
                  : null
                : p.video
                  ? (remote.get(p.id)?.video ?? null)
                  : null;
              return <Tile key={p.id} participant={p} isSelf={isSelf} videoTrack={videoTrack} muted={isMuted(p)} />;
            })}
          </div>
          {page.pageCount > 1 && (
            <nav className="pager" aria-label={t('meeting.pages')}>
              <Button className="btn-stage" isDisabled={page.page === 0} onPress={() => setRequestedPage(page.page - 1)}>
                <Icon name="chevronLeft" size={20} />
                <span className="btn-stage-text">{t('meeting.previousPage')}</span>
              </Button>
              <span className="pager-status" aria-live="polite">
                {t('meeting.pageOf', { page: page.page + 1, count: page.pageCount })}
              </span>
              <Button
                className="btn-stage"
                isDisabled={page.page >= page.pageCount - 1}
                onPress={() => setRequestedPage(page.page + 1)}
              >
                <span className="btn-stage-text">{t('meeting.nextPage')}</span>
                <Icon name="chevronRight" size={20} />
              </Button>
            </nav>
          )}
        </main>
        {panelOpen && (
          <ParticipantsPanel
            id={panelId}
            participants={room.participants}
            selfId={selfId}
            isMuted={isMuted}
            onClose={() => setPanelOpen(false)}
          />
        )}
      </div>

      <Toolbar
        microphoneOn={selfAudio}
        cameraOn={selfVideo}
        participantCount={room.participants.length}
        panelOpen={panelOpen}
        panelId={panelId}
        onToggleMicrophone={() => void localMedia.setMicrophoneOn(!selfAudio)}
        onToggleCamera={() => void localMedia.setCameraOn(!selfVideo)}
        onTogglePanel={() => setPanelOpen((open) => !open)}
        onLeave={onLeave}
      />

      <RemoteAudio participants={room.participants} selfId={selfId} remote={remote} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
