// @vitest-environment jsdom
// Component tests of a meeting's breakout set-ups on its page: the list with each set-up's
// settings in a few words, adding one (checked before it is sent, room names ahead of time),
// editing one (the form filled in), deleting one (confirmed, or kept), the server's refusals at
// their fields in our own words, the most a meeting keeps, read-only for moderators, hidden when
// the server does not show them, and German.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, type PlenumApi } from '../../client/api';
import type { BreakoutSetup, PreparedBreakout } from '../../protocol/generated';
import { fakeApi, renderUi, testMeeting, testServices } from '../testing';
import { BreakoutSetupsSection } from './BreakoutSetupsSection';

afterEach(cleanup);

const threes: PreparedBreakout = {
  id: 'b1',
  setup: {
    name: 'Threes',
    settings: { assignment: 'random', split_by: 'size', rooms: 2, size: 3, names: ['Pond'], include_moderators: false, assign_late_joiners: true, minutes: 15 },
  },
};
const choir: PreparedBreakout = {
  id: 'b2',
  setup: {
    name: 'Choir',
    settings: { assignment: 'groups', split_by: 'rooms', rooms: 2, size: 4, names: [], include_moderators: true, assign_late_joiners: false },
  },
};

function setup(overrides: Partial<PlenumApi> = {}, role: 'owner' | 'moderator' = 'owner', languages = ['en']) {
  const user = userEvent.setup();
  const api = fakeApi({
    listBreakoutSetups: vi.fn(() => Promise.resolve([threes, choir])),
    addBreakoutSetup: vi.fn((_m: string, s: BreakoutSetup) => Promise.resolve({ id: 'b3', setup: s })),
    updateBreakoutSetup: vi.fn((_m: string, id: string, s: BreakoutSetup) => Promise.resolve({ id, setup: s })),
    removeBreakoutSetup: vi.fn(() => Promise.resolve()),
    ...overrides,
  });
  const { services } = testServices({ api });
  renderUi(<BreakoutSetupsSection meeting={testMeeting({ id: 'm1', my_role: role })} />, { services, languages });
  return { user, api };
}

function section() {
  return within(screen.getByRole('region', { name: 'Breakout set-ups' }));
}

