// @vitest-environment jsdom
// Component tests of the settings: an API token's secret is shown once (gone after "Done",
// never in the list), two-factor enrolment (QR code as a data: image, never as markup; recovery
// codes once), the language switch (saved and applied at once), and sections for local accounts.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../client/session';
import type { CreateToken } from '../../protocol/generated';
import { fakeApi, renderUi, testConfig, testMe, testServices } from '../testing';
import { SettingsPage, svgDataUrl } from './SettingsPage';

afterEach(cleanup);

const SECRET = 'plenum_pat_s3cr3t';
const QR = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/><script>alert(1)</script></svg>';

function setup(me = testMe(), languages = ['en']) {
  const user = userEvent.setup();
  const api = fakeApi({
    createToken: vi.fn((request: CreateToken) =>
      Promise.resolve({ token: SECRET, info: { id: 't9', name: request.name, scopes: request.scopes, created_at: '2025-05-05T08:00:00Z' } }),
    ),
    startTotp: vi.fn(() => Promise.resolve({ secret: 'JBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://totp/x', qr_svg: QR })),
    confirmTotp: vi.fn(() => Promise.resolve({ codes: ['aaaa-1111', 'bbbb-2222'] })),
    updateMe: vi.fn((update: { language?: string }) => Promise.resolve({ ...me, ...update })),
  });
  const session = new Session(api, { status: 'ready', config: testConfig(), me });
  const { services } = testServices({ api, session });
  const view = renderUi(<SettingsPage me={me} />, { services, languages });
  return { user, api, session, view };
}

describe('SettingsPage', () => {
  it('creates an API token and shows its secret only once', async () => {
    const { user, api } = setup();
    const tokens = screen.getByRole('region', { name: 'API tokens' });
    await user.type(within(tokens).getByRole('textbox', { name: 'Name' }), 'Calendar sync');
    await user.click(within(tokens).getByRole('checkbox', { name: 'Write' }));
    await user.click(within(tokens).getByRole('radio', { name: 'In two years' }));
    await user.click(within(tokens).getByRole('button', { name: 'Create token' }));

    expect(await within(tokens).findByText(SECRET)).toBeInTheDocument();
    expect(api.createToken).toHaveBeenCalledWith({ name: 'Calendar sync', scopes: ['read', 'write'], expires_in_days: 730 });
    expect(within(tokens).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();
    expect(within(tokens).getByText('Copy the token now: it is shown only this once.')).toBeInTheDocument();
    const listed = within(tokens).getByRole('listitem', { name: 'Calendar sync' });
    expect(within(listed).getByRole('button', { name: 'Revoke' })).toBeInTheDocument();

    await user.click(within(tokens).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText(SECRET)).toBeNull();
    expect(document.body.textContent).not.toContain(SECRET);
    expect(within(tokens).getByRole('listitem', { name: 'Calendar sync' })).toBeInTheDocument();
  });

  it('sends the chosen expiry in days', async () => {
    const { user, api } = setup();
    const tokens = screen.getByRole('region', { name: 'API tokens' });
    await user.type(within(tokens).getByRole('textbox', { name: 'Name' }), 'CI');
    await user.click(within(tokens).getByRole('button', { name: 'Create token' }));
    await waitFor(() => expect(api.createToken).toHaveBeenCalledWith({ name: 'CI', scopes: ['read'], expires_in_days: 90 }));
  });

  it('enrols two-factor authentication with the QR code as an image and shows the recovery codes', async () => {
    const { user, api, session } = setup();
    await user.click(screen.getByRole('button', { name: 'Set up two-factor authentication' }));
    const qr = await screen.findByRole('img', { name: 'QR code for your authenticator app' });
    expect(qr.getAttribute('src')).toBe(svgDataUrl(QR));
    expect(atob((qr.getAttribute('src') ?? '').split(',')[1] ?? '')).toBe(QR);
    expect(document.querySelector('script')).toBeNull();
    expect(screen.getByText('JBSWY3DPEHPK3PXP')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Code from the app' }), '123 456');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    const codes = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(within(codes).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['aaaa-1111', 'bbbb-2222']);
    expect(api.confirmTotp).toHaveBeenCalledWith({ code: '123456' });
    expect(session.me()?.totp_enabled).toBe(true);
    expect(screen.getByRole('button', { name: 'Copy codes' })).toBeInTheDocument();
  });

  it('switches the language at once and saves it', async () => {
    const { user, api, view } = setup();
    await user.click(screen.getByRole('radio', { name: 'Deutsch' }));
    expect(api.updateMe).toHaveBeenCalledWith({ language: 'de' });
    expect(await screen.findByRole('heading', { name: 'Sprache' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('de');
    await user.click(screen.getByRole('radio', { name: 'Automatisch' }));
    expect(api.updateMe).toHaveBeenLastCalledWith({ language: '' });
    view.unmount();
  });

  it('has no password or two-factor sections for single sign-on accounts', () => {
    setup(testMe({ auth_source: 'oidc' }));
    expect(screen.getByRole('region', { name: 'Profile' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Password' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Two-factor authentication' })).toBeNull();
    expect(screen.getByText('ada@example.org')).toBeInTheDocument();
  });
});
