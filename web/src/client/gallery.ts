// Gallery arithmetic: which participants are on which page, how many columns a page needs, and
// which remote participants' video to subscribe to. Pure functions, no DOM and no React.
// While everyone fits on one page, tiles keep join order (podium first). In a larger room the
// first page holds the most recent speakers (client/lastN.ts): a new speaker takes the place of
// whoever has been silent longest, nobody else on the first page moves, our own tile keeps its
// place; the later pages follow join order without the people of the first page. The videos
// received are those of the page on screen (visibleRemoteIds), so they follow the first page.
import type { Participant, ParticipantId } from '../protocol/generated';

/** The most tiles one gallery page ever shows. */
export const MAX_TILES_PER_PAGE = 9;

export interface GalleryPage<T> {
  /** Zero-based page index, clamped into range. */
  page: number;
  pageCount: number;
  items: T[];
}

/** The tiles one page really shows for a requested page size: 1 to MAX_TILES_PER_PAGE. */
export function pageSize(perPage: number): number {
  return Math.max(1, Math.min(MAX_TILES_PER_PAGE, Math.floor(perPage)));
}

export function paginate<T>(items: readonly T[], perPage: number, page: number): GalleryPage<T> {
  const size = pageSize(perPage);
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const clamped = Math.min(Math.max(0, Math.floor(page)), pageCount - 1);
  return { page: clamped, pageCount, items: items.slice(clamped * size, clamped * size + size) };
}

/** The participants whose video to receive: everyone on the page except ourselves. */
export function visibleRemoteIds(pageItems: readonly Participant[], selfId: ParticipantId | null): ParticipantId[] {
  return pageItems.filter((p) => p.id !== selfId).map((p) => p.id);
}

/** Columns for a page with `count` tiles, on a wide or a narrow screen. */
export function columnsFor(count: number, narrow: boolean): number {
  if (narrow) return count <= 2 ? 1 : 2;
  if (count <= 1) return 1;
  if (count <= 4) return 2;
  return 3;
}
