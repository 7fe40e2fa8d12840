// One stay in a meeting, wiring the layers below the UI together: it asks the controller for a
// ticket, runs the Signaling (client/), feeds the RoomStore and the chairs' event console
// (client/) and the MediaSession, and mirrors our LocalMedia into the peer connection
// (replaceTrack) and `control/update_media` (microphone, camera, screen). It starts media only
// once admitted (not in the waiting room; anew after being sent back there), applies "mute on
// entry", follows moderators who switch our microphone or camera off or stop our screen share,
// switches the microphone off (or stops the share) when the policy no longer allows it or the
// node refuses it, says so when the browser blocks a device, switches camera and microphone off
// once when a coffee break begins (also for a late joiner; not again after resuming), and sends
// moderation, floor, chat, timer, polls, breakout and votes commands (and tells the room store
// what of the chat, the polls and the votes was seen, and when a poll or a vote started while the
// person looked elsewhere). It holds the connection quality sampler over the media session (the UI
// starts and stops it; leaving disposes of it). It renders nothing and owns no DOM; the UI creates
// one Meeting per join and reads its stores.
import { resolveWsUrl, type PlenumApi } from '../client/api';
import { EventConsoleStore } from '../client/eventConsole';
import { mayShareScreen, mayUseMicrophone } from '../client/roles';
import { RoomStore, selfOf, type NoticeKind } from '../client/roomStore';
import { Signaling, type SignalingError, type SignalingOptions, type SocketFactory } from '../client/signaling';
import type { ConversationKey } from '../client/chat';
import type {
  BreakoutCommand,
  ChatAudience,
  FloorCommand,
  ModerationCommand,
  ParticipantId,
  PollDefinition,
  PollsCommand,
  Problem,
  RoomId,
  RoomPolicy,
  ServerEnvelope,
  TicketRequest,
  TimerCommand,
  VoteDefinition,
  VotesCommand,
} from '../protocol/generated';
import type { LocalMediaState } from './localMedia';
import { MediaSession } from './mediaSession';
import type { PeerFactory } from './peer';
import { QualitySampler } from './qualitySampler';

/** What the meeting needs from our local media. */
export interface LocalMediaSource {
  getSnapshot(): LocalMediaState;
  subscribe(listener: () => void): () => void;
  setMicrophoneOn(on: boolean): Promise<void>;
  setCameraOn(on: boolean): Promise<void>;
  startScreenShare(): Promise<void>;
  stopScreenShare(): void;
  stop(): void;
}

/** What admits us to a meeting's room besides being invited, and how we are recognised. */
export interface RoomAccess {
  /** The meeting's password. */
  password?: string;
  /** A guest link's token (`?g=`). */
  guestToken?: string;
  /** The owner key of an ad-hoc room this browser created: joins as its owner. */
  ownerKey?: string;
  /** This browser's guest key. */
  guestKey?: string;
}

export type SignalingTiming = Pick<SignalingOptions, 'pingIntervalMs' | 'silenceTimeoutMs' | 'reconnectWindowMs' | 'backoffMs'>;

export interface MeetingOptions {
  roomId: RoomId;
  api: Pick<PlenumApi, 'requestTicket'>;
  socketFactory: SocketFactory;
  peerFactory: PeerFactory;
  localMedia: LocalMediaSource;
  /** The page URL, to resolve a relative `ws_url`. */
  pageUrl: string;
  timing?: SignalingTiming;
}

interface SentMediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

export class Meeting {
  readonly room = new RoomStore();
  /** The chairs' event console (empty for everyone else). */
  readonly console = new EventConsoleStore(this.room);
  readonly media: MediaSession;
  /** The connection quality per person (started by the UI while the meeting is on screen). */
  readonly quality: QualitySampler;
  private readonly options: MeetingOptions;
  private signaling: Signaling | null = null;
  private unsubscribeLocal: (() => void) | null = null;
  private sentMediaState: SentMediaState | null = null;
  /** Admitted (`joined`) and not sent back to the waiting room. */
  private admitted = false;
  /** The policy after admission was applied; our media state may be sent. */
  private mediaStateReady = false;
  /** The admission was an entry (not a resume): "mute on entry" applies. */
  private entering = false;
  private finished = false;
  /** The start of the last coffee break we switched camera and microphone off for. */
  private breakSeen: number | null = null;

