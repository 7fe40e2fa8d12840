// What the meeting stage shows, as pure functions over the participants: gallery or speaker
// view or the lecture layout, a pinned person, the active speaker (kept until someone else
// speaks) moved onto the first gallery page (in a large room: the first page of the most recent
// speakers, see lastN.ts), shared screens (newest large, the others reachable), and from all
// that the camera videos to receive (exactly the visible camera tiles). The layout is the
// person's choice; nothing here switches between the layouts by itself. The lecture layout is
// for hundreds of listeners: one large video (a shared screen, else the lecturer) and the
// listeners only as a count, so that a listener receives one or two camera videos however large
// the room is. No DOM, no React, no words.
import { pageSize, paginate, visibleRemoteIds, type GalleryPage } from './gallery';
import { lastNOrder } from './lastN';
import { hasRole, isChair } from './roles';
import type { Participant, ParticipantId } from '../protocol/generated';

export type LayoutMode = 'gallery' | 'speaker' | 'lecture';

export const LAYOUT_MODES: readonly LayoutMode[] = ['gallery', 'speaker', 'lecture'];

export function parseLayoutMode(text: string | null | undefined): LayoutMode {
  return LAYOUT_MODES.find((mode) => mode === text) ?? 'gallery';
}

/**
 * The active speaker after a change of who speaks: someone other than us who speaks now (the
 * previous one if they still do), else the previous one while they are still here.
 */
export function nextActiveSpeaker(
  previous: ParticipantId | null,
  participants: readonly Participant[],
  selfId: ParticipantId | null,
): ParticipantId | null {
  const present = (id: ParticipantId | null) => id !== null && participants.some((p) => p.id === id);
  const speaking = participants.filter((p) => p.speaking && p.id !== selfId);
  if (previous !== null && speaking.some((p) => p.id === previous)) return previous;
  const first = speaking[0];
  if (first !== undefined) return first.id;
  return present(previous) ? previous : null;
}

/**
 * Presenters, newest first: who started sharing since `previous` goes in front, who stopped
 * leaves; the others keep their order.
 */
export function nextPresenters(previous: readonly ParticipantId[], participants: readonly Participant[]): ParticipantId[] {
  const sharing = new Set(participants.filter((p) => p.screen).map((p) => p.id));
  const kept = previous.filter((id) => sharing.has(id));
  const added = participants.filter((p) => p.screen && !kept.includes(p.id)).map((p) => p.id);
  return [...added, ...kept];
}

/**
 * The gallery order: the pinned person first, then everyone in `ordered`; when the active
 * speaker would be on a later page, they take the last place of the first page and the person
 * there moves one place on (nobody else moves).
 */
export function galleryOrder<T extends { id: ParticipantId }>(
  ordered: readonly T[],
  perPage: number,
  activeSpeaker: ParticipantId | null,
  pinned: ParticipantId | null = null,
): T[] {
  const list = [...ordered];
  const pinnedIndex = pinned === null ? -1 : list.findIndex((p) => p.id === pinned);
  if (pinnedIndex > 0) {
    const [person] = list.splice(pinnedIndex, 1);
    if (person !== undefined) list.unshift(person);
  }
  const size = pageSize(perPage);
  const index = activeSpeaker === null ? -1 : list.findIndex((p) => p.id === activeSpeaker);
  if (index >= size) {
    const [speaker] = list.splice(index, 1);
    if (speaker !== undefined) list.splice(size - 1, 0, speaker);
  }
  return list;
}

/** A video shown on the stage: someone's camera or their shared screen. */
export interface StageVideo {
  participant: Participant;
  source: 'camera' | 'screen';
}

export interface StageInput {
  /** Everyone, in the room's display order (podium first). */
  participants: readonly Participant[];
  selfId: ParticipantId | null;
  mode: LayoutMode;
  pinned: ParticipantId | null;
  activeSpeaker: ParticipantId | null;
  /** Presenters, newest first (see nextPresenters). */
  presenters: readonly ParticipantId[];
  /** The presenter whose screen the person chose to see (else the newest). */
  chosenPresenter: ParticipantId | null;
  /** Tiles on one gallery page. */
  perPage: number;
  /** Tiles in the strip of the speaker and screen views. */
  stripSize: number;
  /** The requested page (of the gallery, or of the strip). */
  page: number;
  /**
   * The first gallery page of a large room, place by place (LastN.slots; empty or absent in a
   * small room, where the active speaker moves onto the first page instead).
   */
  firstPage?: readonly ParticipantId[];
}

export interface Stage {
  kind: 'gallery' | 'speaker' | 'screen' | 'lecture';
  /** The large video (speaker, screen and lecture views); null in a lecture with nobody to show. */
  main: StageVideo | null;
  /** The presenter's camera, small beside their screen (screen view, and a lecture's screen). */
  beside: Participant | null;
  /** The gallery page, or the page of the strip beside the large video. */
  page: GalleryPage<Participant>;
  /** Everyone who shares a screen someone else can see, newest first. */
  presenters: readonly Participant[];
  /** The remote participants whose camera tiles are visible: the videos to receive. */
  subscribe: ParticipantId[];
  /**
   * Those of them shown large (the large camera of the speaker view or a lecture; every tile of
   * a gallery page of at most LARGE_TILES_AT_MOST): they come in the largest simulcast layer.
   */
  large: ParticipantId[];
  /** Lecture layout: how many people are not on the stage (shown as a count, not as tiles). */
  listeners: number;
}

