// The hidden <audio autoplay> elements, one per remote participant, rendered for everyone in
// the room whatever gallery page is shown: received audio must be attached to a media element
// to be decoded and heard. No video, nothing visible.
import { useEffect, useRef } from 'react';
import type { Participant } from '../../protocol/generated';
import type { RemoteMediaMap } from '../../media/mediaSession';

function AudioSink({ participantId, track }: { participantId: string; track: MediaStreamTrack | null }) {
  const ref = useRef<HTMLAudioElement>(null);
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

export function RemoteAudio({ participants, selfId, remote }: { participants: readonly Participant[]; selfId: string | null; remote: RemoteMediaMap }) {
  return (
    <div hidden>
      {participants
        .filter((p) => p.id !== selfId)
        .map((p) => (
          <AudioSink key={p.id} participantId={p.id} track={remote.get(p.id)?.audio ?? null} />
        ))}
    </div>
  );
}
