// @vitest-environment jsdom
// Component tests of the first-run setup: on the server itself no code is asked; from elsewhere
// the code from the printed link (`?code=`) is sent, and a refused code brings up the field.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../client/api';
import { Session } from '../../client/session';
import type { SetupRequest } from '../../protocol/generated';
import { fakeApi, renderUi, testConfig, testMe, testServices } from '../testing';
import { SetupPage } from './SetupPage';

afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});

function setup(answer: (request: SetupRequest) => Promise<ReturnType<typeof testMe>>, codeRequired: boolean, url = '/setup') {
  const user = userEvent.setup();
  const api = fakeApi({ setup: vi.fn(answer) });
  const session = new Session(api, { status: 'ready', config: testConfig({ setup_required: true }), me: null });
  const { services } = testServices({ api, session });
  window.history.replaceState(null, '', url);
  renderUi(<SetupPage codeRequired={codeRequired} />, { services });
  return { user, api };
}

async function fill(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole('textbox', { name: 'Display name' }), 'Ada');
  await user.type(screen.getByRole('textbox', { name: 'E-mail' }), 'ada@example.org');
  await user.type(screen.getByLabelText('Password', { exact: true }), 'correct horse battery');
  await user.type(screen.getByLabelText('Repeat password'), 'correct horse battery');
}

describe('SetupPage', () => {
  it('asks no code on the server itself', async () => {
    const { user, api } = setup(() => Promise.resolve(testMe()), false);
    expect(screen.queryByRole('textbox', { name: 'Setup code' })).toBeNull();
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(api.setup).toHaveBeenCalledWith({ display_name: 'Ada', email: 'ada@example.org', password: 'correct horse battery' }));
  });

  it('takes the code from the printed link and asks again when it is refused', async () => {
    let calls = 0;
    const { user, api } = setup(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new ApiRequestError(403, 'forbidden', 'enter the setup code', 'setup_code')) : Promise.resolve(testMe());
    }, true, '/setup?code=abc123');
    expect(screen.getByRole('textbox', { name: 'Setup code' })).toHaveValue('abc123');
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('This setup code is not right.')).toBeInTheDocument();
    const field = screen.getByRole('textbox', { name: 'Setup code' });
    await user.clear(field);
    await user.type(field, 'right-code');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(api.setup).toHaveBeenLastCalledWith(expect.objectContaining({ setup_code: 'right-code' })));
  });
});