  constructor(options: MeetingOptions) {
    this.options = options;
    this.media = new MediaSession({
      peerFactory: options.peerFactory,
      send: (payload) => this.signaling?.send({ namespace: 'media', payload }) ?? null,
      onError: (error) =>
        this.room.dispatch({
          type: 'error',
          error: { id: undefined, code: 'media_failed', message: error instanceof Error ? error.message : String(error) },
        }),
    });
    this.quality = new QualitySampler({
      getStats: () => this.media.getStats(),
      ownerOf: (stream) => this.media.ownerOf(stream),
    });
  }

  /**
   * Asks for a ticket (with the password or guest token, when given) and connects. Rejects
   * (with an ApiRequestError) when no ticket was granted; everything after that is reported
   * through `room` (status `connected`, `ended`, …).
   */
  async join(displayName: string, access: RoomAccess = {}): Promise<void> {
    const { api, roomId, pageUrl } = this.options;
    const request: TicketRequest = { display_name: displayName };
    if (access.password !== undefined && access.password !== '') request.password = access.password;
    if (access.guestToken !== undefined && access.guestToken !== '') request.guest_token = access.guestToken;
    if (access.ownerKey !== undefined && access.ownerKey !== '') request.owner_key = access.ownerKey;
    if (access.guestKey !== undefined && access.guestKey !== '') request.guest_key = access.guestKey;
    const granted = await api.requestTicket(roomId, request);
    if (this.finished) return;
    const signaling = new Signaling({
      url: resolveWsUrl(granted.ws_url, pageUrl),
      ticket: granted.ticket,
      socketFactory: this.options.socketFactory,
      renewTicket: async () => {
        const fresh = await api.requestTicket(roomId, request);
        return { ticket: fresh.ticket, url: resolveWsUrl(fresh.ws_url, pageUrl) };
      },
      ...this.options.timing,
    });
    this.signaling = signaling;
    signaling.listen({
      message: (envelope) => this.onServer(envelope),
      error: (error) => this.onError(error),
      status: (status, reason) => {
        this.room.dispatch({ type: 'status', status, reason });
        if (status === 'ended') this.finish();
      },
    });
    const local = this.options.localMedia;
    this.applyLocal(local.getSnapshot());
    this.unsubscribeLocal = local.subscribe(() => this.applyLocal(local.getSnapshot()));
    signaling.connect();
  }

  /** The remote participants whose tiles are visible now. */
  setVisibleParticipants(ids: readonly ParticipantId[], large: readonly ParticipantId[] = []): void {
    this.media.setVisibleParticipants(ids, large);
  }

  /** Sends a moderation command (chairs); returns its id, or null when it could not be sent. */
  moderate(command: ModerationCommand): number | null {
    return this.signaling?.send({ namespace: 'moderation', payload: command }) ?? null;
  }

  /** Sends a floor command (hands, turns); returns its id, or null when it could not be sent. */
  floor(command: FloorCommand): number | null {
    return this.signaling?.send({ namespace: 'floor', payload: command }) ?? null;
  }

  /** Sends a chat message; returns its id (to match a refusal), or null when it could not be sent. */
  sendChat(to: ChatAudience, text: string): number | null {
    return this.signaling?.send({ namespace: 'chat', payload: { action: 'send', to, text } }) ?? null;
  }

  /** Switches the chat on or off for everyone but the chairs (chairs). */
  setChatEnabled(enabled: boolean): number | null {
    return this.signaling?.send({ namespace: 'chat', payload: { action: 'set_enabled', enabled } }) ?? null;
  }

  /** Removes every message to everyone (chairs); private and group messages stay. */
  clearChat(): number | null {
    return this.signaling?.send({ namespace: 'chat', payload: { action: 'clear' } }) ?? null;
  }

  /**
   * Starts a countdown of `seconds` (null: a stopwatch) for everyone, replacing a running timer
   * (chairs); with `readyCheck` everyone is asked to mark themselves ready.
   */
  startTimer(title: string, seconds: number | null, readyCheck: boolean): number | null {
    const payload: TimerCommand =
      seconds === null ? { action: 'start', title, ready_check: readyCheck } : { action: 'start', title, seconds, ready_check: readyCheck };
    return this.timer(payload);
  }

  /** Removes the timer for everyone (chairs). */
  stopTimer(): number | null {
    return this.timer({ action: 'stop' });
  }

  /** Marks us ready or not ready (while the timer has a ready check). */
  setReady(ready: boolean): number | null {
    return this.timer({ action: 'set_ready', ready });
  }

