// Unit tests of the backdrop choice: blur is the start and is not sent again; a picture is sent
// once loaded, the previous backdrop staying until then; a picture overtaken by another choice
// or by the end of the effect is released unsent; a missing or broken picture falls back to blur.
import { describe, expect, it } from 'vitest';
import { BackdropChooser } from './backdrop';
import type { Backdrop } from './workerProtocol';

interface FakeBitmap extends ImageBitmap {
  url: string;
  closed: boolean;
}

function setup(urls: Record<string, string> = { garden: '/garden.svg', study: '/study.svg' }) {
  const sent: Backdrop[] = [];
  const loads: { url: string; resolve: (bitmap: FakeBitmap) => void; reject: (error: Error) => void }[] = [];
  const chooser = new BackdropChooser({
    resolve: (id) => urls[id] ?? null,
    load: (url) =>
      new Promise<ImageBitmap>((resolve, reject) => {
        loads.push({ url, resolve, reject });
      }),
    send: (backdrop) => sent.push(backdrop),
  });
  const bitmap = (url: string): FakeBitmap => {
    const b = {
      url,
      closed: false,
      width: 1280,
      height: 720,
      close() {
        b.closed = true;
      },
    };
    return b as FakeBitmap;
  };
  /** Finishes loading the `index`th picture asked for. */
  const finish = async (index: number): Promise<FakeBitmap> => {
    const load = loads[index];
    if (load === undefined) throw new Error(`no load ${index}`);
    const b = bitmap(load.url);
    load.resolve(b);
    await Promise.resolve();
    await Promise.resolve();
    return b;
  };
  const fail = async (index: number): Promise<void> => {
    loads[index]?.reject(new Error('broken'));
    await Promise.resolve();
    await Promise.resolve();
  };
  return { chooser, sent, loads, finish, fail };
}

describe('BackdropChooser', () => {
  it('starts with blur and sends nothing for it', () => {
    const { chooser, sent } = setup();
    chooser.choose({ kind: 'blur' });
    chooser.choose({ kind: 'none' });
    expect(sent).toEqual([]);
  });

  it('sends a picture once it is loaded, and loads it once', async () => {
    const { chooser, sent, loads, finish } = setup();
    chooser.choose({ kind: 'image', id: 'garden' });
    chooser.choose({ kind: 'image', id: 'garden' });
    expect(loads.map((l) => l.url)).toEqual(['/garden.svg']);
    expect(sent).toEqual([]);
    const picture = await finish(0);
    expect(sent).toEqual([{ kind: 'picture', picture }]);
    expect(picture.closed).toBe(false);
  });

  it('goes back to blur after a picture', async () => {
    const { chooser, sent, finish } = setup();
    chooser.choose({ kind: 'image', id: 'garden' });
    await finish(0);
    chooser.choose({ kind: 'blur' });
    chooser.choose({ kind: 'blur' });
    expect(sent.map((b) => b.kind)).toEqual(['picture', 'blur']);
  });

  it('releases a picture overtaken by another choice', async () => {
    const { chooser, sent, finish } = setup();
    chooser.choose({ kind: 'image', id: 'garden' });
    chooser.choose({ kind: 'image', id: 'study' });
    const study = await finish(1);
    const garden = await finish(0);
    expect(garden.closed).toBe(true);
    expect(sent).toEqual([{ kind: 'picture', picture: study }]);
  });

  it('uses only the load of the latest choice', async () => {
    const { chooser, sent, loads, finish } = setup();
    chooser.choose({ kind: 'image', id: 'garden' });
    chooser.choose({ kind: 'blur' });
    chooser.choose({ kind: 'image', id: 'garden' });
    expect(loads).toHaveLength(2);
    const stale = await finish(0);
    const current = await finish(1);
    expect(stale.closed).toBe(true);
    expect(sent).toEqual([{ kind: 'picture', picture: current }]);
  });

  it('falls back to blur for an unknown or broken picture', async () => {
    const { chooser, sent, finish, fail } = setup();
    chooser.choose({ kind: 'image', id: 'garden' });
    await finish(0);
    chooser.choose({ kind: 'image', id: 'nowhere' });
    expect(sent.map((b) => b.kind)).toEqual(['picture', 'blur']);
    chooser.choose({ kind: 'image', id: 'study' });
    await fail(1);
    // Already blurring: nothing new to send.
    expect(sent.map((b) => b.kind)).toEqual(['picture', 'blur']);
  });

  it('sends nothing once closed and releases what arrives', async () => {
    const { chooser, sent, finish } = setup();
    chooser.choose({ kind: 'image', id: 'garden' });
    chooser.close();
    const garden = await finish(0);
    chooser.choose({ kind: 'image', id: 'study' });
    chooser.choose({ kind: 'blur' });
    expect(garden.closed).toBe(true);
    expect(sent).toEqual([]);
  });
});
