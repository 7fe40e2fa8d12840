// One stay in a meeting, wiring the layers below the UI together: it asks the controller for a
// ticket, runs the Signaling (client/), feeds the RoomStore (client/) and the MediaSession, and
// mirrors our LocalMedia into the peer connection (replaceTrack) and `control/update_media`.
// It renders nothing and owns no DOM; the UI creates one Meeting per join and reads its stores.
import { resolveWsUrl, type PlenumApi } from '../client/api';
import { RoomStore } from '../client/roomStore';
import { Signaling, type SignalingOptions, type SocketFactory } from '../client/signaling';
import type { ParticipantId, RoomId, ServerEnvelope, TicketRequest } from '../protocol/generated';
import type { LocalMediaState } from './localMedia';
import { MediaSession } from './mediaSession';
import type { PeerFactory } from './peer';

/** What the meeting needs from our local media. */
export interface LocalMediaSource {
  getSnapshot(): LocalMediaState;
  subscribe(listener: () => void): () => void;
  stop(): void;
}

/** What admits us to a meeting's room besides being its owner or invited. */
export interface RoomAccess {
  /** The meeting's password. */
  password?: string;
  /** A guest link's token (`?g=`). */
  guestToken?: string;
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
}

export class Meeting {
  readonly room = new RoomStore();
  readonly media: MediaSession;
  private readonly options: MeetingOptions;
  private signaling: Signaling | null = null;
  private unsubscribeLocal: (() => void) | null = null;
  private sentMediaState: SentMediaState | null = null;
  private finished = false;

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
  setVisibleParticipants(ids: readonly ParticipantId[]): void {
    this.media.setVisibleParticipants(ids);
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
    this.room.dispatch({ type: 'server', envelope });
    if (envelope.namespace === 'control' && envelope.payload.event === 'joined') {
      this.media.handleJoined(envelope.payload.resumed);
      this.sentMediaState = null;
      this.sendMediaState();
    } else if (envelope.namespace === 'media') {
      this.media.handleEvent(envelope.payload);
    }
  }

  private applyLocal(state: LocalMediaState): void {
    if (this.finished) return;
    this.media.setLocalTracks(state.audioTrack, state.videoTrack);
    this.sendMediaState();
  }

  /** Sends `control/update_media` when our microphone/camera state differs from what we sent. */
  private sendMediaState(): void {
    const state = this.options.localMedia.getSnapshot();
    const next = { audio: state.microphoneOn && state.audioTrack !== null, video: state.cameraOn && state.videoTrack !== null };
    const sent = this.sentMediaState;
    if (sent !== null && sent.audio === next.audio && sent.video === next.video) return;
    const id = this.signaling?.send({ namespace: 'control', payload: { action: 'update_media', ...next } }) ?? null;
    if (id !== null) this.sentMediaState = next;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.unsubscribeLocal?.();
    this.unsubscribeLocal = null;
    this.media.close();
    // After a stay, the camera light goes off. A join that never got in keeps the preview.
    if (this.room.getSnapshot().selfId !== null) this.options.localMedia.stop();
  }
}
