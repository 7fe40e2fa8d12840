// Unit tests of breakout set-ups prepared with a meeting: checked before they are sent (the name
// cleaned, 1–60 characters; the settings' fields), and the fields of the server's refusals.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, draftOf } from './breakoutPlan';
import { checkSetup, MAX_SETUP_NAME_CHARS, setupField } from './breakoutSetups';

describe('breakout set-ups', () => {
  const draft = draftOf(DEFAULT_SETTINGS);

  it('are sent with a clean name and their settings', () => {
    expect(checkSetup('  Group work\nin fours ', { ...draft, splitBy: 'size', size: '4', duration: 15 })).toEqual({
      setup: { name: 'Group work in fours', settings: { ...DEFAULT_SETTINGS, split_by: 'size', size: 4, minutes: 15 } },
    });
    expect(checkSetup('é'.repeat(MAX_SETUP_NAME_CHARS), draft)).toMatchObject({ setup: { name: 'é'.repeat(60) } });
  });

  it('say which fields are wrong, the name first', () => {
    expect(checkSetup('   ', draft)).toEqual({ problems: ['name'] });
    expect(checkSetup('x'.repeat(61), { ...draft, rooms: '0' })).toEqual({ problems: ['name', 'rooms'] });
    expect(checkSetup('Fours', { ...draft, duration: 'other', otherMinutes: '' })).toEqual({ problems: ['minutes'] });
  });

  it('know the fields the server names', () => {
    expect(['name', 'rooms', 'size', 'names', 'minutes'].map(setupField)).toEqual(['name', 'rooms', 'size', 'names', 'minutes']);
    expect(setupField('settings')).toBeNull();
    expect(setupField(undefined)).toBeNull();
  });
});
