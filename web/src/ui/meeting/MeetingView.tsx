// The meeting view: a dark stage with the header (title, conference clock, the current turn),
// the reconnecting banner, notices addressed to us, the debrief banner for chairs, the
// paginated gallery (at most 9 tiles a page, fewer on narrow screens; podium guests first), for
// chairs the event console and the waiting list, one side panel at a time (participants, or
// moderation for chairs), the toolbar, hidden audio for every remote participant and a polite
// live region for joins and leaves. It reads the Meeting's stores, tells the Meeting which
// remote participants are visible and sends commands through it; it does not talk to the
// network itself. Nobody but a chair gets moderation controls in the DOM.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { consoleItems } from '../../client/eventConsole';
import { columnsFor, paginate, visibleRemoteIds } from '../../client/gallery';
import { handPositions, podiumFirst } from '../../client/participantSort';
import { isChair } from '../../client/roles';
import { selfOf } from '../../client/roomStore';
import type { LocalMedia } from '../../media/localMedia';
import type { Meeting } from '../../media/meeting';
import type { FloorCommand, ModerationCommand, Participant } from '../../protocol/generated';
import { Icon } from '../components/Icon';
import { useMediaQuery, useStore } from '../hooks';
import { DebriefBanner } from './DebriefBanner';
import { EventConsole } from './EventConsole';
import { MeetingHeader } from './MeetingHeader';
import { ModerationPanel } from './ModerationPanel';
import { Notices } from './Notices';
import { ParticipantsPanel } from './ParticipantsPanel';
import { RemoteAudio } from './RemoteAudio';
import { Tile } from './Tile';
import { Toolbar, type SidePanel } from './Toolbar';
import { WaitingListDialog } from './WaitingListDialog';
import './MeetingView.css';

export interface MeetingViewProps {
  meeting: Meeting;
  localMedia: LocalMedia;
  meetingUrl: string;
  /** The meeting's title, when the room belongs to a meeting. */
  title?: string | undefined;
  onLeave(): void;
}

export function usePageSize(): { perPage: number; narrow: boolean } {
  const narrow = useMediaQuery('(max-width: 599px)');
  const medium = useMediaQuery('(max-width: 959px)');
  if (narrow) return { perPage: 4, narrow };
  if (medium) return { perPage: 6, narrow };
  return { perPage: 9, narrow };
}

