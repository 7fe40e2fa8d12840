// @vitest-environment jsdom
// Component tests of a tile's connection indicator: nothing while the connection is good; a
// signal icon named "Connection: fair" / "Connection: poor" with a plain explanation in its
// tooltip and in the tile's description (about the other person, or about ourselves); the tile's
// name unchanged; German names.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderUi, testParticipant } from '../testing';
import { Tile, type TileProps } from './Tile';

afterEach(cleanup);

const bob = testParticipant('p2', 'Bob');
const ada = testParticipant('p1', 'Ada');

function tile(props: Partial<TileProps> = {}, languages?: string[]) {
  renderUi(<Tile participant={bob} isSelf={false} videoTrack={null} muted={false} {...props} />, languages === undefined ? {} : { languages });
  return screen.getByRole('group', { name: props.participant?.display_name ?? 'Bob' });
}

describe('connection indicator', () => {
  it('shows nothing while the connection is good', () => {
    const group = tile({ quality: 'good' });
    expect(within(group).queryByRole('img')).toBeNull();
    expect(group).not.toHaveAttribute('aria-describedby');
    expect(group).toHaveAttribute('data-quality', 'good');
    cleanup();
    expect(within(tile()).queryByRole('img')).toBeNull();
  });

  it("names a remote person's weak connection and explains it", () => {
    const group = tile({ quality: 'poor' });
    const icon = within(group).getByRole('img', { name: 'Connection: poor' });
    expect(icon).toHaveAttribute('title', 'The picture may freeze; the connection of Bob is weak.');
    expect(group).toHaveAccessibleName('Bob');
    expect(group).toHaveAccessibleDescription('The picture may freeze; the connection of Bob is weak.');
    expect(group).toHaveAttribute('data-quality', 'poor');
  });

  it('says "fair" for an unsteady connection', () => {
    const group = tile({ quality: 'fair' });
    expect(within(group).getByRole('img', { name: 'Connection: fair' })).toHaveAttribute(
      'title',
      'The picture may stutter now and then; the connection of Bob is unsteady.',
    );
  });

  it('speaks to us about our own connection', () => {
    const group = tile({ participant: ada, isSelf: true, quality: 'poor' });
    expect(within(group).getByRole('img', { name: 'Connection: poor' })).toBeInTheDocument();
    expect(group).toHaveAccessibleDescription('Your connection is weak: others may not see or hear you well.');
  });

  it('speaks German', () => {
    const group = tile({ quality: 'fair' }, ['de']);
    expect(within(group).getByRole('img', { name: 'Verbindung: mittel' })).toBeInTheDocument();
    expect(group).toHaveAccessibleDescription('Das Bild kann ab und zu stocken; die Verbindung von Bob ist unbeständig.');
    cleanup();
    const self = tile({ participant: ada, isSelf: true, quality: 'poor' }, ['de']);
    expect(within(self).getByRole('img', { name: 'Verbindung: schwach' })).toBeInTheDocument();
    expect(self).toHaveAccessibleDescription('Ihre Verbindung ist schwach: Andere sehen oder hören Sie womöglich nicht gut.');
  });
});

describe('video held back for bandwidth', () => {
  it('shows initials and says that our connection is too slow for the video', () => {
    const group = tile({ videoPaused: true });
    expect(group).toHaveAttribute('data-video-paused', 'true');
    expect(within(group).getByText('Video paused: your connection is slow')).toBeInTheDocument();
    expect(within(group).queryByRole('img')).toBeNull();
    cleanup();
    const plain = tile();
    expect(plain).toHaveAttribute('data-video-paused', 'false');
    expect(within(plain).queryByText('Video paused: your connection is slow')).toBeNull();
  });

  it('speaks German', () => {
    const group = tile({ videoPaused: true }, ['de']);
    expect(within(group).getByText('Video pausiert: Ihre Verbindung ist zu langsam')).toBeInTheDocument();
  });
});
