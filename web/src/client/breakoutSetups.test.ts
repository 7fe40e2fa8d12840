// Unit tests of prepared breakout set-ups: kept per meeting room in the browser's storage, read
// back defensively (broken or foreign entries skipped), replaced by name, deleted.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './breakoutPlan';
import { loadSetups, saveSetups, setupsKey, withoutSetup, withSetup, type BreakoutSetup } from './breakoutSetups';

function storage() {
  const data = new Map<string, string>();
  return { data, getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value) };
}

const fours: BreakoutSetup = { name: 'Fours', settings: { ...DEFAULT_SETTINGS, splitBy: 'size', size: 4, minutes: 15, names: { 0: 'Red' } } };
const choir: BreakoutSetup = { name: 'Choir', settings: { ...DEFAULT_SETTINGS, assignment: 'groups', includeModerators: true } };

describe('breakout set-ups', () => {
  it('are kept per room and read back', () => {
    const s = storage();
    saveSetups(s, 'room-1', [fours, choir]);
    expect(s.data.has(setupsKey('room-1'))).toBe(true);
    expect(loadSetups(s, 'room-1')).toEqual([fours, choir]);
    expect(loadSetups(s, 'room-2')).toEqual([]);
  });

  it('skip what is broken or not a set-up', () => {
    const s = storage();
    s.setItem(setupsKey('r'), '{not json');
    expect(loadSetups(s, 'r')).toEqual([]);
    s.setItem(setupsKey('r'), JSON.stringify({ name: 'x' }));
    expect(loadSetups(s, 'r')).toEqual([]);
    s.setItem(
      setupsKey('r'),
      JSON.stringify([
        fours,
        { name: '', settings: fours.settings },
        { name: 'Too many rooms', settings: { ...fours.settings, rooms: 51 } },
        { name: 'Odd assignment', settings: { ...fours.settings, assignment: 'alphabetical' } },
        { name: 'Odd names', settings: { ...fours.settings, names: { 0: 'Red', x: 'Blue', 1: 7 } } },
      ]),
    );
    expect(loadSetups(s, 'r')).toEqual([fours, { name: 'Odd names', settings: fours.settings }]);
    expect(loadSetups(null, 'r')).toEqual([]);
  });

  it('are replaced by name and deleted', () => {
    const changed = { ...fours, settings: { ...fours.settings, size: 3 } };
    expect(withSetup([fours, choir], changed)).toEqual([changed, choir]);
    expect(withSetup([choir], fours)).toEqual([choir, fours]);
    expect(withoutSetup([fours, choir], 'Fours')).toEqual([choir]);
  });
});