export function MeetingView({ meeting, localMedia, meetingUrl, title, onLeave }: MeetingViewProps) {
  const { t } = useTranslation();
  const room = useStore(meeting.room);
  const events = useStore(meeting.console);
  const local = useStore(localMedia);
  const remote = useStore(meeting.media);
  const [requestedPage, setRequestedPage] = useState(0);
  const [openPanel, setOpenPanel] = useState<SidePanel | null>(null);
  const [waitingListOpen, setWaitingListOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const participantsPanelId = useId();
  const moderationPanelId = useId();
  const { perPage, narrow } = usePageSize();

  const selfId = room.selfId;
  const self = selfOf(room);
  const chair = isChair(self);
  const selfAudio = local.microphoneOn && local.audioTrack !== null;
  const selfVideo = local.cameraOn && local.videoTrack !== null;
  const stage = podiumFirst(room.participants);
  const page = paginate(stage, perPage, requestedPage);
  const visibleKey = visibleRemoteIds(page.items, selfId).join('\n');
  const positions = useMemo(() => handPositions(room.hands), [room.hands]);
  const ownHand = room.hands.find((h) => h.participant === selfId);
  const mayRaiseHand = chair || (room.policy?.hands ?? true);

  const moderate = useCallback((command: ModerationCommand) => void meeting.moderate(command), [meeting]);
  const floor = useCallback((command: FloorCommand) => void meeting.floor(command), [meeting]);
  const dismissNotice = useCallback((id: number) => meeting.dismissNotice(id), [meeting]);

  useEffect(() => {
    meeting.setVisibleParticipants(visibleKey === '' ? [] : visibleKey.split('\n'));
  }, [meeting, visibleKey]);

  useEffect(() => {
    if (page.page !== requestedPage) setRequestedPage(page.page);
  }, [page.page, requestedPage]);

  // A side panel for chairs closes when the chair is gone.
  useEffect(() => {
    if (!chair && openPanel === 'moderation') setOpenPanel(null);
    if (!chair) setWaitingListOpen(false);
  }, [chair, openPanel]);

  // Once the microphone is on, requests to switch it on are answered.
  useEffect(() => {
    if (!selfAudio) return;
    for (const n of room.notices) {
      if (n.kind === 'unmute_requested' || n.kind === 'microphone_restricted') meeting.dismissNotice(n.id);
    }
  }, [selfAudio, room.notices, meeting]);

  const presence = room.presence;
  const chairRef = useRef(chair);
  chairRef.current = chair;
  useEffect(() => {
    // Chairs hear joins and leaves from the event console's toast instead.
    if (presence === null || chairRef.current) return;
    const text =
      presence.kind === 'joined'
        ? t('meeting.joinedAnnouncement', { name: presence.displayName })
        : t('meeting.leftAnnouncement', { name: presence.displayName });
    // An invisible alternating suffix makes a repeated message a change the live region reads.
    setAnnouncement(presence.seq % 2 === 0 ? text : `${text}\u200b`);
  }, [presence, t]);

  const isMuted = useCallback((p: Participant) => (p.id === selfId ? !selfAudio : !p.audio), [selfId, selfAudio]);

  const columns = columnsFor(page.items.length, narrow);
  const rows = Math.max(1, Math.ceil(page.items.length / columns));
  const speakerName = room.turn !== null ? (room.names[room.turn.participant] ?? '') : '';

  return (
    <div className="meeting">
      <MeetingHeader
        title={title}
        meetingUrl={meetingUrl}
        startedAt={room.startedAt}
        plannedEnd={room.plannedEnd}
        clockOffset={room.clockOffset}
        turn={room.turn}
        speakerName={speakerName}
        selfId={selfId}
        timeUp={room.turn !== null && room.timeUp === room.turn.participant}
        onEndTurn={() => floor({ action: 'end_turn' })}
      />

      <div className="banner-slot" role="status">
        {room.status === 'reconnecting' && <div className="banner">{t('meeting.reconnecting')}</div>}
      </div>

      <Notices notices={room.notices} names={room.names} onDismiss={dismissNotice} onUnmute={() => void meeting.setMicrophoneOn(true)} />
      {chair && room.debrief && <DebriefBanner speaking={room.speaking} names={room.names} clockOffset={room.clockOffset} />}

      <div className="meeting-body">
        <main className="stage" aria-label={t('meeting.gallery')}>
          {chair && (
            <EventConsole
              items={consoleItems(events)}
              latest={events.latest}
              onAdmitAll={() => moderate({ action: 'admit_all' })}
              onViewList={() => setWaitingListOpen(true)}
              onAllowToSpeak={(participant) => floor({ action: 'give_floor', participant })}
              onDismiss={(id) => meeting.console.dismiss(id)}
              onClear={() => meeting.console.clear()}
            />
          )}
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
              const position = positions.get(p.id);
              const hand = position === undefined ? undefined : room.hands[position - 1];
              return (
                <Tile
                  key={p.id}
                  participant={p}
                  isSelf={isSelf}
                  videoTrack={videoTrack}
                  muted={isMuted(p)}
                  hand={hand === undefined || position === undefined ? undefined : { position, pointOfOrder: hand.point_of_order }}
                />
              );
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
        {openPanel === 'participants' && (
          <ParticipantsPanel
            id={participantsPanelId}
            participants={room.participants}
            selfId={selfId}
            isMuted={isMuted}
            hands={room.hands}
            chair={chair}
            speaking={room.speaking}
            names={room.names}
            policy={room.policy}
            allowedMicrophones={room.allowedMicrophones}
            clockOffset={room.clockOffset}
            moderate={moderate}
            floor={floor}
            onClose={() => setOpenPanel(null)}
          />
        )}
        {openPanel === 'moderation' && chair && room.policy !== null && (
          <ModerationPanel
            id={moderationPanelId}
            policy={room.policy}
            preferredWaitingRoom={room.preferredWaitingRoom}
            turnLimitSeconds={room.turnLimitSeconds}
            turnActive={room.turn !== null}
            waitingCount={room.waitingList.length}
            moderate={moderate}
            floor={floor}
            onShowWaitingList={() => setWaitingListOpen(true)}
            onClose={() => setOpenPanel(null)}
          />
        )}
      </div>

      <Toolbar
        microphoneOn={selfAudio}
        cameraOn={selfVideo}
        participantCount={room.participants.length}
        handRaised={ownHand !== undefined}
        mayRaiseHand={mayRaiseHand}
        chair={chair}
        waitingCount={room.waitingList.length}
        openPanel={openPanel}
        panelIds={{ participants: participantsPanelId, moderation: moderationPanelId }}
        onToggleMicrophone={() => void meeting.setMicrophoneOn(!selfAudio)}
        onToggleCamera={() => void localMedia.setCameraOn(!selfVideo)}
        onRaiseHand={(pointOfOrder) => floor({ action: 'raise_hand', point_of_order: pointOfOrder })}
        onLowerHand={() => floor({ action: 'lower_hand' })}
        onTogglePanel={(panel) => setOpenPanel((open) => (open === panel ? null : panel))}
        onLeave={onLeave}
      />

      {chair && (
        <WaitingListDialog
          isOpen={waitingListOpen}
          onOpenChange={setWaitingListOpen}
          waiting={room.waitingList}
          clockOffset={room.clockOffset}
          onAdmit={(participant) => moderate({ action: 'admit', participant })}
          onReject={(participant) => moderate({ action: 'reject', participant })}
          onAdmitAll={() => moderate({ action: 'admit_all' })}
        />
      )}
      <RemoteAudio participants={room.participants} selfId={selfId} remote={remote} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
