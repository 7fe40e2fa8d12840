// What a background effect is to the rest of the client: the person's choice (none, blur, or a
// picture from a catalogue), and the small interface LocalMedia uses to turn a camera track
// into a processed one (see processor.ts, which runs MediaPipe in a worker). The catalogue
// is where a meeting's prescribed backgrounds will join the built-in pictures. No DOM here.

export type BackgroundChoice = { kind: 'none' } | { kind: 'blur' } | { kind: 'image'; id: string };

export const NO_BACKGROUND: BackgroundChoice = { kind: 'none' };

/** A picture to put behind the person. */
export interface BackgroundImage {
  id: string;
  /** The i18n key of its name (built-in pictures), or null when `name` is given. */
  nameKey: string | null;
  /** A name given by whoever provides the picture (a meeting's own backgrounds). */
  name?: string;
  /** Where the picture is (a Vite asset or, later, a server URL of the same origin). */
  url: string;
}

/**
 * The pictures a person may choose from. Today the built-in ones; a meeting (later: a tenant)
 * will add its prescribed corporate backgrounds through `prescribed`, and `onlyPrescribed`
 * will hide the rest when the organiser wants only those.
 */
export interface BackgroundCatalogue {
  builtIn: readonly BackgroundImage[];
  prescribed: readonly BackgroundImage[];
  onlyPrescribed: boolean;
}

/** The pictures offered, prescribed ones first. */
export function offeredImages(catalogue: BackgroundCatalogue): BackgroundImage[] {
  return catalogue.onlyPrescribed ? [...catalogue.prescribed] : [...catalogue.prescribed, ...catalogue.builtIn];
}

/** A processed camera: the outgoing track, a way to change the background, and the cost. */
export interface VideoEffect {
  readonly track: MediaStreamTrack;
  setBackground(choice: BackgroundChoice): void;
  /**
   * Main-thread milliseconds per processed frame (running average), frames processed, and where
   * the processing runs in a worker, the worker's milliseconds per frame.
   */
  stats(): { msPerFrame: number; frames: number; workerMsPerFrame?: number };
  stop(): void;
}

/** Starts processing `camera`; rejects when the browser cannot do it. */
export type VideoEffectFactory = (camera: MediaStreamTrack, choice: BackgroundChoice) => Promise<VideoEffect>;

export function sameBackground(a: BackgroundChoice, b: BackgroundChoice): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'image' || (b.kind === 'image' && a.id === b.id);
}

/** Reads a stored choice ("none", "blur", "image:<id>"); anything else is none. */
export function parseBackground(text: string | null | undefined): BackgroundChoice {
  if (text === 'blur') return { kind: 'blur' };
  if (text !== null && text !== undefined && text.startsWith('image:') && text.length > 6) return { kind: 'image', id: text.slice(6) };
  return NO_BACKGROUND;
}

export function formatBackground(choice: BackgroundChoice): string {
  return choice.kind === 'image' ? `image:${choice.id}` : choice.kind;
}
