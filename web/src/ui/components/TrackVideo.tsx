// A <video autoplay playsinline muted> showing one MediaStreamTrack (our camera or a remote
// participant's). Tells the parent when frames are actually playing, so it can keep initials
// visible until then. Audio never plays here (see meeting/RemoteAudio.tsx).
import { useEffect, useRef } from 'react';

export interface TrackVideoProps {
  track: MediaStreamTrack;
  mirrored?: boolean;
  className?: string;
  onPlayingChange?(playing: boolean): void;
}

export function TrackVideo({ track, mirrored = false, className, onPlayingChange }: TrackVideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const onPlaying = useRef(onPlayingChange);
  useEffect(() => {
    onPlaying.current = onPlayingChange;
  });

  useEffect(() => {
    const video = ref.current;
    if (video === null) return undefined;
    // React does not reflect `muted` as an attribute; set both for autoplay policies and tests.
    video.muted = true;
    video.setAttribute('muted', '');
    if (typeof MediaStream === 'undefined') return undefined;
    video.srcObject = new MediaStream([track]);
    const playing = () => onPlaying.current?.(true);
    video.addEventListener('playing', playing);
    video.play().catch(() => undefined);
    return () => {
      video.removeEventListener('playing', playing);
      video.srcObject = null;
      onPlaying.current?.(false);
    };
  }, [track]);

  const classes = [className, mirrored ? 'mirrored' : undefined].filter((c) => c !== undefined).join(' ');
  return <video ref={ref} className={classes} autoPlay playsInline muted data-track-id={track.id} />;
}
