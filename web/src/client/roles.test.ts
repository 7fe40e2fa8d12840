// Unit tests of what roles mean: chairs, guests, badges, and who may use the microphone while
// microphones are restricted.
import { describe, expect, it } from 'vitest';
import type { Role, RoomPolicy } from '../protocol/generated';
import { badgeRoles, isChair, isGuest, mayUseMicrophone } from './roles';

const as = (...roles: Role[]) => ({ id: 'p', roles });
const restricted: Pick<RoomPolicy, 'microphones_restricted'> = { microphones_restricted: true };

describe('roles', () => {
  it('knows chairs and guests', () => {
    expect(isChair(as('owner', 'participant'))).toBe(true);
    expect(isChair(as('moderator', 'guest'))).toBe(true);
    expect(isChair(as('participant', 'podium'))).toBe(false);
    expect(isChair(undefined)).toBe(false);
    expect(isGuest(as('guest'))).toBe(true);
  });

  it('shows badges in display order, without participant and recorder', () => {
    expect(badgeRoles(as('guest', 'podium', 'moderator', 'recorder'))).toEqual(['moderator', 'guest', 'podium']);
    expect(badgeRoles(as('participant'))).toEqual([]);
  });

  it('lets only chairs, podium, interpreters and allowed people speak in plenary mode', () => {
    expect(mayUseMicrophone(as('participant'), { microphones_restricted: false }, [])).toBe(true);
    expect(mayUseMicrophone(as('participant'), null, [])).toBe(true);
    expect(mayUseMicrophone(as('participant'), restricted, [])).toBe(false);
    expect(mayUseMicrophone(as('participant'), restricted, ['p'])).toBe(true);
    for (const role of ['owner', 'moderator', 'podium', 'interpreter'] as const) {
      expect(mayUseMicrophone(as('guest', role), restricted, [])).toBe(true);
    }
  });
});
