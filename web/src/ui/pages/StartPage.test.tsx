// @vitest-environment jsdom
// Component tests of the start page: "New meeting" creates a room and navigates to its link;
// a refusal shows the server's message.
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiRequestError } from '../../client/api';
import { fakeApi, renderUi, testServices } from '../testing';
import { StartPage } from './StartPage';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

describe('StartPage', () => {
  it('creates a meeting and opens its link', async () => {
    const user = userEvent.setup();
    const { services } = testServices({ api: fakeApi({ createRoom: () => Promise.resolve({ id: 'abc-123' }) }) });
    renderUi(<StartPage />, { services });
    expect(screen.getByRole('heading', { level: 1, name: 'Plenum' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'New meeting' }));
    expect(window.location.pathname).toBe('/r/abc-123');
  });

  it('shows the message when the server refuses', async () => {
    const user = userEvent.setup();
    const { services } = testServices({
      api: fakeApi({ createRoom: () => Promise.reject(new ApiRequestError(503, 'internal', 'Too many rooms')) }),
    });
    renderUi(<StartPage />, { services });
    await user.click(screen.getByRole('button', { name: 'New meeting' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many rooms');
    expect(window.location.pathname).toBe('/');
  });

  it('is German for German browsers', () => {
    renderUi(<StartPage />, { languages: ['de-DE', 'en-US'] });
    expect(screen.getByRole('button', { name: 'Neues Meeting' })).toBeInTheDocument();
  });
});
