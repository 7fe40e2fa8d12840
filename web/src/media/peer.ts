// The RTCPeerConnection seen through a small interface, so the media session can be tested with
// a fake (fakes.ts) and run against the browser's implementation (browserPeerFactory). It holds
// no negotiation logic (see mediaSession.ts) and touches no DOM.

export interface SenderLike {
  replaceTrack(track: MediaStreamTrack | null): Promise<void>;
  /** Encoding parameters (absent in fakes that do not model them). */
  getParameters?(): RTCRtpSendParameters;
  setParameters?(parameters: RTCRtpSendParameters): Promise<void>;
}

/** The statistics of a peer connection, as far as they are read here (RTCStatsReport). */
export interface StatsReportLike {
  forEach(callback: (stat: Record<string, unknown>) => void): void;
}

export interface TransceiverLike {
  readonly mid: string | null;
  readonly sender: SenderLike;
}

export interface PeerConnectionLike {
  addTransceiver(kind: 'audio' | 'video', init: { direction: RTCRtpTransceiverDirection; sendEncodings?: RTCRtpEncodingParameters[] }): TransceiverLike;
  createOffer(): Promise<RTCSessionDescriptionInit>;
  createAnswer(): Promise<RTCSessionDescriptionInit>;
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  readonly localDescription: { readonly sdp: string } | null;
  readonly connectionState: RTCPeerConnectionState;
  getStats(): Promise<StatsReportLike>;
  close(): void;
}

export interface PeerHandlers {
  /** A remote track arrived on the transceiver with this mid. */
  onTrack(mid: string | null, track: MediaStreamTrack): void;
  onConnectionStateChange(state: RTCPeerConnectionState): void;
}

export type PeerFactory = (handlers: PeerHandlers) => PeerConnectionLike;

/** Real browser peer connections. The node is ICE-lite and sends its candidate in its SDP. */
export function browserPeerFactory(configuration: RTCConfiguration = {}): PeerFactory {
  return (handlers) => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', ...configuration });
    pc.ontrack = (event) => handlers.onTrack(event.transceiver.mid, event.track);
    pc.onconnectionstatechange = () => handlers.onConnectionStateChange(pc.connectionState);
    return {
      addTransceiver: (kind, init) => pc.addTransceiver(kind, init),
      createOffer: () => pc.createOffer(),
      createAnswer: () => pc.createAnswer(),
      setLocalDescription: (d) => pc.setLocalDescription(d),
      setRemoteDescription: (d) => pc.setRemoteDescription(d),
      get localDescription() {
        return pc.localDescription;
      },
      get connectionState() {
        return pc.connectionState;
      },
      getStats: () => pc.getStats(),
      close: () => {
        pc.ontrack = null;
        pc.onconnectionstatechange = null;
        pc.close();
      },
    };
  };
}
