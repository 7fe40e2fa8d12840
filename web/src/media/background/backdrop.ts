// Which backdrop the segmentation worker is to use, following the person's choice: blur, or a
// picture once it has been loaded (until then the previous backdrop stays; a picture that cannot
// be had falls back to blur). A picture that arrives after the choice moved on, or after the
// effect stopped, is released, never sent. Only what changes is sent. Logic only: loading and
// sending are given to it (picture.ts and the worker messages in processor.ts).
import type { BackgroundChoice } from './effects';
import type { Backdrop } from './workerProtocol';

export interface BackdropDeps {
  /** The URL of a picture's id, or null when there is no such picture. */
  resolve(id: string): string | null;
  /** The picture at `url`, ready to hand over. */
  load(url: string): Promise<ImageBitmap>;
  /** Hands `backdrop` to the worker. */
  send(backdrop: Backdrop): void;
}

export class BackdropChooser {
  /** The picture chosen (loading or shown), if any. */
  private wanted: string | null = null;
  /** Counts the choices: only the load of the latest one counts. */
  private generation = 0;
  /** The worker starts with blur. */
  private blurring = true;
  private closed = false;

  constructor(private readonly deps: BackdropDeps) {}

  choose(next: BackgroundChoice): void {
    if (this.closed) return;
    if (next.kind === 'image' && this.wanted === next.id) return;
    this.generation += 1;
    const generation = this.generation;
    if (next.kind !== 'image') {
      this.wanted = null;
      this.blur();
      return;
    }
    this.wanted = next.id;
    const url = this.deps.resolve(next.id);
    if (url === null) {
      this.blur();
      return;
    }
    this.deps.load(url).then(
      (picture) => {
        if (this.generation !== generation || this.closed) {
          picture.close();
          return;
        }
        this.blurring = false;
        this.deps.send({ kind: 'picture', picture });
      },
      () => {
        if (this.generation === generation) this.blur();
      },
    );
  }

  /** The effect stopped: nothing more is sent. */
  close(): void {
    this.closed = true;
  }

  private blur(): void {
    if (this.blurring || this.closed) return;
    this.blurring = true;
    this.deps.send({ kind: 'blur' });
  }
}
