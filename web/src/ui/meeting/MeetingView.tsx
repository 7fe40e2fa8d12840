// The meeting view: a dark stage with the header (title, conference clock, the current turn,
// layout, full screen, keyboard shortcuts, settings, the meeting link), the reconnecting and
// "you are sharing" banners, a calm line when our own connection is weak (and, on the tiles, a
// small signal icon for every connection that is not good; see useConnectionQuality.ts), notices addressed to us, the debrief banner for chairs, the stage
// (the running timer's card on top; gallery pages with the active speaker on the first page, in
// a large room a first page of the most recent speakers that holds still, see client/lastN.ts;
// or the speaker view, or a shared screen large with the presenter's camera beside it; see
// client/layout.ts), for chairs the event console and the waiting list, one side panel at a time
// (participants, chat, polls, votes, or timer and moderation for chairs), the toolbar (Chat with
// its count of messages that came while it was closed, Polls with its count of new polls to
// answer, Votes with its count of new votes to cast a ballot in), the Settings and Keyboard
// shortcuts dialogs, the coffee break's full-screen view, hidden audio for every remote
// participant and polite live regions for joins and leaves, for new chat messages, for the timer,
// for new polls and for new votes. A poll we may answer opens the Polls panel when no other panel
// is open (usePollAttention.ts), and so does a vote we may vote in (useVoteAttention.ts); the
// receipts of secret votes are kept in this browser (useVoteReceipts.ts). While breakout rooms are open, the stage
// shows (and receives) only the people of our own room, under a banner with the room and the
// time left, with their notices; chairs get the Breakout rooms panel, the participant list by
// room and hands raised in rooms in the event console. Simple mode keeps only big microphone,
// camera, hand and Leave controls, and Polls and Votes once there is one (the timer card and the
// break stay). It reads the Meeting's stores, tells the Meeting which camera videos are visible and
// sends commands through it; it does not talk to the network itself. Nobody but a chair gets
// moderation, timer, breakout, poll-starting or vote-starting controls in the DOM.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { moveCommand, peopleIn, placeOf, roomOf, roomsWithPeople } from '../../client/breakout';
import { peopleKey, unseenCount } from '../../client/chat';
import { consoleItems } from '../../client/eventConsole';
import { EMPTY_LAST_N, nextLastN, type LastN } from '../../client/lastN';
import { nextActiveSpeaker, nextPresenters, stageFor, type LayoutMode } from '../../client/layout';
import { handPositions, podiumFirst } from '../../client/participantSort';
import { unseenPolls } from '../../client/polls';
import { unseenVotes } from '../../client/votes';
import { formatBackground, type BackgroundCatalogue } from '../../media/background/effects';
import { DEFAULT_CATALOGUE } from '../../media/background/catalogue';
import {
  loadLayout,
  loadSimpleMode,
  PREFERENCE_KEYS,
  saveLayout,
  saveSimpleMode,
  saveText,
  simpleModeFor,
} from '../../client/preferences';
import { isChair } from '../../client/roles';
import { selfOf } from '../../client/roomStore';
import type { LocalMedia } from '../../media/localMedia';
import type { Meeting } from '../../media/meeting';
import type { FloorCommand, ModerationCommand, Participant, ParticipantId } from '../../protocol/generated';
import { useMe } from '../data';
import { useMediaQuery, useStore } from '../hooks';
import { useServices } from '../services';
import { BreakoutBanner } from './BreakoutBanner';
import { BreakoutNotices } from './BreakoutNotices';
import { BreakoutPanel } from './BreakoutPanel';
import { BreakView } from './BreakView';
import { ChatPanel } from './ChatPanel';
import { DebriefBanner } from './DebriefBanner';
import { EventConsole } from './EventConsole';
import { MeetingHeader } from './MeetingHeader';
import { ModerationPanel } from './ModerationPanel';
import { Notices } from './Notices';
import { ParticipantsPanel } from './ParticipantsPanel';
import { PollsPanel } from './PollsPanel';
import { canChooseSpeaker, RemoteAudio } from './RemoteAudio';
import { SettingsDialog } from './SettingsDialog';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StageView } from './StageView';
import { TimerCard } from './TimerCard';
import { TimerPanel } from './TimerPanel';
import { Toolbar, type SidePanel } from './Toolbar';
import { useChat } from './useChat';
import { useConnectionQuality } from './useConnectionQuality';
import { useMeetingShortcuts } from './useMeetingShortcuts';
import { usePollAttention } from './usePollAttention';
import { useTimerAnnouncement } from './useTimerAnnouncement';
import { useVoteAttention } from './useVoteAttention';
import { useVoteReceipts } from './useVoteReceipts';
import { VotesPanel } from './VotesPanel';
import { WaitingListDialog } from './WaitingListDialog';
import './MeetingView.css';

