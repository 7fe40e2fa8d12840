// Unit tests of the first page of a large room: small rooms unchanged, the start from the display
// order (our own tile on it), a new speaker taking the place of the longest silent, nobody else on
// the first page moving, our own tile and the pinned person kept, people who speak never
// replaced, empty places filled by the most recently heard, the floor counting as speaking, a
// change of page size, the later pages in join order, stability (the same input gives the same
// state), and the gallery stage built from it (the videos received follow the first page).
import { describe, expect, it } from 'vitest';
import type { ParticipantId } from '../protocol/generated';
import { stageFor, type StageInput } from './layout';
import { EMPTY_LAST_N, isLargeRoom, lastNOrder, nextLastN, type LastN, type LastNInput } from './lastN';
import { participant } from './participantFixture';

const person = participant;

const people = (count: number) => Array.from({ length: count }, (_, i) => person(`p${i + 1}`));
const ids = (list: readonly { id: string }[]) => list.map((p) => p.id);

/** A room that remembers its state from step to step, like the meeting view does. */
function room(count: number, options: Partial<Omit<LastNInput, 'participants'>> = {}) {
  let participants = people(count);
  let state: LastN = EMPTY_LAST_N;
  let input: Omit<LastNInput, 'participants'> = { selfId: 'p1', perPage: 4, ...options };
  const step = () => {
    state = nextLastN(state, { ...input, participants });
    return state.slots;
  };
  step();
  return {
    get state() {
      return state;
    },
    get participants() {
      return participants;
    },
    /** Exactly these people speak now. */
    speak(...who: ParticipantId[]) {
      participants = participants.map((p) => ({ ...p, speaking: who.includes(p.id) }));
      return step();
    },
    leave(id: ParticipantId) {
      participants = participants.filter((p) => p.id !== id);
      return step();
    },
    join(id: ParticipantId) {
      participants = [...participants, person(id)];
      return step();
    },
    set(patch: Partial<Omit<LastNInput, 'participants'>>) {
      input = { ...input, ...patch };
      return step();
    },
    order: () => ids(lastNOrder(participants, state.slots, input.pinned ?? null)),
  };
}

