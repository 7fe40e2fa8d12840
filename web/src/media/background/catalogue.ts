// The built-in background pictures, shipped with the client as Vite assets (no network fetch
// beyond our own server), and the catalogue the UI offers. A meeting's prescribed corporate
// backgrounds are to be added as `prescribed` once the server provides them. Data only.
import garden from './images/garden.svg?url';
import softLight from './images/soft-light.svg?url';
import study from './images/study.svg?url';
import type { BackgroundCatalogue, BackgroundImage } from './effects';

export const BUILT_IN_BACKGROUNDS: readonly BackgroundImage[] = [
  { id: 'soft-light', nameKey: 'background.softLight', url: softLight },
  { id: 'study', nameKey: 'background.study', url: study },
  { id: 'garden', nameKey: 'background.garden', url: garden },
];

export const DEFAULT_CATALOGUE: BackgroundCatalogue = { builtIn: BUILT_IN_BACKGROUNDS, prescribed: [], onlyPrescribed: false };

/** The picture of `id` in `catalogue`, if any. */
export function imageUrl(catalogue: BackgroundCatalogue, id: string): string | null {
  return [...catalogue.prescribed, ...catalogue.builtIn].find((image) => image.id === id)?.url ?? null;
}