  /** Starts a coffee break of `minutes` (1–120) for everyone (chairs). */
  startBreak(minutes: number): number | null {
    return this.timer({ action: 'start_break', minutes });
  }

  /** Ends the coffee break early (chairs). */
  endBreak(): number | null {
    return this.timer({ action: 'end_break' });
  }

  private timer(payload: TimerCommand): number | null {
    return this.signaling?.send({ namespace: 'timer', payload }) ?? null;
  }

  /** Starts a poll for everyone (chairs), from a prepared poll when `preparedId` names one. */
  startPoll(definition: PollDefinition, preparedId?: string): number | null {
    return this.polls(preparedId === undefined ? { action: 'start', definition } : { action: 'start', definition, prepared_id: preparedId });
  }

  /** Answers a running poll with the indices of the chosen answers. */
  vote(pollId: number, choices: readonly number[]): number | null {
    return this.polls({ action: 'vote', poll_id: pollId, choices: [...choices] });
  }

  /** Closes a running poll now (chairs). */
  closePoll(pollId: number): number | null {
    return this.polls({ action: 'close', poll_id: pollId });
  }

  private polls(payload: PollsCommand): number | null {
    return this.signaling?.send({ namespace: 'polls', payload }) ?? null;
  }

  /** The Polls panel is open: the polls so far no longer count on the toolbar. */
  markPollsSeen(): void {
    this.room.dispatch({ type: 'polls_seen' });
  }

  /** A poll we may answer started while another side panel was open: say so. */
  noticePollStarted(by: ParticipantId): void {
    this.room.dispatch({ type: 'notice', kind: 'poll_started', by });
  }

  /** Starts a binding vote (chairs), from a prepared vote when `preparedId` names one. */
  startVote(definition: VoteDefinition, preparedId?: string): number | null {
    return this.votes(preparedId === undefined ? { action: 'start', definition } : { action: 'start', definition, prepared_id: preparedId });
  }

  /** Casts our ballot in a running vote: the index of the chosen option. */
  castVote(voteId: number, choice: number): number | null {
    return this.votes({ action: 'cast', vote_id: voteId, choice });
  }

  /** Closes a running vote now; its result stands (chairs). */
  closeVote(voteId: number): number | null {
    return this.votes({ action: 'close', vote_id: voteId });
  }

  /** Cancels a running vote without a result, for the recorded reason (chairs). */
  cancelVote(voteId: number, reason: string): number | null {
    return this.votes({ action: 'cancel', vote_id: voteId, reason });
  }

  /** Tells the moderators that we could not follow a running vote (eligible voters). */
  reportVoteProblem(voteId: number, problem: Problem, text?: string): number | null {
    return this.votes(text === undefined ? { action: 'report_problem', vote_id: voteId, problem } : { action: 'report_problem', vote_id: voteId, problem, text });
  }

  private votes(payload: VotesCommand): number | null {
    return this.signaling?.send({ namespace: 'votes', payload }) ?? null;
  }

  /** The Votes panel is open: the votes so far no longer count on the toolbar. */
  markVotesSeen(): void {
    this.room.dispatch({ type: 'votes_seen' });
  }

  /** A vote we may vote in started while another side panel was open: say so. */
  noticeVoteStarted(by: ParticipantId): void {
    this.room.dispatch({ type: 'notice', kind: 'vote_started', by });
  }

  /** Sends a breakout-rooms command (chairs); returns its id, or null when it could not be sent. */
  breakout(command: BreakoutCommand): number | null {
    return this.signaling?.send({ namespace: 'breakout', payload: command }) ?? null;
  }

  /** Hides a notice about the breakout rooms. */
  dismissBreakoutNotice(id: number): void {
    this.room.dispatch({ type: 'breakout_dismiss', id });
  }

  /** A chat conversation is shown: its messages count as read. */
  markChatRead(key: ConversationKey): void {
    this.room.dispatch({ type: 'chat_read', key });
  }

  /** The chat panel is open: what arrived so far no longer counts on the toolbar. */
  markChatSeen(): void {
    this.room.dispatch({ type: 'chat_seen' });
  }

