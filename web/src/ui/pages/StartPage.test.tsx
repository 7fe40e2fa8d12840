// @vitest-environment jsdom
// Component tests of the start page: "New meeting" creates a room, keeps its owner key and
// navigates to its link (only when anonymous rooms are allowed); a refusal shows the server's
// message; "Sign in" (or "Set up Plenum" on a fresh server) leads to the account pages.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../client/api';
import { fakeApi, renderUi, testConfig, testServices } from '../testing';
import { StartPage } from './StartPage';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('StartPage', () => {
  it('creates a meeting and opens its link', async () => {
    const user = userEvent.setup();
    const { services } = testServices({ api: fakeApi({ createRoom: () => Promise.resolve({ id: 'abc-123', owner_key: 'secret-owner' }) }) });
    renderUi(<StartPage config={testConfig()} />, { services });
    expect(screen.getByRole('heading', { level: 1, name: 'Plenum' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New meeting' }));
    expect(window.location.pathname).toBe('/r/abc-123');
    // The creating browser keeps the owner key for its ticket requests.
    expect(services.storage?.getItem('plenum.ownerKey.abc-123')).toBe('secret-owner');
  });

  it('shows the message when the server refuses', async () => {
    const user = userEvent.setup();
    const { services } = testServices({
      api: fakeApi({ createRoom: () => Promise.reject(new ApiRequestError(503, 'internal', 'Too many rooms')) }),
    });
    renderUi(<StartPage config={testConfig()} />, { services });
    await user.click(screen.getByRole('button', { name: 'New meeting' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many rooms');
    expect(window.location.pathname).toBe('/');
  });

  it('offers "Sign in", and "New meeting" only when anonymous rooms are allowed', async () => {
    const user = userEvent.setup();
    renderUi(<StartPage config={testConfig({ allow_anonymous_rooms: false })} />);
    expect(screen.queryByRole('button', { name: 'New meeting' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(window.location.pathname).toBe('/login');
  });

  it('offers the setup on a fresh server', () => {
    renderUi(<StartPage config={testConfig({ setup_required: true })} />);
    expect(screen.getByRole('button', { name: 'New meeting' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Set up Plenum' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it('is German for German browsers', () => {
    renderUi(<StartPage config={testConfig()} />, { languages: ['de-DE', 'en-US'] });
    expect(screen.getByRole('button', { name: 'Neues Meeting' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeInTheDocument();
  });
});
