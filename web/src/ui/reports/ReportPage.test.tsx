// @vitest-environment jsdom
// Component tests of a meeting report: the table (name, roles, attended, speaking time, hands
// raised), "Download CSV" linking the server's file, "Download JSON", and a report that cannot
// be seen.
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../client/api';
import type { MeetingReport } from '../../protocol/generated';
import { fakeApi, renderUi, testServices } from '../testing';
import { ReportPage } from './ReportPage';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

const report: MeetingReport = {
  room: 'room-m1',
  started_at: Date.UTC(2025, 4, 5, 8, 0),
  ended_at: Date.UTC(2025, 4, 5, 9, 2),
  participants: [
    {
      participant_id: 'p1',
      display_name: 'Ada Lovelace',
      roles: ['owner', 'participant'],
      groups: [],
      stays: [{ joined_at: Date.UTC(2025, 4, 5, 8, 0), left_at: Date.UTC(2025, 4, 5, 9, 2) }],
      attended_ms: 3_720_000,
      speaking_ms: 754_000,
      hands_raised: 0,
    },
    {
      participant_id: 'p2',
      display_name: 'Wim',
      roles: ['guest'],
      groups: [],
      stays: [{ joined_at: Date.UTC(2025, 4, 5, 8, 10) }],
      attended_ms: 1_800_000,
      speaking_ms: 65_000,
      hands_raised: 3,
    },
  ],
  chat: [{ id: 1, from: 'p1', from_name: 'Ada Lovelace', to: { kind: 'everyone' }, text: 'Welcome', sent_at: Date.UTC(2025, 4, 5, 8, 1) }],
  polls: [],
};

describe('ReportPage', () => {
  it('shows everyone with roles, attendance, speaking time and hands, and offers both downloads', async () => {
    const user = userEvent.setup();
    const { services } = testServices({ api: fakeApi({ getReport: vi.fn(() => Promise.resolve(report)) }) });
    renderUi(<ReportPage id="rep-1" />, { services });
    expect(await screen.findByRole('heading', { level: 1, name: 'Meeting report' })).toBeInTheDocument();
    expect(screen.getByText('5 May 2025, 10:00 until 5 May 2025, 11:02')).toBeInTheDocument();
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.map((r) => Array.from(r.children).map((c) => c.textContent))).toEqual([
      ['Name', 'Roles', 'Attended', 'Speaking time', 'Hands raised'],
      ['Ada Lovelace', 'Host', '1:02:00', '12:34', '0'],
      ['Wim', 'Guest', '30:00', '1:05', '3'],
    ]);
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/v1/reports/rep-1/csv');
    expect(screen.getByRole('link', { name: 'Download chat (1 message)' })).toHaveAttribute('href', '/api/v1/reports/rep-1/chat');
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:report');
    vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await user.click(screen.getByRole('button', { name: 'Download JSON' }));
    expect(click).toHaveBeenCalled();
    const blob = createObjectURL.mock.calls[0]?.[0];
    expect(blob?.type).toBe('application/json;charset=utf-8');
    expect(JSON.parse(await readText(blob as Blob))).toEqual(report);
  });

  it('says so when the report cannot be seen', async () => {
    const { services } = testServices({
      api: fakeApi({ getReport: () => Promise.reject(new ApiRequestError(404, 'not_found', 'no such report')) }),
    });
    renderUi(<ReportPage id="nope" />, { services });
    expect(await screen.findByRole('heading', { name: 'This report was not found' })).toBeInTheDocument();
  });
});
