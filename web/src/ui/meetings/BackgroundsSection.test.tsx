// @vitest-environment jsdom
// Component tests of a meeting's own background pictures: the list with previews, adding a
// picture (its name from the file name), refusing a wrong type or a too large file before
// uploading, the server's "full" answer, and removing.
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../client/api';
import type { BackgroundPicture } from '../../protocol/generated';
import { fakeApi, renderUi, testMeeting, testServices } from '../testing';
import { BackgroundsSection, MAX_BACKGROUND_BYTES, pictureName } from './BackgroundsSection';

afterEach(cleanup);

const hall: BackgroundPicture = { id: 'b1', name: 'Town hall', content_type: 'image/png', size: 1200 };

function setup(addBackground = vi.fn((_m: string, name: string, file: Blob) => Promise.resolve({ id: 'b2', name, content_type: file.type, size: file.size }))) {
  const user = userEvent.setup({ applyAccept: false });
  const api = fakeApi({ listBackgrounds: () => Promise.resolve([hall]), addBackground, removeBackground: vi.fn(() => Promise.resolve()) });
  const { services } = testServices({ api });
  const { container } = renderUi(<BackgroundsSection meeting={testMeeting({ id: 'm1', room_id: 'room-m1' })} />, { services });
  const input = () => {
    const found = container.querySelector('input[type="file"]');
    if (!(found instanceof HTMLInputElement)) throw new Error('no file input');
    return found;
  };
  return { user, api, addBackground, input };
}

describe('BackgroundsSection', () => {
  it('lists the pictures with a preview from the room and adds one named after its file', async () => {
    const { user, addBackground, input } = setup();
    expect(await screen.findByText('Town hall')).toBeInTheDocument();
    const preview = document.querySelector('.background-picture img');
    expect(preview).toHaveAttribute('src', '/api/v1/rooms/room-m1/backgrounds/b1');
    expect(screen.getByRole('button', { name: 'Add picture' })).toBeEnabled();
    const file = new File([new Uint8Array([0x89, 0x50])], 'Company blue.png', { type: 'image/png' });
    await user.upload(input(), file);
    expect(addBackground).toHaveBeenCalledWith('m1', 'Company blue', file);
    expect(await screen.findByText('Company blue')).toBeInTheDocument();
  });

  it('refuses other types and large files before uploading, and explains a full meeting', async () => {
    const addBackground = vi.fn(() => Promise.reject(new ApiRequestError(409, 'conflict', 'a meeting has at most 8 background pictures')));
    const { user, input } = setup(addBackground);
    await screen.findByText('Town hall');
    await user.upload(input(), new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    expect(screen.getByText('Please choose a PNG, JPEG or WebP picture.')).toBeInTheDocument();
    await user.upload(input(), new File([new Uint8Array(MAX_BACKGROUND_BYTES + 1)], 'huge.jpg', { type: 'image/jpeg' }));
    expect(screen.getByText('This picture is larger than 2 MB.')).toBeInTheDocument();
    expect(addBackground).not.toHaveBeenCalled();
    await user.upload(input(), new File([new Uint8Array(10)], 'ninth.webp', { type: 'image/webp' }));
    expect(await screen.findByText('A meeting can have at most 8 pictures. Remove one first.')).toBeInTheDocument();
  });

  it('removes a picture', async () => {
    const { user, api } = setup();
    await user.click(await screen.findByRole('button', { name: 'Remove Town hall' }));
    expect(api.removeBackground).toHaveBeenCalledWith('m1', 'b1');
    await waitFor(() => expect(screen.queryByText('Town hall')).toBeNull());
    expect(screen.getByText('No pictures of your own: participants see the built-in pictures.')).toBeInTheDocument();
  });

  it('names a picture after its file without the extension', () => {
    expect(pictureName('Rathaus.jpeg')).toBe('Rathaus');
    expect(pictureName('.png')).toBe('.png');
    expect(pictureName('a\u0007b.webp')).toBe('ab');
    expect(Array.from(pictureName(`${'x'.repeat(80)}.png`))).toHaveLength(60);
  });
});
