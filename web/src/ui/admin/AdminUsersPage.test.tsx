// @vitest-environment jsdom
// Component tests of user administration: the table, "Add user" (CreateUser), disabling,
// deleting after confirmation, "Load more", and no self-lockout controls on one's own row.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminUser, CreateUser, UpdateUser } from '../../protocol/generated';
import { fakeApi, renderUi, testMe, testServices } from '../testing';
import { AdminUsersPage } from './AdminUsersPage';

afterEach(cleanup);

function adminUser(patch: Partial<AdminUser>): AdminUser {
  return { id: 'u1', email: 'ada@example.org', display_name: 'Ada Lovelace', role: 'admin', disabled: false, totp_enabled: true, auth_source: 'local', created_at: '2025-01-01T00:00:00Z', ...patch };
}

function setup() {
  const user = userEvent.setup();
  const grace = adminUser({ id: 'u2', email: 'grace@example.org', display_name: 'Grace Hopper', role: 'user', totp_enabled: false });
  const api = fakeApi({
    listAdminUsers: vi
      .fn()
      .mockResolvedValueOnce({ items: [adminUser({}), grace], next_cursor: 'c2' })
      .mockResolvedValueOnce({ items: [adminUser({ id: 'u3', display_name: 'Alan Turing', email: 'alan@example.org', role: 'user', auth_source: 'oidc' })] }),
    createUser: vi.fn((request: CreateUser) => Promise.resolve(adminUser({ id: 'u9', email: request.email, display_name: request.display_name, role: request.role, totp_enabled: false }))),
    updateUser: vi.fn((id: string, update: UpdateUser) => Promise.resolve({ ...grace, id, ...update })),
    deleteUser: vi.fn(() => Promise.resolve()),
  });
  const { services } = testServices({ api });
  renderUi(<AdminUsersPage me={testMe({ role: 'admin' })} />, { services });
  return { user, api };
}

describe('AdminUsersPage', () => {
  it('lists users and keeps one from locking oneself out', async () => {
    setup();
    const table = await screen.findByRole('table', { name: 'Users' });
    const self = within(table).getByRole('row', { name: 'Ada Lovelace' });
    expect(self).toHaveTextContent('(you)');
    expect(within(self).queryByRole('button', { name: 'Disable' })).toBeNull();
    const grace = within(table).getByRole('row', { name: 'Grace Hopper' });
    expect(grace).toHaveTextContent('grace@example.org');
    expect(grace).toHaveTextContent('Password');
    expect(grace).toHaveTextContent('Active');
    expect(within(grace).getByRole('button', { name: /Role of Grace Hopper/ })).toHaveTextContent('User');
  });

  it('adds a user through the dialog', async () => {
    const { user, api } = setup();
    await screen.findByRole('table', { name: 'Users' });
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });
    await user.type(within(dialog).getByRole('textbox', { name: 'E-mail' }), 'cem@example.org');
    await user.type(within(dialog).getByRole('textbox', { name: 'Display name' }), 'Cem Yilmaz');
    await user.type(within(dialog).getByLabelText('Initial password'), 'short');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('The password needs at least 10 characters.');
    await user.type(within(dialog).getByLabelText('Initial password'), '-and-longer');
    await user.click(within(dialog).getByRole('radio', { name: 'Administrator' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(api.createUser).toHaveBeenCalledWith({ email: 'cem@example.org', display_name: 'Cem Yilmaz', password: 'short-and-longer', role: 'admin' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('row', { name: 'Cem Yilmaz' })).toBeInTheDocument();
  });

  it('disables and deletes a user', async () => {
    const { user, api } = setup();
    const grace = await screen.findByRole('row', { name: 'Grace Hopper' });
    await user.click(within(grace).getByRole('button', { name: 'Disable' }));
    expect(api.updateUser).toHaveBeenCalledWith('u2', { disabled: true });
    expect(await within(grace).findByRole('button', { name: 'Enable' })).toBeInTheDocument();
    expect(grace).toHaveTextContent('Disabled');

    await user.click(within(grace).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete Grace Hopper?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(api.deleteUser).toHaveBeenCalledWith('u2');
    await waitFor(() => expect(screen.queryByRole('row', { name: 'Grace Hopper' })).toBeNull());
  });

  it('loads more', async () => {
    const { user, api } = setup();
    await screen.findByRole('table', { name: 'Users' });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('row', { name: 'Alan Turing' })).toBeInTheDocument();
    expect(api.listAdminUsers).toHaveBeenLastCalledWith({ cursor: 'c2' });
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });
});
