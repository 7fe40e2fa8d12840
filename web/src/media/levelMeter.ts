// Microphone level meter: a WebAudio AnalyserNode on a microphone track, read on demand as a
// level between 0 and 1 (RMS mapped from -60…0 dBFS). The analyser is not connected to the
// speakers. It renders nothing (the UI polls `read()`), and returns null where WebAudio is
// missing (tests, old browsers).

export interface LevelMeter {
  /** Current level, 0 (silence) … 1 (loud). */
  read(): number;
  /** Resumes a suspended AudioContext (call after a user gesture). */
  resume(): void;
  close(): void;
}

const FLOOR_DB = -60;

/** Maps RMS amplitude to 0…1 on a decibel scale. */
export function levelFromRms(rms: number): number {
  if (!(rms > 0)) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

export function createLevelMeter(track: MediaStreamTrack): LevelMeter | null {
  if (typeof AudioContext === 'undefined' || typeof MediaStream === 'undefined') return null;
  let context: AudioContext;
  try {
    context = new AudioContext();
  } catch {
    return null;
  }
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  analyser.smoothingTimeConstant = 0.5;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const resume = () => {
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
  };
  resume();
  return {
    read() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      return levelFromRms(Math.sqrt(sum / samples.length));
    },
    resume,
    close() {
      source.disconnect();
      void context.close().catch(() => undefined);
    },
  };
}
