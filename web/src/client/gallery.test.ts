// Unit tests of the gallery arithmetic: pages of at most 9, the page size, clamping, visible
// remote ids.
import { describe, expect, it } from 'vitest';
import type { Participant } from '../protocol/generated';
import { columnsFor, pageSize, paginate, visibleRemoteIds } from './gallery';

const people: Participant[] = Array.from({ length: 20 }, (_, i) => ({
  id: `p${i}`,
  display_name: `Person ${i}`,
  roles: ['participant'],
  groups: [],
  joined_at: 0,
  audio: true,
  video: true,
  screen: false,
  speaking: false,
  connection: 'connected',
}));

describe('paginate', () => {
  it('splits into pages of at most 9', () => {
    const first = paginate(people, 9, 0);
    expect(first.pageCount).toBe(3);
    expect(first.items.map((p) => p.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
    expect(paginate(people, 9, 2).items.map((p) => p.id)).toEqual(['p18', 'p19']);
    expect(paginate(people, 50, 0).items).toHaveLength(9);
  });

  it('shows 1 to 9 tiles a page', () => {
    expect([0, 4, 6.5, 9, 50].map(pageSize)).toEqual([1, 4, 6, 9, 9]);
  });

  it('clamps the page into range', () => {
    expect(paginate(people, 9, 7).page).toBe(2);
    expect(paginate(people, 9, -1).page).toBe(0);
    expect(paginate([], 9, 3)).toEqual({ page: 0, pageCount: 1, items: [] });
  });

  it('lists the remote participants of a page, not self', () => {
    const page = paginate(people, 4, 0);
    expect(visibleRemoteIds(page.items, 'p1')).toEqual(['p0', 'p2', 'p3']);
  });

  it('picks columns by tile count', () => {
    expect([1, 2, 4, 5, 9].map((n) => columnsFor(n, false))).toEqual([1, 2, 2, 3, 3]);
    expect([1, 2, 4].map((n) => columnsFor(n, true))).toEqual([1, 1, 2]);
  });
});