export interface MeetingViewProps {
  meeting: Meeting;
  localMedia: LocalMedia;
  meetingUrl: string;
  /** The meeting's title, when the room belongs to a meeting. */
  title?: string | undefined;
  /** Backgrounds can be offered (this browser has the effect). */
  backgroundsAvailable?: boolean;
  /** The organiser chose simple mode for this meeting (everyone but the chairs). */
  meetingSimpleMode?: boolean;
  /** The background pictures offered (the meeting's own, or the built-in ones). */
  catalogue?: BackgroundCatalogue;
  onLeave(): void;
}

export function usePageSize(): { perPage: number; stripSize: number; narrow: boolean } {
  const narrow = useMediaQuery('(max-width: 599px)');
  const medium = useMediaQuery('(max-width: 959px)');
  if (narrow) return { perPage: 4, stripSize: 3, narrow };
  if (medium) return { perPage: 6, stripSize: 4, narrow };
  return { perPage: 9, stripSize: 6, narrow };
}

function useFullscreen(): { active: boolean; supported: boolean; toggle(): void } {
  const [active, setActive] = useState(() => typeof document !== 'undefined' && document.fullscreenElement != null);
  useEffect(() => {
    const onChange = () => setActive(document.fullscreenElement != null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const supported = typeof document !== 'undefined' && document.fullscreenEnabled === true;
  const toggle = () => {
    if (document.fullscreenElement != null) void document.exitFullscreen().catch(() => undefined);
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  };
  return { active, supported, toggle };
}

export function MeetingView({ meeting, localMedia, meetingUrl, title, backgroundsAvailable = false, meetingSimpleMode = false, catalogue = DEFAULT_CATALOGUE, onLeave }: MeetingViewProps) {
  const { t } = useTranslation();
  const { storage } = useServices();
  const me = useMe();
  const room = useStore(meeting.room);
  const events = useStore(meeting.console);
  const local = useStore(localMedia);
  const remote = useStore(meeting.media);
  const quality = useConnectionQuality(meeting.quality);
  const [requestedPage, setRequestedPage] = useState(0);
  const [openPanel, setOpenPanel] = useState<SidePanel | null>(null);
  const [waitingListOpen, setWaitingListOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [layout, setLayout] = useState<LayoutMode>(() => loadLayout(storage));
  const [personalSimple, setPersonalSimple] = useState(() => loadSimpleMode(storage));
  const [pinned, setPinned] = useState<ParticipantId | null>(null);
  const [activeSpeaker, setActiveSpeaker] = useState<ParticipantId | null>(null);
  const [presenterIds, setPresenterIds] = useState<ParticipantId[]>([]);
  const [chosenPresenter, setChosenPresenter] = useState<ParticipantId | null>(null);
  const [lastNBefore, setLastN] = useState<LastN>(EMPTY_LAST_N);
  const participantsPanelId = useId();
  const moderationPanelId = useId();
  const chatPanelId = useId();
  const timerPanelId = useId();
  const pollsPanelId = useId();
  const votesPanelId = useId();
  const breakoutPanelId = useId();
  const { perPage, stripSize, narrow } = usePageSize();
  const fullscreen = useFullscreen();

  const selfId = room.selfId;
  const self = selfOf(room);
  const chair = isChair(self);
  const simpleMode = simpleModeFor(personalSimple, meetingSimpleMode, chair);
  const simple = simpleMode.on;
  const selfAudio = local.microphoneOn && local.audioTrack !== null;
  const selfVideo = local.cameraOn && local.videoTrack !== null;
  const sharing = local.screenTrack !== null;
  const participants = room.participants;
  const session = room.breakout.session;
  const myRoom = placeOf(session, selfId);
  // While breakout rooms are open, the stage shows (and receives) only the people of our room.
  const present = useMemo(() => (session === null ? participants : peopleIn(participants, session, myRoom)), [participants, session, myRoom]);
  const positions = useMemo(() => handPositions(room.hands), [room.hands]);
  const ownHand = room.hands.find((h) => h.participant === selfId);
  const mayRaiseHand = chair || (room.policy?.hands ?? true);
  const chat = useChat(meeting, room, openPanel === 'chat');
  const { start: startChat } = chat;
  const mayChat = chair || room.chat.enabled;
  const timerAnnouncement = useTimerAnnouncement(room.timer);
  const pollAnnouncement = usePollAttention(room.polls, self, openPanel, {
    openPolls: () => setOpenPanel('polls'),
    notice: (by) => meeting.noticePollStarted(by),
  });
  const hasPolls = room.polls.polls.length > 0;
  const voteAnnouncement = useVoteAttention(room.votes, selfId, openPanel, {
    openVotes: () => setOpenPanel('votes'),
    notice: (by) => meeting.noticeVoteStarted(by),
  });
  const hasVotes = room.votes.votes.length > 0;
  const receipts = useVoteReceipts(room.roomId, room.votes);
  const openChatWith = useCallback(
    (participantId: ParticipantId) => {
      startChat(peopleKey([participantId], selfId));
      setOpenPanel('chat');
    },
    [startChat, selfId],
  );

  useEffect(() => {
    setActiveSpeaker((previous) => nextActiveSpeaker(previous, present, selfId));
    setPresenterIds((previous) => {
      const next = nextPresenters(previous, present);
      return next.length === previous.length && next.every((id, i) => id === previous[i]) ? previous : next;
    });
  }, [present, selfId]);

  // A pinned person who left (or is in another breakout room) is unpinned.
  useEffect(() => {
    if (pinned !== null && !present.some((p) => p.id === pinned)) setPinned(null);
  }, [present, pinned]);

  // A newly started screen is shown large (the newest wins).
  const newestPresenter = presenterIds[0] ?? null;
  useEffect(() => {
    setChosenPresenter(null);
  }, [newestPresenter]);

  const ordered = useMemo(() => podiumFirst(present), [present]);
  // The first page of a large room, derived during render from what it was (the same input gives
  // the same state, so this settles at once and the subscription never sees an outdated page).
  const lastN = nextLastN(lastNBefore, { participants: ordered, selfId, perPage, pinned, floor: room.turn?.participant ?? null });
  if (lastN !== lastNBefore) setLastN(lastN);

  const stage = stageFor({
    participants: ordered,
    selfId,
    mode: layout,
    pinned,
    activeSpeaker,
    presenters: presenterIds,
    chosenPresenter,
    perPage,
    stripSize,
    page: requestedPage,
    firstPage: lastN.slots,
  });
  const subscribeKey = stage.subscribe.join('\n');
  const largeKey = stage.large.join('\n');

  const moderate = useCallback((command: ModerationCommand) => void meeting.moderate(command), [meeting]);
  const floor = useCallback((command: FloorCommand) => void meeting.floor(command), [meeting]);
  const dismissNotice = useCallback((id: number) => meeting.dismissNotice(id), [meeting]);
  const dismissBreakoutNotice = useCallback((id: number) => meeting.dismissBreakoutNotice(id), [meeting]);
  const goToRoom = (target: number | null) => {
    if (selfId !== null) void meeting.breakout(moveCommand(selfId, target));
  };

  useEffect(() => {
    const ids = (key: string) => (key === '' ? [] : key.split('\n'));
    meeting.setVisibleParticipants(ids(subscribeKey), ids(largeKey));
  }, [meeting, subscribeKey, largeKey]);

  useEffect(() => {
    if (stage.page.page !== requestedPage) setRequestedPage(stage.page.page);
  }, [stage.page.page, requestedPage]);

  // Another kind of stage starts on its first page.
  const stageKind = stage.kind;
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    setRequestedPage(0);
  }, [stageKind]);

  // A side panel for chairs closes when the chair is gone; simple mode has no side panels.
  useEffect(() => {
    if (!chair && (openPanel === 'moderation' || openPanel === 'timer' || openPanel === 'breakout')) setOpenPanel(null);
    if (!chair) setWaitingListOpen(false);
  }, [chair, openPanel]);
  useEffect(() => {
    if (simple) setOpenPanel((open) => (open === 'polls' || open === 'votes' ? open : null));
  }, [simple]);

  // With the Polls panel open, the polls so far are seen and the notice about one is answered.
  const pollsOpen = openPanel === 'polls';
  useEffect(() => {
    if (!pollsOpen) return;
    meeting.markPollsSeen();
    for (const n of room.notices) if (n.kind === 'poll_started') meeting.dismissNotice(n.id);
  }, [pollsOpen, room.polls.polls, room.notices, meeting]);

  // With the Votes panel open, the votes so far are seen and the notices about them are answered.
  const votesOpen = openPanel === 'votes';
  useEffect(() => {
    if (!votesOpen) return;
    meeting.markVotesSeen();
    for (const n of room.notices) if (n.kind === 'vote_started' || n.kind === 'vote_problem') meeting.dismissNotice(n.id);
  }, [votesOpen, room.votes.votes, room.notices, meeting]);

  // Once the microphone is on, requests to switch it on are answered.
  useEffect(() => {
    if (!selfAudio) return;
    for (const n of room.notices) {
      if (n.kind === 'unmute_requested' || n.kind === 'microphone_restricted' || n.kind === 'microphone_blocked') meeting.dismissNotice(n.id);
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

  const toggleMicrophone = () => void meeting.setMicrophoneOn(!selfAudio);
  const toggleCamera = () => void meeting.setCameraOn(!selfVideo);

  useMeetingShortcuts({
    microphoneOn: selfAudio,
    toggleMicrophone,
    toggleCamera,
    setMicrophoneOn: (on) => void meeting.setMicrophoneOn(on),
    closePanel: () => setOpenPanel(null),
    showHelp: () => setShortcutsOpen(true),
  });

  const changeLayout = (next: LayoutMode) => {
    setLayout(next);
    setRequestedPage(0);
    saveLayout(storage, next);
  };

  const speakerName = room.turn !== null ? (room.names[room.turn.participant] ?? '') : '';
  const alone = participants.length <= 1 && room.status === 'connected';

  return (
    <div className={`meeting ${simple ? 'meeting-simple' : ''}`} data-layout={stage.kind}>
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
        layout={layout}
        presenting={stage.kind === 'screen'}
        fullscreen={fullscreen.active}
        canFullscreen={fullscreen.supported}
        simple={simple}
        onLayoutChange={changeLayout}
        onToggleFullscreen={fullscreen.toggle}
        onShowShortcuts={() => setShortcutsOpen(true)}
        onShowSettings={() => setSettingsOpen(true)}
        onEndTurn={() => floor({ action: 'end_turn' })}
      />

      <div className="banner-slot" role="status">
        {room.status === 'reconnecting' && <div className="banner">{t('meeting.reconnecting')}</div>}
        {sharing && room.status !== 'reconnecting' && <div className="banner banner-calm">{t('meeting.youAreSharing')}</div>}
        {quality.self === 'poor' && room.status === 'connected' && (
          <div className="banner banner-calm" data-connection-warning="">
            {t('meeting.connection.poorSelf')}
          </div>
        )}
      </div>

      <Notices
        notices={room.notices}
        names={room.names}
        onDismiss={dismissNotice}
        onUnmute={() => void meeting.setMicrophoneOn(true)}
        onShowPolls={() => setOpenPanel('polls')}
        onShowVotes={() => setOpenPanel('votes')}
      />
      <BreakoutNotices notices={room.breakout.notices} onDismiss={dismissBreakoutNotice} />
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
              breakout={
                session === null
                  ? undefined
                  : { roomOf: (id) => roomOf(session, id), here: myRoom, onAnswerInChat: openChatWith, onGoTo: goToRoom }
              }
            />
          )}
          {session !== null && (
            <BreakoutBanner session={session} selfId={selfId} clockOffset={room.clockOffset} chair={chair} onReturn={() => goToRoom(null)} />
          )}
          {room.timer.timer !== null && (
            <TimerCard
              key={`${room.timer.timer.started_at}/${room.timer.timer.by}`}
              timer={room.timer.timer}
              expired={room.timer.expired}
              clockOffset={room.clockOffset}
              selfId={selfId}
              participants={participants}
              chair={chair}
              onSetReady={(ready) => void meeting.setReady(ready)}
            />
          )}
          <StageView
            stage={stage}
            selfId={selfId}
            selfVideo={selfVideo ? local.videoTrack : null}
            remote={remote}
            pinned={pinned}
            narrow={narrow}
            alone={alone}
            meetingUrl={meetingUrl}
            tileProps={(p) => {
              const position = positions.get(p.id);
              const hand = position === undefined ? undefined : room.hands[position - 1];
              return {
                quality: p.id === selfId ? quality.self : (quality.remote.get(p.id) ?? 'good'),
                muted: isMuted(p),
                hand: hand === undefined || position === undefined ? undefined : { position, pointOfOrder: hand.point_of_order },
              };
            }}
            onTogglePin={(id) => setPinned((current) => (current === id ? null : id))}
            onPage={setRequestedPage}
            onChoosePresenter={setChosenPresenter}
          />
        </main>
        {openPanel === 'participants' && (
          <ParticipantsPanel
            id={participantsPanelId}
            participants={chair ? participants : present}
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
            onMessage={mayChat ? openChatWith : undefined}
            rooms={
              chair && session !== null
                ? roomsWithPeople(participants, session).map((r) => ({ name: r.room?.name ?? t('breakout.mainRoom'), members: r.people.map((p) => p.id) }))
                : undefined
            }
            onClose={() => setOpenPanel(null)}
          />
        )}
        {openPanel === 'chat' && (
          <ChatPanel
            id={chatPanelId}
            chat={room.chat}
            selfId={selfId}
            participants={participants}
            names={room.names}
            chair={chair}
            clockOffset={room.clockOffset}
            breakoutRooms={Object.fromEntries((room.breakout.session?.rooms ?? []).map((r) => [r.id, r.name]))}
            controller={chat}
            onSetEnabled={(enabled) => void meeting.setChatEnabled(enabled)}
            onClear={() => void meeting.clearChat()}
            onClose={() => setOpenPanel(null)}
          />
        )}
        {openPanel === 'polls' && (
          <PollsPanel
            id={pollsPanelId}
            polls={room.polls}
            self={self}
            chair={chair}
            roomId={room.roomId}
            showPrepared={me !== null && chair}
            clockOffset={room.clockOffset}
            lastError={room.lastError}
            onStart={(definition, preparedId) => meeting.startPoll(definition, preparedId)}
            onVote={(pollId, choices) => meeting.vote(pollId, choices)}
            onClosePoll={(pollId) => meeting.closePoll(pollId)}
            onClose={() => setOpenPanel(null)}
          />
        )}
        {openPanel === 'votes' && (
          <VotesPanel
            id={votesPanelId}
            votes={room.votes}
            selfId={selfId}
            chair={chair}
            roomId={room.roomId}
            showPrepared={me !== null && chair}
            participants={participants}
            names={room.names}
            receipts={receipts}
            clockOffset={room.clockOffset}
            lastError={room.lastError}
            onStart={(definition, preparedId) => meeting.startVote(definition, preparedId)}
            onCast={(voteId, choice) => meeting.castVote(voteId, choice)}
            onCloseVote={(voteId) => meeting.closeVote(voteId)}
            onCancelVote={(voteId, reason) => meeting.cancelVote(voteId, reason)}
            onReport={(voteId, problem, text) => meeting.reportVoteProblem(voteId, problem, text)}
            onClose={() => setOpenPanel(null)}
          />
        )}
        {openPanel === 'timer' && chair && (
          <TimerPanel
            id={timerPanelId}
            timer={room.timer.timer}
            expired={room.timer.expired}
            participants={participants}
            selfId={selfId}
            lastError={room.lastError}
            onStart={(timerTitle, seconds, readyCheck) => meeting.startTimer(timerTitle, seconds, readyCheck)}
            onStop={() => meeting.stopTimer()}
            onStartBreak={(minutes) => meeting.startBreak(minutes)}
            onClose={() => setOpenPanel(null)}
          />
        )}
        {openPanel === 'breakout' && chair && (
          <BreakoutPanel
            id={breakoutPanelId}
            session={session}
            participants={participants}
            selfId={selfId}
            roomId={room.roomId}
            showPrepared={me !== null}
            meetingRoom={title !== undefined}
            clockOffset={room.clockOffset}
            lastError={room.lastError}
            onCommand={(command) => meeting.breakout(command)}
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
        screenSharing={sharing}
        canShareScreen={localMedia.canShareScreen}
        mayShareScreen={meeting.mayShareScreen()}
        participantCount={participants.length}
        handRaised={ownHand !== undefined}
        mayRaiseHand={mayRaiseHand}
        chair={chair}
        waitingCount={room.waitingList.length}
        unreadChat={unseenCount(room.chat, selfId)}
        polls={simple ? hasPolls : chair || hasPolls}
        unseenPolls={pollsOpen ? 0 : unseenPolls(room.polls, self)}
        votes={simple ? hasVotes : chair || hasVotes}
        unseenVotes={votesOpen ? 0 : unseenVotes(room.votes, selfId)}
        openPanel={openPanel}
        panelIds={{
          participants: participantsPanelId,
          chat: chatPanelId,
          polls: pollsPanelId,
          votes: votesPanelId,
          timer: timerPanelId,
          moderation: moderationPanelId,
          breakout: breakoutPanelId,
        }}
        simple={simple}
        onToggleMicrophone={toggleMicrophone}
        onToggleCamera={toggleCamera}
        onToggleScreen={() => void meeting.setScreenSharing(!sharing)}
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
      <SettingsDialog
        isOpen={settingsOpen}
        onOpenChange={setSettingsOpen}
        localMedia={localMedia}
        canChooseSpeaker={canChooseSpeaker()}
        catalogue={catalogue}
        backgroundsAvailable={backgroundsAvailable}
        simpleMode={simple}
        simpleModeFixed={simpleMode.fixed}
        onSimpleModeChange={(on) => {
          setPersonalSimple(on);
          saveSimpleMode(storage, on);
        }}
        onBackgroundChange={(choice) => {
          void localMedia.setBackground(choice);
          saveText(storage, PREFERENCE_KEYS.background, formatBackground(choice));
        }}
        onSpeakerChange={(id) => {
          localMedia.selectSpeaker(id);
          saveText(storage, PREFERENCE_KEYS.speakerId, id);
        }}
      />
      <ShortcutsDialog isOpen={shortcutsOpen} onOpenChange={setShortcutsOpen} />
      {room.timer.coffeeBreak !== null && (
        <BreakView
          coffeeBreak={room.timer.coffeeBreak}
          clockOffset={room.clockOffset}
          chair={chair}
          microphoneOn={selfAudio}
          cameraOn={selfVideo}
          onToggleMicrophone={toggleMicrophone}
          onToggleCamera={toggleCamera}
          onEndBreak={() => void meeting.endBreak()}
          onLeave={onLeave}
        />
      )}
      <RemoteAudio participants={present} selfId={selfId} remote={remote} sinkId={local.speakerId} />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-chat-announcement="">
        {simple ? '' : chat.announcement}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-timer-announcement="">
        {timerAnnouncement}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-poll-announcement="">
        {pollAnnouncement}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-vote-announcement="">
        {voteAnnouncement}
      </div>
    </div>
  );
}
