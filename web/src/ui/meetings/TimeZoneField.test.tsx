// @vitest-environment jsdom
// Component test of the meeting form's time-zone field: cities with their offset, filtered as
// one types; "Lond" then Enter picks London (not the first zone of the alphabet).
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { newMeetingForm, type MeetingForm } from '../../client/meetingForm';
import { renderUi } from '../testing';
import { MeetingSettingsForm } from './MeetingSettingsForm';

afterEach(cleanup);

let latest: MeetingForm | null = null;

function Harness() {
  const [form, setForm] = useState(() => newMeetingForm(new Date('2025-01-15T09:00:00Z'), 'Europe/Berlin'));
  latest = form;
  return <MeetingSettingsForm form={form} onChange={setForm} errors={{}} mode="create" />;
}

describe('the time-zone field', () => {
  it('shows the city with its offset and filters as one types', async () => {
    const user = userEvent.setup();
    renderUi(<Harness />);
    const field = screen.getByRole('combobox', { name: 'Time zone' });
    expect((field as HTMLInputElement).value).toMatch(/^Berlin \(UTC\+[12]\)$/);
    await user.clear(field);
    await user.type(field, 'Lond');
    const list = await screen.findByRole('listbox');
    const options = within(list).getAllByRole('option');
    expect(options[0]).toHaveTextContent(/^London \(UTC\+[01]\)/);
    expect(options.map((o) => o.textContent).join(' ')).not.toContain('Abidjan');
    await user.keyboard('{Enter}');
    expect(latest?.timeZone).toBe('Europe/London');
    expect((field as HTMLInputElement).value).toMatch(/^London \(UTC\+[01]\)$/);
    // Rendering some 400 zones in jsdom is slow; a browser is not.
  }, 30_000);
});
