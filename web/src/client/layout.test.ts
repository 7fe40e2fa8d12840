// Unit tests of the stage layout: the active speaker kept until someone else speaks, presenters
// newest first, the active speaker moved onto the first gallery page (and only them), pinning,
// the speaker view (large + strip), the screen view (newest screen large, presenter's camera
// beside it, others reachable), the lecture layout (one large video, the listeners a count), and
// the camera videos to receive: exactly the visible tiles.
import { describe, expect, it } from 'vitest';
import { galleryOrder, nextActiveSpeaker, nextPresenters, parseLayoutMode, stageFor, type StageInput } from './layout';
import { participant } from './participantFixture';

const person = participant;

const twelve = Array.from({ length: 12 }, (_, i) => person(`p${i + 1}`));
const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);

function input(patch: Partial<StageInput> = {}): StageInput {
  return {
    participants: twelve,
    selfId: 'p1',
    mode: 'gallery',
    pinned: null,
    activeSpeaker: null,
    presenters: [],
    chosenPresenter: null,
    perPage: 9,
    stripSize: 6,
    page: 0,
    ...patch,
  };
}

describe('active speaker', () => {
  it('follows who speaks, keeps them while nobody else does, never ourselves', () => {
    const quiet = twelve;
    const p5 = twelve.map((p) => (p.id === 'p5' ? { ...p, speaking: true } : p));
    const p5and7 = p5.map((p) => (p.id === 'p7' ? { ...p, speaking: true } : p));
    const onlySelf = twelve.map((p) => (p.id === 'p1' ? { ...p, speaking: true } : p));
    expect(nextActiveSpeaker(null, quiet, 'p1')).toBeNull();
    expect(nextActiveSpeaker(null, p5, 'p1')).toBe('p5');
    // p5 still speaks: p7 joining in does not take over.
    expect(nextActiveSpeaker('p5', p5and7, 'p1')).toBe('p5');
    // Silence keeps the last speaker; we never become the active speaker.
    expect(nextActiveSpeaker('p5', quiet, 'p1')).toBe('p5');
    expect(nextActiveSpeaker('p5', onlySelf, 'p1')).toBe('p5');
    // Someone who left is no longer the active speaker.
    expect(nextActiveSpeaker('p5', twelve.filter((p) => p.id !== 'p5'), 'p1')).toBeNull();
  });
});

describe('presenters', () => {
  it('puts the newest in front and drops who stopped', () => {
    const sharing = (...which: string[]) => twelve.map((p) => ({ ...p, screen: which.includes(p.id) }));
    expect(nextPresenters([], sharing('p3'))).toEqual(['p3']);
    expect(nextPresenters(['p3'], sharing('p3', 'p8'))).toEqual(['p8', 'p3']);
    expect(nextPresenters(['p8', 'p3'], sharing('p3'))).toEqual(['p3']);
  });
});