describe('small rooms', () => {
  it('keep the display order and have no first page of their own', () => {
    const r = room(4);
    expect(r.state.slots).toEqual([]);
    expect(r.speak('p4')).toEqual([]);
    expect(r.order()).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(isLargeRoom(4, 4)).toBe(false);
    expect(isLargeRoom(5, 4)).toBe(true);
    expect(isLargeRoom(10, 50)).toBe(true);
  });

  it('go back to the display order when the room shrinks to one page', () => {
    const r = room(5);
    r.speak('p5');
    expect(r.state.slots).toEqual(['p1', 'p2', 'p3', 'p5']);
    expect(r.leave('p2')).toEqual([]);
    expect(r.order()).toEqual(['p1', 'p3', 'p4', 'p5']);
  });

  it('are staged exactly as before (no first page given)', () => {
    const base: StageInput = {
      participants: people(4),
      selfId: 'p1',
      mode: 'gallery',
      pinned: null,
      activeSpeaker: 'p4',
      presenters: [],
      chosenPresenter: null,
      perPage: 9,
      stripSize: 6,
      page: 0,
    };
    expect(ids(stageFor(base).page.items)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(stageFor({ ...base, firstPage: [] })).toEqual(stageFor(base));
  });
});

describe('the first page of a large room', () => {
  it('starts as the first page of the display order', () => {
    const r = room(10);
    expect(r.state.slots).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(r.order()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10']);
  });

  it('starts with our own tile in its last place when we joined late', () => {
    const r = room(10, { selfId: 'p9' });
    expect(r.state.slots).toEqual(['p1', 'p2', 'p3', 'p9']);
  });

  it('lets a new speaker take the place of the longest silent, never heard first, later places first', () => {
    const r = room(10);
    expect(r.speak('p7')).toEqual(['p1', 'p2', 'p3', 'p7']);
    // p7 was heard, p2 and p3 never: the later of them goes.
    expect(r.speak('p8')).toEqual(['p1', 'p2', 'p8', 'p7']);
    expect(r.speak()).toEqual(['p1', 'p2', 'p8', 'p7']);
    expect(r.speak('p9')).toEqual(['p1', 'p9', 'p8', 'p7']);
  });

  it('replaces whoever has been silent longest among those heard', () => {
    const r = room(10);
    r.speak('p2');
    r.speak('p3');
    r.speak('p4');
    r.speak();
    // p2 stopped first, then p3, then p4.
    expect(r.speak('p7')).toEqual(['p1', 'p7', 'p3', 'p4']);
    r.speak();
    expect(r.speak('p8')).toEqual(['p1', 'p7', 'p8', 'p4']);
    r.speak();
    // p7 spoke long ago, p4 even earlier: p4 goes.
    expect(r.speak('p9')).toEqual(['p1', 'p7', 'p8', 'p9']);
  });

  it('measures silence from the moment someone stopped, not from when they began', () => {
    const r = room(10);
    r.speak('p4');
    r.speak();
    r.speak('p2'); // p2 begins…
    r.speak('p2', 'p3'); // …p3 joins in…
    r.speak('p2'); // …p3 stops, p2 goes on…
    r.speak(); // …and stops later.
    expect(r.speak('p9')).toEqual(['p1', 'p2', 'p3', 'p9']);
    r.speak();
    // p3 began after p2 but has been silent longer.
    expect(r.speak('p10')).toEqual(['p1', 'p2', 'p10', 'p9']);
  });

  it('never moves anyone else on the first page', () => {
    const r = room(30, { perPage: 9 });
    let before = [...r.state.slots];
    for (const speaker of ['p12', 'p20', 'p3', 'p25', 'p12', 'p17', 'p30', 'p11', 'p22', 'p14', 'p29']) {
      const after = [...r.speak(speaker)];
      const changed = after.map((id, i) => (id === before[i] ? -1 : i)).filter((i) => i !== -1);
      // At most one place changes, and it changes to the new speaker.
      expect(changed.length).toBeLessThanOrEqual(1);
      for (const i of changed) expect(after[i]).toBe(speaker);
      expect(after).toContain(speaker);
      before = after;
    }
  });

  it('keeps our own tile in its place, however long we are silent', () => {
    const r = room(20, { selfId: 'p3' });
    for (const speaker of ['p10', 'p11', 'p12', 'p13', 'p14', 'p15', 'p16']) {
      r.speak(speaker);
      r.speak();
      expect(r.state.slots[2]).toBe('p3');
    }
  });

  it('never replaces someone who is speaking; the newcomer waits for a place', () => {
    const r = room(10);
    expect(r.speak('p6', 'p7', 'p8')).toEqual(['p1', 'p8', 'p7', 'p6']);
    // Everyone but us speaks: p9 cannot come in yet.
    expect(r.speak('p6', 'p7', 'p8', 'p9')).toEqual(['p1', 'p8', 'p7', 'p6']);
    // When p7 stops, p9 (still speaking) takes p7's place.
    expect(r.speak('p6', 'p8', 'p9')).toEqual(['p1', 'p8', 'p9', 'p6']);
  });

  it('fills the place of someone who left with the most recently heard, in place', () => {
    const r = room(10);
    r.speak('p7');
    r.speak('p8');
    r.speak();
    expect(r.state.slots).toEqual(['p1', 'p2', 'p8', 'p7']);
    r.speak('p9');
    r.speak();
    expect(r.state.slots).toEqual(['p1', 'p9', 'p8', 'p7']);
    // Nobody heard is off the page: the place goes to the display order (p2), in place.
    expect(r.leave('p8')).toEqual(['p1', 'p9', 'p2', 'p7']);
    r.speak('p10');
    r.speak();
    r.speak('p3');
    r.speak();
    expect(r.state.slots).toEqual(['p1', 'p9', 'p10', 'p3']);
    // p7 was heard and is off the page now: p7 comes back first.
    expect(r.leave('p9')).toEqual(['p1', 'p7', 'p10', 'p3']);
  });

  it('gives new places to the most recently heard when the page grows, and drops the longest silent when it shrinks', () => {
    const r = room(12);
    r.speak('p10');
    r.speak('p11');
    r.speak();
    expect(r.state.slots).toEqual(['p1', 'p2', 'p11', 'p10']);
    expect(r.set({ perPage: 6 })).toEqual(['p1', 'p2', 'p11', 'p10', 'p3', 'p4']);
    r.speak('p12');
    r.speak();
    expect(r.set({ perPage: 4 })).toEqual(['p1', 'p11', 'p10', 'p12']);
  });

  it('brings the pinned person onto the first page, shows them first and keeps them', () => {
    const r = room(10);
    expect(r.set({ pinned: 'p9' })).toEqual(['p1', 'p2', 'p3', 'p9']);
    expect(r.order().slice(0, 4)).toEqual(['p9', 'p1', 'p2', 'p3']);
    r.speak('p5');
    r.speak('p6');
    r.speak('p7');
    expect(r.state.slots).toContain('p9');
    expect(r.state.slots).toContain('p1');
  });

  it('counts the person who holds the floor as speaking', () => {
    const r = room(10);
    expect(r.set({ floor: 'p8' })).toEqual(['p1', 'p2', 'p3', 'p8']);
    // Silent while holding the floor, p8 is not replaced.
    r.speak('p9');
    expect(r.state.slots).toContain('p8');
    expect(r.state.slots).toContain('p9');
  });

  it('puts the later pages in display order without the people of the first page', () => {
    const r = room(10);
    r.speak('p7');
    r.speak('p9');
    expect(r.state.slots).toEqual(['p1', 'p2', 'p9', 'p7']);
    expect(r.order()).toEqual(['p1', 'p2', 'p9', 'p7', 'p3', 'p4', 'p5', 'p6', 'p8', 'p10']);
    r.join('p11');
    expect(r.order()).toEqual(['p1', 'p2', 'p9', 'p7', 'p3', 'p4', 'p5', 'p6', 'p8', 'p10', 'p11']);
  });

  it('is stable: the same participants give the very same state', () => {
    const r = room(10);
    r.speak('p7', 'p8');
    const state = r.state;
    const input = { selfId: 'p1', perPage: 4, participants: r.participants };
    expect(nextLastN(state, input)).toBe(state);
    expect(nextLastN(state, { ...input, participants: [...r.participants] })).toBe(state);
  });

  it('forgets who left', () => {
    const r = room(10);
    r.speak('p7');
    r.speak();
    expect(r.state.heard).toHaveProperty('p7');
    r.leave('p7');
    expect(r.state.heard).not.toHaveProperty('p7');
  });
});

describe('the gallery stage of a large room', () => {
  it('shows the first page and receives exactly its videos', () => {
    const r = room(30, { perPage: 9 });
    r.speak('p25');
    r.speak();
    r.speak('p14');
    const input: StageInput = {
      participants: r.participants,
      selfId: 'p1',
      mode: 'gallery',
      pinned: null,
      activeSpeaker: 'p14',
      presenters: [],
      chosenPresenter: null,
      perPage: 9,
      stripSize: 6,
      page: 0,
      firstPage: r.state.slots,
    };
    const first = stageFor(input);
    expect(ids(first.page.items)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p14', 'p25']);
    expect(first.subscribe).toEqual(['p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p14', 'p25']);
    expect(first.page.pageCount).toBe(4);
    const second = stageFor({ ...input, page: 1 });
    expect(ids(second.page.items)).toEqual(['p8', 'p9', 'p10', 'p11', 'p12', 'p13', 'p15', 'p16', 'p17']);
    expect(second.subscribe).toEqual(ids(second.page.items));
    const last = stageFor({ ...input, page: 3 });
    expect(ids(last.page.items)).toEqual(['p28', 'p29', 'p30']);
  });
});
