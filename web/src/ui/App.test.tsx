// @vitest-environment jsdom
// Component tests of the application shell: the start page or the dashboard at `/`, the main
// navigation (Administration only for admins), redirects for signed-out visitors and the
// first-run setup, sign-out, the admin page refusing non-admins, the account's language and the
// installation's German form of address.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthConfig, Me } from '../protocol/generated';
import { App } from './App';
import { fakeApi, renderUi, testConfig, testMe, testServices } from './testing';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

function start(path: string, me: Me | null, config: AuthConfig = testConfig(), languages: string[] = ['en']) {
  window.history.replaceState(null, '', path);
  const api = fakeApi({
    getMe: () => Promise.resolve(me),
    getAuthConfig: () => Promise.resolve(config),
    logout: vi.fn(() => Promise.resolve()),
    listAdminUsers: () =>
      Promise.resolve({
        items: [
          { id: 'u1', email: 'ada@example.org', display_name: 'Ada Lovelace', role: 'admin', disabled: false, totp_enabled: true, auth_source: 'local', created_at: '2025-01-01T00:00:00Z' },
        ],
      }),
  });
  const { services } = testServices({ api });
  renderUi(<App />, { services, languages });
  return { api, user: userEvent.setup() };
}

describe('App', () => {
  it('shows the start page with "Sign in" to visitors', async () => {
    start('/', null);
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'New meeting' })).toBeInTheDocument();
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  it('shows the dashboard and the navigation without Administration to users', async () => {
    start('/', testMe());
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Home', 'Meetings', 'Settings']);
    expect(within(nav).getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('button', { name: 'Start meeting now' })).toBeInTheDocument();
    expect(screen.getByText('Ada Lovelace')).toBeInTheDocument();
  });

  it('adds Administration for admins and opens the users page', async () => {
    const { user } = start('/', testMe({ role: 'admin' }));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Home', 'Meetings', 'Settings', 'Administration']);
    await user.click(within(nav).getByRole('link', { name: 'Administration' }));
    expect(window.location.pathname).toBe('/admin/users');
    expect(await screen.findByRole('table', { name: 'Users' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Administration' })).toHaveAttribute('aria-current', 'page');
  });

  it('refuses the users page to non-admins', async () => {
    start('/admin/users', testMe());
    expect(await screen.findByRole('heading', { name: 'For administrators only' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('sends signed-out visitors to the sign-in with return_to', async () => {
    start('/meetings?view=agenda', null);
    await waitFor(() => expect(window.location.pathname).toBe('/login'));
    expect(window.location.search).toBe('?return_to=%2Fmeetings%3Fview%3Dagenda');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('leads to the first-run setup while no account exists', async () => {
    start('/login', null, testConfig({ setup_required: true }));
    await waitFor(() => expect(window.location.pathname).toBe('/setup'));
    expect(await screen.findByRole('heading', { name: 'Welcome to Plenum' })).toBeInTheDocument();
  });

  it('signs out', async () => {
    const { api, user } = start('/settings', testMe());
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(api.logout).toHaveBeenCalledOnce();
    await waitFor(() => expect(window.location.pathname).toBe('/'));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('uses the language of the account', async () => {
    start('/', testMe({ language: 'de' }));
    expect(await screen.findByRole('navigation', { name: 'Hauptnavigation' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Meeting jetzt starten' })).toBeInTheDocument();
  });

  it('speaks German formally by default', async () => {
    start('/', null, testConfig({ allow_anonymous_rooms: false }), ['de']);
    expect(await screen.findByText('Einfache Videomeetings im Browser. Melden Sie sich an, um Meetings zu starten und zu planen.')).toBeInTheDocument();
  });

  it('says "du" in German when the installation chose informal address', async () => {
    start('/', null, testConfig({ allow_anonymous_rooms: false, german_address: 'informal' }), ['de']);
    expect(await screen.findByText('Einfache Videomeetings im Browser. Melde dich an, um Meetings zu starten und zu planen.')).toBeInTheDocument();
    expect(screen.queryByText(/Melden Sie sich an/)).toBeNull();
  });

  it('says "du" on the signed-in pages too', async () => {
    start('/', testMe(), testConfig({ german_address: 'informal' }), ['de']);
    expect(await screen.findByRole('heading', { name: 'Hallo, Ada Lovelace' })).toBeInTheDocument();
    expect(screen.getByText('Das steht bei dir an.')).toBeInTheDocument();
  });

  it('leaves English alone when the installation chose informal German', async () => {
    start('/', null, testConfig({ allow_anonymous_rooms: false, german_address: 'informal' }));
    expect(await screen.findByText('Simple video meetings in your browser. Sign in to start and plan meetings.')).toBeInTheDocument();
  });
});