describe('gallery order', () => {
  it('moves the active speaker onto the first page, displacing only one person', () => {
    const order = ids(galleryOrder(twelve, 9, 'p11'));
    expect(order.slice(0, 9)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p11']);
    expect(order.slice(9)).toEqual(['p9', 'p10', 'p12']);
  });

  it('leaves the order alone when the speaker is already on the first page', () => {
    expect(ids(galleryOrder(twelve, 9, 'p4'))).toEqual(ids(twelve));
  });

  it('puts the pinned person first', () => {
    expect(ids(galleryOrder(twelve, 9, null, 'p12')).slice(0, 3)).toEqual(['p12', 'p1', 'p2']);
  });
});

describe('stageFor', () => {
  it('gallery: pages of tiles, subscribing to the remote tiles on the page', () => {
    const stage = stageFor(input({ activeSpeaker: 'p12' }));
    expect(stage.kind).toBe('gallery');
    expect(ids(stage.page.items)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p12']);
    expect(stage.subscribe).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p12']);
    const second = stageFor(input({ activeSpeaker: 'p12', page: 1 }));
    expect(ids(second.page.items)).toEqual(['p9', 'p10', 'p11']);
    expect(second.subscribe).toEqual(['p9', 'p10', 'p11']);
    // Nine tiles are small; the three of the second page are large enough for the largest layer.
    expect(stage.large).toEqual([]);
    expect(second.large).toEqual(['p9', 'p10', 'p11']);
  });

  it('speaker view: the active speaker large, a strip of the others; only these are received', () => {
    const stage = stageFor(input({ mode: 'speaker', activeSpeaker: 'p7' }));
    expect(stage.kind).toBe('speaker');
    expect(stage.main).toMatchObject({ participant: { id: 'p7' }, source: 'camera' });
    expect(ids(stage.page.items)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(stage.page.pageCount).toBe(2);
    expect(stage.subscribe).toEqual(['p7', 'p2', 'p3', 'p4', 'p5', 'p6']);
    // At most the large video and the visible strip (ourselves excluded); only the large one
    // comes in the largest layer.
    expect(stage.subscribe.length).toBeLessThanOrEqual(1 + 6);
    expect(stage.large).toEqual(['p7']);
  });

  it('speaker view: the pinned person beats the active speaker; without a speaker, someone else than us', () => {
    expect(stageFor(input({ mode: 'speaker', activeSpeaker: 'p7', pinned: 'p3' })).main?.participant.id).toBe('p3');
    expect(stageFor(input({ mode: 'speaker' })).main?.participant.id).toBe('p2');
  });

  it('speaker view alone is the gallery', () => {
    expect(stageFor(input({ mode: 'speaker', participants: [person('p1')] })).kind).toBe('gallery');
  });

  it('screen view: the newest screen large with the presenter beside it, the others reachable', () => {
    const people = twelve.map((p) => (p.id === 'p4' || p.id === 'p9' ? { ...p, screen: true } : p));
    const stage = stageFor(input({ participants: people, presenters: ['p9', 'p4'] }));
    expect(stage.kind).toBe('screen');
    expect(stage.main).toMatchObject({ participant: { id: 'p9' }, source: 'screen' });
    expect(stage.beside?.id).toBe('p9');
    expect(ids(stage.presenters)).toEqual(['p9', 'p4']);
    expect(ids(stage.page.items)).not.toContain('p9');
    expect(stage.subscribe[0]).toBe('p9');
    expect(stage.subscribe).toHaveLength(1 + 5);
    expect(stage.large).toEqual([]);
    // Choosing the other screen.
    const chosen = stageFor(input({ participants: people, presenters: ['p9', 'p4'], chosenPresenter: 'p4' }));
    expect(chosen.main?.participant.id).toBe('p4');
  });

  it('does not show our own screen large to ourselves', () => {
    const people = twelve.map((p) => (p.id === 'p1' ? { ...p, screen: true } : p));
    expect(stageFor(input({ participants: people, presenters: ['p1'] })).kind).toBe('gallery');
  });

  it('reads the remembered layout', () => {
    expect(parseLayoutMode('speaker')).toBe('speaker');
    expect(parseLayoutMode('lecture')).toBe('lecture');
    expect(parseLayoutMode('gallery')).toBe('gallery');
    expect(parseLayoutMode(null)).toBe('gallery');
    expect(parseLayoutMode('nonsense')).toBe('gallery');
  });
});

describe('lecture layout', () => {
  // A large room: p1 is us, p2 a moderator, p40 on the podium; 200 listeners in all.
  const room = Array.from({ length: 200 }, (_, i) => {
    const id = `p${i + 1}`;
    if (id === 'p2') return person(id, { roles: ['moderator'] });
    if (id === 'p40') return person(id, { roles: ['podium'] });
    return person(id);
  });
  const lecture = (patch: Partial<StageInput> = {}) => stageFor(input({ participants: room, mode: 'lecture', ...patch }));

  it('chooses the lecturer: pinned, else podium, else active speaker, else a chair', () => {
    expect(lecture({ pinned: 'p77', activeSpeaker: 'p9' }).main).toMatchObject({ participant: { id: 'p77' }, source: 'camera' });
    expect(lecture({ activeSpeaker: 'p9' }).main?.participant.id).toBe('p40');
    const noPodium = room.map((p) => (p.id === 'p40' ? person('p40') : p));
    expect(lecture({ participants: noPodium, activeSpeaker: 'p9' }).main?.participant.id).toBe('p9');
    expect(lecture({ participants: noPodium }).main?.participant.id).toBe('p2');
  });

  it('never picks ourselves by role: our own podium or chair role does not put us on the stage', () => {
    const people = [person('p1', { roles: ['podium', 'owner'] }), person('p2'), person('p3', { roles: ['moderator'] })];
    expect(lecture({ participants: people }).main?.participant.id).toBe('p3');
  });

  it('shows no tiles of the listeners, only their count, and receives only the lecturer', () => {
    const stage = lecture({ activeSpeaker: 'p9' });
    expect(stage.kind).toBe('lecture');
    expect(stage.beside).toBeNull();
    expect(stage.page.items).toEqual([]);
    expect(stage.subscribe).toEqual(['p40']);
    expect(stage.large).toEqual(['p40']);
    expect(stage.listeners).toBe(199);
  });

  it('puts a shared screen in the main place, the presenter small beside it, no strip', () => {
    const people = room.map((p) => (p.id === 'p5' || p.id === 'p6' ? { ...p, screen: true } : p));
    const stage = lecture({ participants: people, presenters: ['p6', 'p5'], pinned: 'p77' });
    expect(stage.kind).toBe('lecture');
    expect(stage.main).toMatchObject({ participant: { id: 'p6' }, source: 'screen' });
    expect(stage.beside?.id).toBe('p6');
    expect(ids(stage.presenters)).toEqual(['p6', 'p5']);
    expect(stage.page.items).toEqual([]);
    expect(stage.subscribe).toEqual(['p6']);
    expect(stage.large, 'the presenter\'s camera is small beside the screen').toEqual([]);
    expect(stage.listeners).toBe(199);
    expect(lecture({ participants: people, presenters: ['p6', 'p5'], chosenPresenter: 'p5' }).main?.participant.id).toBe('p5');
  });

  it('with nobody to show, the stage is empty and nothing is received', () => {
    const listeners = [person('p1'), person('p2'), person('p3')];
    const stage = lecture({ participants: listeners });
    expect(stage.main).toBeNull();
    expect(stage.beside).toBeNull();
    expect(stage.subscribe).toEqual([]);
    expect(stage.listeners).toBe(3);
    // Alone, too (our own screen is not shown to ourselves).
    expect(lecture({ participants: [person('p1', { screen: true, roles: ['owner'] })], presenters: ['p1'] }).main).toBeNull();
  });
});