describe('BreakoutSetupsSection', () => {
  it('lists the set-ups with their settings in a few words', async () => {
    setup();
    expect(await screen.findByText('Threes')).toBeInTheDocument();
    expect(section().getByText('3 per room · random · 15 min')).toBeInTheDocument();
    expect(section().getByText('one room per group · no time limit · moderators included · late joiners stay in the main room')).toBeInTheDocument();
    expect(section().getByText(/^Prepare breakout rooms here/)).toBeInTheDocument();
  });

  it('adds a set-up, checked before it is sent, with room names ahead of time', async () => {
    const { user, api } = setup();
    await screen.findByText('Threes');
    await user.click(section().getByRole('button', { name: 'Add set-up' }));
    expect(section().queryByRole('button', { name: 'Add set-up' })).toBeNull();
    await user.click(section().getByRole('radio', { name: 'Other' }));
    await user.click(section().getByRole('button', { name: 'Save set-up' }));
    expect(section().getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(/Please give the set-up a name of at most 60 characters\./);
    expect(section().getByRole('textbox', { name: 'Minutes (1–1440)' })).toHaveAccessibleDescription('Please enter between 1 and 1440 minutes.');
    expect(api.addBreakoutSetup).not.toHaveBeenCalled();

    await user.type(section().getByRole('textbox', { name: 'Name' }), 'Fours');
    await user.click(section().getByRole('radio', { name: '15 min' }));
    await user.click(section().getByRole('radio', { name: 'Participants per room' }));
    await user.clear(section().getByRole('textbox', { name: 'How many per room' }));
    await user.type(section().getByRole('textbox', { name: 'How many per room' }), '4');
    // By participants per room the number of rooms depends on who comes: one more name field as names are given.
    const names = within(section().getByRole('group', { name: 'Room names' }));
    expect(names.getAllByRole('textbox').map((f) => f.getAttribute('placeholder'))).toEqual(['Group 1']);
    await user.type(names.getByRole('textbox', { name: 'Name of room 1' }), 'Red');
    await user.type(names.getByRole('textbox', { name: 'Name of room 2' }), 'Blue');
    await user.clear(names.getByRole('textbox', { name: 'Name of room 1' }));
    expect(names.getAllByRole('textbox')).toHaveLength(3);
    await user.click(section().getByRole('button', { name: 'Save set-up' }));
    expect(api.addBreakoutSetup).toHaveBeenCalledWith('m1', {
      name: 'Fours',
      settings: { assignment: 'random', split_by: 'size', rooms: 2, size: 4, names: ['', 'Blue'], include_moderators: false, assign_late_joiners: true, minutes: 15 },
    });
    expect(await section().findByText('Fours')).toBeInTheDocument();
    expect(section().getByText('4 per room · random · 15 min')).toBeInTheDocument();
    expect(section().queryByRole('textbox', { name: 'Name' })).toBeNull();
    expect(section().getByRole('button', { name: 'Add set-up' })).toBeInTheDocument();
  });

  it('edits a set-up in the same form, filled in', async () => {
    const { user, api } = setup();
    await user.click(await screen.findByRole('button', { name: 'Edit “Threes”' }));
    const name = section().getByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('Threes');
    expect(section().getByRole('radio', { name: 'Participants per room' })).toBeChecked();
    expect(section().getByRole('textbox', { name: 'How many per room' })).toHaveValue('3');
    expect(section().getByRole('radio', { name: '15 min' })).toBeChecked();
    expect(section().getByRole('textbox', { name: 'Name of room 1' })).toHaveValue('Pond');
    await user.clear(name);
    await user.type(name, 'Threes by hand');
    await user.click(section().getByRole('radio', { name: 'Manual' }));
    await user.click(section().getByRole('switch', { name: 'Include moderators' }));
    await user.click(section().getByRole('button', { name: 'Save set-up' }));
    expect(api.updateBreakoutSetup).toHaveBeenCalledWith('m1', 'b1', {
      name: 'Threes by hand',
      settings: { ...threes.setup.settings, assignment: 'manual', include_moderators: true },
    });
    expect(await section().findByText('3 per room · by hand · 15 min · moderators included')).toBeInTheDocument();
    // Cancel leaves a set-up as it was.
    await user.click(section().getByRole('button', { name: 'Edit “Threes by hand”' }));
    await user.type(section().getByRole('textbox', { name: 'Name' }), ' again');
    await user.click(section().getByRole('button', { name: 'Cancel' }));
    expect(section().getByText('Threes by hand')).toBeInTheDocument();
    expect(api.updateBreakoutSetup).toHaveBeenCalledTimes(1);
  });

  it('deletes a set-up once confirmed', async () => {
    const { user, api } = setup({ listBreakoutSetups: vi.fn(() => Promise.resolve([threes])) });
    await user.click(await screen.findByRole('button', { name: 'Delete “Threes”' }));
    let dialog = within(screen.getByRole('alertdialog', { name: 'Delete the set-up “Threes”?' }));
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(api.removeBreakoutSetup).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Delete “Threes”' }));
    dialog = within(screen.getByRole('alertdialog', { name: 'Delete the set-up “Threes”?' }));
    await user.click(dialog.getByRole('button', { name: 'Delete' }));
    expect(api.removeBreakoutSetup).toHaveBeenCalledWith('m1', 'b1');
    await waitFor(() => expect(screen.queryByText('Threes')).toBeNull());
    expect(section().getByText('No breakout set-ups yet.')).toBeInTheDocument();
  });

  it("says the server's refusals at their fields, in its own words", async () => {
    const addBreakoutSetup = vi
      .fn()
      .mockRejectedValueOnce(new ApiRequestError(400, 'invalid_request', 'name is taken by the moon', 'name'))
      .mockRejectedValueOnce(new ApiRequestError(400, 'invalid_request', 'rooms must be 1..50', 'rooms'))
      .mockRejectedValueOnce(new ApiRequestError(400, 'invalid_request', 'a name is too long', 'names'))
      .mockRejectedValueOnce(new ApiRequestError(400, 'invalid_request', 'size must be 1..999', 'size'))
      .mockRejectedValueOnce(new ApiRequestError(409, 'conflict', 'a meeting has at most 50 set-ups'));
    const { user } = setup({ addBreakoutSetup });
    await user.click(await screen.findByRole('button', { name: 'Add set-up' }));
    await user.type(section().getByRole('textbox', { name: 'Name' }), 'Pairs');
    const save = () => user.click(section().getByRole('button', { name: 'Save set-up' }));

    await save();
    await waitFor(() => expect(section().getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(/Please give the set-up a name of at most 60 characters\./));
    await save();
    await waitFor(() => expect(section().getByRole('textbox', { name: 'How many rooms' })).toHaveAccessibleDescription('Please enter a number from 1 to 50.'));
    await save();
    expect(await within(section().getByRole('group', { name: 'Room names' })).findByRole('alert')).toHaveTextContent(
      'Please check the room names: at most 50, each at most 60 characters.',
    );
    // A field the form does not show (people per room, while split by number of rooms): beside the buttons.
    await save();
    expect(await section().findByText('Please enter a number from 1 to 999.')).toBeInTheDocument();
    await save();
    expect(await section().findByText('A meeting can have at most 50 breakout set-ups. Delete one first.')).toBeInTheDocument();
    expect(section().queryByText(/moon|1\.\.50|too long|1\.\.999|at most 50 set-ups/)).toBeNull();
    // The draft stays.
    expect(section().getByRole('textbox', { name: 'Name' })).toHaveValue('Pairs');
  });

  it('offers no Add set-up once the meeting has 50', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ ...threes, id: `b${i}`, setup: { ...threes.setup, name: `Set-up ${i}` } }));
    setup({ listBreakoutSetups: vi.fn(() => Promise.resolve(many)) });
    expect(await section().findByText('Set-up 49')).toBeInTheDocument();
    expect(section().getByRole('button', { name: 'Add set-up' })).toBeDisabled();
    expect(section().getByText('A meeting can have at most 50 breakout set-ups. Delete one first.')).toBeInTheDocument();
  });

  it('shows moderators the set-ups without changing them, and is hidden from others', async () => {
    setup({}, 'moderator');
    expect(await screen.findByText('Threes')).toBeInTheDocument();
    expect(section().getByText('Set-ups the host prepared for this meeting’s breakout rooms. Use them in the meeting’s Breakout rooms panel with one click.')).toBeInTheDocument();
    expect(section().queryByRole('button')).toBeNull();
    cleanup();
    const refused = vi.fn(() => Promise.reject(new ApiRequestError(403, 'forbidden', 'not yours')));
    setup({ listBreakoutSetups: refused }, 'moderator');
    await waitFor(() => expect(refused).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Breakout set-ups' })).toBeNull());
  });

  it('speaks German', async () => {
    const { user } = setup({}, 'owner', ['de']);
    const region = within(await screen.findByRole('region', { name: 'Vorlagen für Gruppenräume' }));
    expect(await region.findByText('3 pro Raum · zufällig · 15 Min.')).toBeInTheDocument();
    expect(region.getByRole('button', { name: '„Threes“ bearbeiten' })).toBeInTheDocument();
    expect(region.getByRole('button', { name: '„Threes“ löschen' })).toBeInTheDocument();
    await user.click(region.getByRole('button', { name: 'Vorlage hinzufügen' }));
    await user.click(region.getByRole('button', { name: 'Vorlage speichern' }));
    expect(region.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(/Bitte geben Sie der Vorlage einen Namen mit höchstens 60 Zeichen\./);
    expect(region.getByRole('group', { name: 'Raumnamen' })).toBeInTheDocument();
  });
});