/** A gallery page with at most this many tiles shows them large enough for the largest layer. */
export const LARGE_TILES_AT_MOST = 4;

/**
 * The stage: with a remote screen shared, the screen view (the chosen or newest screen large,
 * the presenter's camera beside it, a strip of the others); otherwise the gallery or the
 * speaker view (the pinned person, else the active speaker, large; a strip of the others).
 * Our own screen is not shown large to ourselves.
 */
export function stageFor(input: StageInput): Stage {
  const { participants, selfId } = input;
  const byId = new Map(participants.map((p) => [p.id, p]));
  const presenters = input.presenters
    .map((id) => byId.get(id))
    .filter((p): p is Participant => p !== undefined && p.screen && p.id !== selfId);
  const remoteIds = (list: readonly Participant[]) => list.filter((p) => p.id !== selfId).map((p) => p.id);

  const shown = presenters.find((p) => p.id === input.chosenPresenter) ?? presenters[0];
  if (input.mode === 'lecture') return lectureStage(input, presenters, shown);
  if (shown !== undefined) {
    const others = galleryOrder(
      participants.filter((p) => p.id !== shown.id),
      input.stripSize,
      input.activeSpeaker,
      input.pinned,
    );
    const page = paginate(others, input.stripSize, input.page);
    return {
      kind: 'screen',
      main: { participant: shown, source: 'screen' },
      beside: shown,
      page,
      presenters,
      subscribe: unique([...remoteIds([shown]), ...remoteIds(page.items)]),
      large: [],
      listeners: 0,
    };
  }

  if (input.mode === 'speaker' && participants.length > 1) {
    const large = pickLarge(participants, selfId, input.pinned, input.activeSpeaker);
    const others = galleryOrder(
      participants.filter((p) => p.id !== large.id),
      input.stripSize,
      null,
    );
    const page = paginate(others, input.stripSize, input.page);
    return {
      kind: 'speaker',
      main: { participant: large, source: 'camera' },
      beside: null,
      page,
      presenters,
      subscribe: unique([...remoteIds([large]), ...remoteIds(page.items)]),
      large: remoteIds([large]),
      listeners: 0,
    };
  }

  const firstPage = input.firstPage ?? [];
  const ordered =
    firstPage.length > 0
      ? lastNOrder(participants, firstPage, input.pinned)
      : galleryOrder(participants, input.perPage, input.activeSpeaker, input.pinned);
  const page = paginate(ordered, input.perPage, input.page);
  const subscribe = visibleRemoteIds(page.items, selfId);
  const large = page.items.length <= LARGE_TILES_AT_MOST ? subscribe : [];
  return { kind: 'gallery', main: null, beside: null, page, presenters, subscribe, large, listeners: 0 };
}

/**
 * The lecture layout: the shown screen large with its presenter's camera beside it (as in the
 * screen view, but without the strip), else the lecturer's camera; nobody else is a tile. The
 * people not on the stage are only counted, and only the cameras on the stage are received.
 */
function lectureStage(input: StageInput, presenters: readonly Participant[], shown: Participant | undefined): Stage {
  const { participants, selfId } = input;
  const lecturer = shown ?? pickLecturer(participants, selfId, input.pinned, input.activeSpeaker);
  const onStage = lecturer === undefined ? [] : [lecturer];
  return {
    kind: 'lecture',
    main: lecturer === undefined ? null : { participant: lecturer, source: shown === undefined ? 'camera' : 'screen' },
    beside: shown ?? null,
    page: paginate<Participant>([], input.stripSize, 0),
    presenters,
    subscribe: visibleRemoteIds(onStage, selfId),
    // The lecturer's camera is large; beside a shared screen it is small.
    large: shown === undefined ? visibleRemoteIds(onStage, selfId) : [],
    listeners: participants.length - onStage.length,
  };
}

/**
 * The lecturer: the pinned person; else the first podium guest, the active speaker, the first
 * chair (the speaker at a plenary is usually on the podium or chairs it). We are never picked
 * by the room for ourselves (only by pinning), since our own camera teaches us nothing.
 */
function pickLecturer(
  participants: readonly Participant[],
  selfId: ParticipantId | null,
  pinned: ParticipantId | null,
  activeSpeaker: ParticipantId | null,
): Participant | undefined {
  const others = participants.filter((p) => p.id !== selfId);
  const find = (id: ParticipantId | null) => (id === null ? undefined : participants.find((p) => p.id === id));
  return (
    find(pinned) ??
    others.find((p) => hasRole(p, 'podium')) ??
    others.find((p) => p.id === activeSpeaker) ??
    others.find((p) => isChair(p))
  );
}

/** Who is large in the speaker view: the pinned person, the active speaker, else the first other. */
function pickLarge(
  participants: readonly Participant[],
  selfId: ParticipantId | null,
  pinned: ParticipantId | null,
  activeSpeaker: ParticipantId | null,
): Participant {
  const find = (id: ParticipantId | null) => (id === null ? undefined : participants.find((p) => p.id === id));
  const fallback = participants.find((p) => p.id !== selfId) ?? participants[0];
  const large = find(pinned) ?? find(activeSpeaker) ?? fallback;
  if (large === undefined) throw new Error('the speaker view needs at least one participant');
  return large;
}

function unique(ids: readonly ParticipantId[]): ParticipantId[] {
  return [...new Set(ids)];
}
