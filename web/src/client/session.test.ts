// Unit tests of the session store: loading config and user, failures, sign-in, sign-out and
// expiry notify subscribers.
import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from './api';
import { Session } from './session';
import type { AuthConfig, Me } from '../protocol/generated';

const config: AuthConfig = { local_login: true, setup_required: true, setup_code_required: false, allow_anonymous_rooms: false, german_address: 'formal' };
const me: Me = { id: 'u1', email: 'a@b', display_name: 'Ada', role: 'user', totp_enabled: false, groups: [], auth_source: 'local' };

describe('Session', () => {
  it('loads the config and the signed-in user', async () => {
    const session = new Session({ getAuthConfig: () => Promise.resolve(config), getMe: () => Promise.resolve(me), logout: () => Promise.resolve() });
    const listener = vi.fn();
    session.subscribe(listener);
    await session.load();
    expect(session.getSnapshot()).toEqual({ status: 'ready', config, me });
    expect(session.me()).toBe(me);
    expect(listener).toHaveBeenCalled();
  });

  it('reports a failed load and can load again', async () => {
    const getAuthConfig = vi.fn().mockRejectedValueOnce(new ApiRequestError(0, 'network', 'down')).mockResolvedValue(config);
    const session = new Session({ getAuthConfig, getMe: () => Promise.resolve(null), logout: () => Promise.resolve() });
    await session.load();
    expect(session.getSnapshot()).toMatchObject({ status: 'failed', error: { code: 'network' } });
    await session.load();
    expect(session.getSnapshot()).toEqual({ status: 'ready', config, me: null });
  });

  it('signs in (setup no longer required), signs out and expires', async () => {
    const logout = vi.fn(() => Promise.resolve());
    const session = new Session({ getAuthConfig: () => Promise.resolve(config), getMe: () => Promise.resolve(null), logout });
    await session.load();
    session.setMe(me);
    expect(session.getSnapshot()).toEqual({ status: 'ready', config: { ...config, setup_required: false }, me });
    await session.signOut();
    expect(logout).toHaveBeenCalledOnce();
    expect(session.me()).toBeNull();
    session.setMe(me);
    session.expire();
    expect(session.me()).toBeNull();
  });
});
