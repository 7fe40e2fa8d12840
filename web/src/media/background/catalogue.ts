// The built-in background pictures, shipped with the client as Vite assets (no network fetch
// beyond our own server), a meeting's own pictures (served by our server under the room), and
// the catalogue the UI offers: when a meeting has its own pictures, participants choose from
// those. Data only.
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

/** The id of a meeting's own picture: it names the room and the picture, so it resolves anywhere. */
function meetingPictureId(roomId: string, pictureId: string): string {
  return `room:${roomId}:${pictureId}`;
}

const MEETING_PICTURE = /^room:([A-Za-z0-9]+):([A-Za-z0-9]+)$/;

/** Where a meeting's own picture is served. */
function meetingPictureUrl(roomId: string, pictureId: string): string {
  return `/api/v1/rooms/${encodeURIComponent(roomId)}/backgrounds/${encodeURIComponent(pictureId)}`;
}

/** The catalogue for a room: its meeting's own pictures only, when it has some; else the built-in ones. */
export function roomCatalogue(roomId: string, pictures: readonly { id: string; name: string }[]): BackgroundCatalogue {
  const prescribed = pictures.map((p) => ({ id: meetingPictureId(roomId, p.id), nameKey: null, name: p.name, url: meetingPictureUrl(roomId, p.id) }));
  return { builtIn: BUILT_IN_BACKGROUNDS, prescribed, onlyPrescribed: prescribed.length > 0 };
}

/** The picture of `id`: a built-in one, or a meeting's own (its id says where it is). */
export function imageUrl(id: string): string | null {
  const builtIn = BUILT_IN_BACKGROUNDS.find((image) => image.id === id);
  if (builtIn !== undefined) return builtIn.url;
  const own = MEETING_PICTURE.exec(id);
  return own === null ? null : meetingPictureUrl(own[1] ?? '', own[2] ?? '');
}