  /**
   * Switches our microphone on or off. While microphones are restricted and we may not speak,
   * switching it on is not tried: a notice explains why.
   */
  async setMicrophoneOn(on: boolean): Promise<void> {
    const state = this.room.getSnapshot();
    const self = selfOf(state);
    if (on && self !== undefined && !mayUseMicrophone(self, state.policy, state.allowedMicrophones)) {
      this.notice('microphone_restricted');
      return;
    }
    const local = this.options.localMedia;
    await local.setMicrophoneOn(on);
    // The browser refused the microphone: say so instead of doing nothing.
    const after = local.getSnapshot();
    if (on && !after.microphoneOn && after.microphoneProblem !== null) this.notice('microphone_blocked');
  }

  /** Switches our camera on or off; says so when the browser refuses the camera. */
  async setCameraOn(on: boolean): Promise<void> {
    const local = this.options.localMedia;
    await local.setCameraOn(on);
    const after = local.getSnapshot();
    if (on && !after.cameraOn && after.cameraProblem !== null) this.notice('camera_blocked');
  }

  /** Whether the policy lets us share our screen now. */
  mayShareScreen(): boolean {
    const state = this.room.getSnapshot();
    const self = selfOf(state);
    return self === undefined || mayShareScreen(self, state.policy);
  }

  /**
   * Starts or stops sharing our screen. While only moderators and podium guests may share,
   * starting is not tried: a notice explains why. A cancelled picker is no error.
   */
  async setScreenSharing(on: boolean): Promise<void> {
    const local = this.options.localMedia;
    if (!on) {
      local.stopScreenShare();
      return;
    }
    if (!this.mayShareScreen()) {
      this.notice('screen_share_restricted');
      return;
    }
    await local.startScreenShare();
    const after = local.getSnapshot();
    if (after.screenTrack === null && after.screenProblem !== null && after.screenProblem !== 'denied') this.notice('screen_share_failed');
  }

  /** Hides a notice. */
  dismissNotice(id: number): void {
    this.room.dispatch({ type: 'dismiss_notice', id });
  }

  /** Leaves for good (`control/leave`, close 1000), closes media and stops our tracks. */
  leave(): void {
    if (this.signaling !== null) this.signaling.leave();
    else {
      this.room.dispatch({ type: 'status', status: 'ended', reason: 'left' });
      this.finish();
    }
  }

  private onServer(envelope: ServerEnvelope): void {
    const wasWaiting = this.room.getSnapshot().waiting;
    this.room.dispatch({ type: 'server', envelope, receivedAt: Date.now() });
    switch (envelope.namespace) {
      case 'control': {
        const event = envelope.payload;
        if (event.event === 'joined') {
          this.admitted = true;
          this.mediaStateReady = false;
          this.entering = wasWaiting || !event.resumed;
          this.sentMediaState = null;
          // After the waiting room, media starts afresh with a new offer.
          this.media.handleJoined(event.resumed && !wasWaiting);
        } else if (event.event === 'participant_updated' && event.participant.id === this.room.getSnapshot().selfId) {
          this.enforceRestriction();
        } else if (event.event === 'waiting') {
          // Sent back (or still) in the waiting room: no media until admitted again.
          this.admitted = false;
          this.mediaStateReady = false;
          this.sentMediaState = null;
          this.media.close();
        }
        return;
      }
      case 'moderation': {
        const event = envelope.payload;
        if (event.event === 'state' && this.admitted && !this.mediaStateReady) this.applyEntryPolicy(event.policy);
        else if (event.event === 'muted') void this.options.localMedia.setMicrophoneOn(false);
        else if (event.event === 'video_stopped') void this.options.localMedia.setCameraOn(false);
        else if (event.event === 'screen_share_stopped') this.options.localMedia.stopScreenShare();
        else if (event.event === 'policy_changed' || event.event === 'microphones_allowed') this.enforceRestriction();
        return;
      }
      case 'media':
        if (this.admitted) this.media.handleEvent(envelope.payload);
        return;
      case 'timer': {
        const event = envelope.payload;
        if (event.event === 'break_started') this.onBreak(event.coffee_break.started_at);
        else if (event.event === 'state' && event.coffee_break !== undefined) this.onBreak(event.coffee_break.started_at);
        return;
      }
      case 'floor':
      case 'chat':
      case 'polls':
      case 'breakout':
      case 'votes':
      case 'error':
        return;
    }
  }

  /**
   * A coffee break we had not seen yet began (or was running when we came in): camera and
   * microphone go off, once. People may switch them on again; resuming does not switch them off
   * a second time.
   */
  private onBreak(startedAt: number): void {
    if (!this.admitted || this.breakSeen === startedAt) return;
    this.breakSeen = startedAt;
    const local = this.options.localMedia;
    const now = local.getSnapshot();
    if (now.cameraOn) void local.setCameraOn(false);
    if (now.microphoneOn) void local.setMicrophoneOn(false);
  }

