// @vitest-environment jsdom
// Component tests of the join screen: the name field has the focus, Join stays disabled (and
// says why) until a name is typed, the device pickers come before Join, the calm hint when
// camera/microphone are denied, and the buttons named after their action ("Mute", "Turn camera
// off"), as in the meeting.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeMediaDevices } from '../../media/fakes';
import { LocalMedia } from '../../media/localMedia';
import { renderUi } from '../testing';
import { JoinScreen, type PasswordPrompt } from './JoinScreen';

afterEach(cleanup);

async function renderJoin(options: { failWith?: string; languages?: string[]; password?: PasswordPrompt; title?: string } = {}) {
  const localMedia = new LocalMedia(fakeMediaDevices(options.failWith !== undefined ? { failWith: options.failWith } : {}));
  const onJoin = vi.fn();
  renderUi(
    <JoinScreen
      localMedia={localMedia}
      initialName=""
      joining={false}
      error={null}
      title={options.title}
      password={options.password ?? null}
      onJoin={onJoin}
    />,
    {
      languages: options.languages ?? ['en-GB'],
    },
  );
  await localMedia.start();
  return { localMedia, onJoin };
}

describe('JoinScreen', () => {
  it('keeps Join disabled until a name is typed', async () => {
    const user = userEvent.setup();
    const { onJoin } = await renderJoin();
    const join = screen.getByRole('button', { name: 'Join' });
    expect(join).toBeDisabled();
    expect(join).toHaveAccessibleDescription('Enter your name to join.');
    const name = screen.getByRole('textbox', { name: 'Display name' });
    expect(name).toHaveFocus();
    await user.type(name, '   ');
    expect(join).toBeDisabled();
    await user.clear(name);
    await user.type(name, 'Ada Lovelace');
    expect(join).toBeEnabled();
    expect(screen.queryByText('Enter your name to join.')).toBeNull();
    await user.click(join);
    expect(onJoin).toHaveBeenCalledWith('Ada Lovelace', '');
  });

  it('shows a calm hint when camera and microphone are denied, and still allows joining', async () => {
    const user = userEvent.setup();
    await renderJoin({ failWith: 'NotAllowedError' });
    await waitFor(() =>
      expect(
        screen.getByText(
          "We can't use your camera or microphone. You can still join and listen; to be seen and heard, allow access in your browser's site settings.",
        ),
      ).toBeInTheDocument(),
    );
    await user.type(screen.getByRole('textbox', { name: 'Display name' }), 'Ada');
    expect(screen.getByRole('button', { name: 'Join' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Unmute' })).not.toHaveAttribute('aria-pressed');
    expect(screen.getByRole('button', { name: 'Turn camera on' })).not.toHaveAttribute('aria-pressed');
  });

  it('has no hint when devices work, and buttons say what they will do', async () => {
    const user = userEvent.setup();
    const { localMedia } = await renderJoin();
    expect(screen.queryByText(/We can't use your camera/)).toBeNull();
    await user.click(await screen.findByRole('button', { name: 'Mute' }));
    await localMedia.whenIdle();
    expect(await screen.findByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    expect(localMedia.getSnapshot().audioTrack?.enabled).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Turn camera off' }));
    await localMedia.whenIdle();
    expect(await screen.findByRole('button', { name: 'Turn camera on' })).toBeInTheDocument();
    expect(localMedia.getSnapshot().videoTrack).toBeNull();
  });

  it('has a microphone level meter and labelled device pickers', async () => {
    await renderJoin();
    expect(screen.getByRole('meter', { name: 'Microphone level' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: /Desk microphone.*Microphone/ })).toBeInTheDocument());
    expect(screen.getByRole('button', { name: /Front camera.*Camera/ })).toBeInTheDocument();
    // The pickers come before Join in the reading and tab order.
    const picker = screen.getByRole('button', { name: /Front camera.*Camera/ });
    const join = screen.getByRole('button', { name: 'Join' });
    expect(picker.compareDocumentPosition(join) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('has a "Meeting password" field when the room asks for one', async () => {
    const user = userEvent.setup();
    const { onJoin } = await renderJoin({ password: { required: true, error: 'The password is not correct.' }, title: 'Maths revision' });
    expect(screen.getByText('Maths revision')).toBeInTheDocument();
    const password = screen.getByLabelText('Meeting password');
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription(/The password is not correct\./);
    await user.type(screen.getByRole('textbox', { name: 'Display name' }), 'Ada');
    expect(screen.getByRole('button', { name: 'Join' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Join' })).toHaveAccessibleDescription('Enter the meeting password to join.');
    await user.type(password, 'owl-7');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(onJoin).toHaveBeenCalledWith('Ada', 'owl-7');
  });

  it('speaks German when the browser prefers it', async () => {
    await renderJoin({ languages: ['de-AT', 'en'] });
    expect(screen.getByRole('button', { name: 'Beitreten' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Anzeigename' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('de');
  });
});
