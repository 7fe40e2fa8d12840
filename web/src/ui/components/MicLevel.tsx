// The microphone level meter (react-aria-components Meter, role "meter", name "Microphone
// level"), fed by a WebAudio analyser on the given track at animation-frame pace. Without a
// track or without WebAudio it shows 0.
import { useEffect, useState } from 'react';
import { Label, Meter } from 'react-aria-components';
import { createLevelMeter } from '../../media/levelMeter';
import './MicLevel.css';

export function MicLevel({ track, label }: { track: MediaStreamTrack | null; label: string }) {
  const [level, setLevel] = useState(0);

  useEffect(() => {
    setLevel(0);
    if (track === null) return undefined;
    const meter = createLevelMeter(track);
    if (meter === null) return undefined;
    let frame = 0;
    let last = -1;
    const tick = () => {
      const value = Math.round(meter.read() * 100);
      // Only re-render on visible change.
      if (Math.abs(value - last) >= 2) {
        last = value;
        setLevel(value);
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    const resume = () => meter.resume();
    window.addEventListener('pointerdown', resume);
    window.addEventListener('keydown', resume);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('pointerdown', resume);
      window.removeEventListener('keydown', resume);
      meter.close();
    };
  }, [track]);

  return (
    <Meter className="mic-level" value={level} minValue={0} maxValue={100}>
      {({ percentage }) => (
        <>
          <Label className="visually-hidden">{label}</Label>
          <div className="mic-level-bar" aria-hidden="true">
            <div className="mic-level-fill" style={{ width: `${percentage}%` }} />
          </div>
        </>
      )}
    </Meter>
  );
}