  /**
   * The first policy after admission: with "mute on entry" (and when microphones are restricted
   * and we may not speak) the microphone goes off before our media state is sent.
   */
  private applyEntryPolicy(policy: RoomPolicy): void {
    const state = this.room.getSnapshot();
    const self = selfOf(state);
    const restricted = self !== undefined && !mayUseMicrophone(self, policy, state.allowedMicrophones);
    const mute = (this.entering && policy.mute_on_entry) || restricted;
    const ready = () => {
      if (!this.admitted) return;
      this.mediaStateReady = true;
      this.sendMediaState();
    };
    if (mute && this.options.localMedia.getSnapshot().microphoneOn) {
      void this.options.localMedia.setMicrophoneOn(false).then(ready);
    } else {
      ready();
    }
  }

  /**
   * Microphones became restricted (or we lost the permission to speak) while ours is on: switch
   * it off here as well and say why, so what we show matches what the node lets through.
   */
  private enforceRestriction(): void {
    if (!this.admitted || !this.mediaStateReady) return;
    const state = this.room.getSnapshot();
    const self = selfOf(state);
    if (self === undefined) return;
    const local = this.options.localMedia;
    if (local.getSnapshot().screenTrack !== null && !mayShareScreen(self, state.policy)) {
      local.stopScreenShare();
      this.notice('screen_share_restricted');
    }
    if (mayUseMicrophone(self, state.policy, state.allowedMicrophones)) return;
    if (!local.getSnapshot().microphoneOn) return;
    void local.setMicrophoneOn(false);
    this.notice('microphone_restricted');
  }

  /**
   * The node refused our media state (microphone or screen not allowed): switch off what it
   * refused and say why. The rest is sent again once the local state changed.
   */
  private onError(error: SignalingError): void {
    const command = error.command;
    if (error.code !== 'forbidden' || command?.namespace !== 'control' || command.payload.action !== 'update_media') return;
    const { audio, screen } = command.payload;
    if (!audio && !screen) return;
    const state = this.room.getSnapshot();
    const self = selfOf(state);
    const screenRefused = screen && (self === undefined || !mayShareScreen(self, state.policy));
    const microphoneRefused = audio && (self === undefined || !mayUseMicrophone(self, state.policy, state.allowedMicrophones));
    const local = this.options.localMedia;
    // Without knowing which, the screen is the newer request (the microphone is checked first).
    const stopScreen = screenRefused || (screen && !microphoneRefused);
    const muteMicrophone = microphoneRefused || (audio && !screen);
    // The node keeps what it had: the refused parts off, the rest as asked before.
    this.sentMediaState = { audio: audio && !muteMicrophone, video: command.payload.video, screen: screen && !stopScreen };
    if (stopScreen) {
      local.stopScreenShare();
      this.notice('screen_share_restricted');
    }
    if (muteMicrophone) {
      void local.setMicrophoneOn(false);
      this.notice('microphone_restricted');
    }
  }

  private notice(kind: NoticeKind): void {
    this.room.dispatch({ type: 'notice', kind });
  }

  private applyLocal(state: LocalMediaState): void {
    if (this.finished) return;
    this.media.setLocalTracks(state.audioTrack, state.videoTrack, state.screenTrack);
    this.sendMediaState();
  }

  /** Sends `control/update_media` when our microphone/camera state differs from what we sent. */
  private sendMediaState(): void {
    if (!this.admitted || !this.mediaStateReady) return;
    const state = this.options.localMedia.getSnapshot();
    const next = {
      audio: state.microphoneOn && state.audioTrack !== null,
      video: state.cameraOn && state.videoTrack !== null,
      screen: state.screenTrack !== null,
    };
    const sent = this.sentMediaState;
    if (sent !== null && sent.audio === next.audio && sent.video === next.video && sent.screen === next.screen) return;
    const id = this.signaling?.send({ namespace: 'control', payload: { action: 'update_media', ...next } }) ?? null;
    if (id !== null) this.sentMediaState = next;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.unsubscribeLocal?.();
    this.unsubscribeLocal = null;
    this.media.close();
    this.quality.dispose();
    this.console.dispose();
    // After a stay, the camera light goes off. A join that never got in keeps the preview.
    if (this.room.getSnapshot().selfId !== null) this.options.localMedia.stop();
  }
}
