// @vitest-environment jsdom
// Component tests of sign-in: e-mail and password, the two-factor step after `totp_required`
// (the second request carries the code), wrong credentials and wrong codes announced as alerts,
// the OpenID Connect link, and the way back to `return_to`.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../client/api';
import { Session } from '../../client/session';
import type { LoginRequest } from '../../protocol/generated';
import { fakeApi, renderUi, testConfig, testMe, testServices } from '../testing';
import { LoginPage } from './LoginPage';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

async function setup(login: (request: LoginRequest) => Promise<ReturnType<typeof testMe>>, config = testConfig()) {
  const user = userEvent.setup();
  const api = fakeApi({ login: vi.fn(login) });
  const session = new Session(api, { status: 'ready', config, me: null });
  const { services } = testServices({ api, session });
  window.history.replaceState(null, '', '/login?return_to=%2Fmeetings%2Fm1');
  renderUi(<LoginPage config={config} returnTo="/meetings/m1" />, { services });
  return { user, api, session };
}

async function fillAndSubmit(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole('textbox', { name: 'E-mail' }), 'ada@example.org');
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  it('signs in and goes to return_to', async () => {
    const { user, api, session } = await setup(() => Promise.resolve(testMe()));
    await fillAndSubmit(user);
    await waitFor(() => expect(window.location.pathname).toBe('/meetings/m1'));
    expect(api.login).toHaveBeenCalledWith({ email: 'ada@example.org', password: 'correct horse' });
    expect(session.me()?.display_name).toBe('Ada Lovelace');
  });

  it('asks for the two-factor code after totp_required and sends it', async () => {
    const login = vi
      .fn<(request: LoginRequest) => Promise<ReturnType<typeof testMe>>>()
      .mockRejectedValueOnce(new ApiRequestError(401, 'totp_required', 'code needed'))
      .mockRejectedValueOnce(new ApiRequestError(401, 'totp_required', 'wrong code'))
      .mockResolvedValueOnce(testMe());
    const { user, api } = await setup(login);
    expect(screen.queryByRole('textbox', { name: 'Two-factor code' })).toBeNull();
    await fillAndSubmit(user);

    const code = await screen.findByRole('textbox', { name: 'Two-factor code' });
    expect(code).toHaveAccessibleDescription('The 6-digit code from your authenticator app, or one of your recovery codes.');
    await waitFor(() => expect(code).toHaveFocus());
    expect(window.location.pathname).toBe('/login');
    await user.type(code, '000 000');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This code is not correct. Please try again.');

    await user.clear(code);
    await user.type(code, 'rcv1-abcd');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(window.location.pathname).toBe('/meetings/m1'));
    expect(api.login).toHaveBeenNthCalledWith(2, { email: 'ada@example.org', password: 'correct horse', totp_code: '000000' });
    expect(api.login).toHaveBeenLastCalledWith({ email: 'ada@example.org', password: 'correct horse', totp_code: 'rcv1-abcd' });
  });

  it('announces wrong credentials and stays', async () => {
    const { user } = await setup(() => Promise.reject(new ApiRequestError(401, 'unauthorized', 'nope')));
    await fillAndSubmit(user);
    expect(await screen.findByRole('alert')).toHaveTextContent('The e-mail address or the password is not correct.');
    expect(window.location.pathname).toBe('/login');
  });

  it('checks the fields before asking the server', async () => {
    const { user, api } = await setup(() => Promise.resolve(testMe()));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(api.login).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: 'E-mail' })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Please enter an e-mail address.', 'Please enter your password.']);
  });

  it('offers the identity provider and the password reset', async () => {
    await setup(() => Promise.resolve(testMe()), testConfig({ oidc: { display_name: 'School login' } }));
    expect(screen.getByRole('link', { name: 'Sign in with School login' })).toHaveAttribute(
      'href',
      '/api/v1/auth/oidc/login?return_to=%2Fmeetings%2Fm1',
    );
    expect(screen.getByRole('link', { name: 'Forgot password?' })).toHaveAttribute('href', '/reset-password');
  });
});
