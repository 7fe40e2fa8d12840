// The hidden <audio autoplay> elements, one per remote participant, rendered for everyone in
// the room whatever gallery page is shown: received audio must be attached to a media element
// to be decoded and heard; they play through the chosen audio output (setSinkId, where the
// browser has it). No video, nothing visible.
import { useEffect, useRef } from 'react';
import type { Participant } from '../../protocol/generated';
import type { RemoteMediaMap } from '../../media/mediaSession';

type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Whether this browser can choose the audio output of media elements. */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

function AudioSink({ participantId, track, sinkId }: { participantId: string; track: MediaStreamTrack | null; sinkId: string | null }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current as SinkElement | null;
    if (audio === null || sinkId === null || audio.setSinkId === undefined) return;
    audio.setSinkId(sinkId).catch(() => undefined);
  }, [sinkId]);
  useEffect(() => {
    const audio = ref.current;
    if (audio === null || track === null || typeof MediaStream === 'undefined') return undefined;
    audio.srcObject = new MediaStream([track]);
    audio.play().catch(() => undefined);
    return () => {
      audio.srcObject = null;
    };
  }, [track]);
  return <audio ref={ref} autoPlay data-audio-for={participantId} />;
}

export interface RemoteAudioProps {
  participants: readonly Participant[];
  selfId: string | null;
  remote: RemoteMediaMap;
  /** The chosen audio output, or null for the default. */
  sinkId?: string | null;
}

export function RemoteAudio({ participants, selfId, remote, sinkId = null }: RemoteAudioProps) {
  return (
    <div hidden>
      {participants
        .filter((p) => p.id !== selfId)
        .map((p) => (
          <AudioSink key={p.id} participantId={p.id} track={remote.get(p.id)?.audio ?? null} sinkId={sinkId} />
        ))}
    </div>
  );
}
