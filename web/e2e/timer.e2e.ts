// Timers in real browsers against the real server: a moderator starts a countdown with a ready
// check, the others see it count down on the server's time and mark themselves ready, the
// moderator sees who is ready, time runs out for everyone; a coffee break covers the meeting for
// everyone, switches their camera and microphone off, and ends for everyone when the moderator
// ends it. With PLENUM_SCREENSHOTS set to a folder, it takes the timer and break screenshots.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, join, newMeeting, newPage, serverAndBrowser, shot } from './harness';

const env = serverAndBrowser();

/** The seconds shown on `page`'s countdown card (mm:ss). */
async function shownSeconds(page: Page): Promise<number> {
  const text = (await page.getByRole('timer', { name: /^Countdown/ }).textContent()) ?? '';
  const match = /(\d+):(\d{2})/.exec(text);
  return match === null ? Number.NaN : Number(match[1]) * 60 + Number(match[2]);
}

describe('timers and the coffee break', () => {
  it('counts down for everyone with a ready check, and covers the meeting with a break', async () => {
    const ada = await newPage(env.browser);
    const roomUrl = await newMeeting(ada, env.server.url);
    await join(ada, roomUrl, 'Ada');
    const bea = await newPage(env.browser);
    await join(bea, roomUrl, 'Bea');
    expect(await bea.getByRole('button', { name: 'Timer', exact: true }).count()).toBe(0);

    // A 6-second countdown with a ready check.
    await ada.getByRole('button', { name: 'Timer', exact: true }).click();
    await ada.getByRole('textbox', { name: 'Title' }).fill('Group work');
    await ada.getByRole('textbox', { name: 'Minutes' }).fill('0');
    await ada.getByRole('textbox', { name: 'Seconds' }).fill('6');
    // react-aria's inputs are visually hidden: click their labels, as people do.
    await ada.getByText('Ask everyone to confirm they are ready').click();
    expect(await ada.getByRole('checkbox', { name: 'Ask everyone to confirm they are ready' }).isChecked()).toBe(true);
    await ada.getByRole('button', { name: 'Start timer' }).click();
    const beaTimer = bea.getByRole('timer', { name: 'Countdown: Group work' });
    await beaTimer.waitFor();
    const first = await shownSeconds(bea);
    expect(first).toBeGreaterThanOrEqual(3);
    expect(first).toBeLessThanOrEqual(6);
    await bea.getByRole('button', { name: "I'm ready" }).click();
    await ada.getByText('1 of 2 ready').first().waitFor();
    await shot(bea, 'timer');
    await eventually('time is up for Bea', async () => ((await beaTimer.textContent()) ?? '').includes('Time is up'));
    await ada.getByRole('button', { name: 'Stop timer' }).click();
    await eventually('the timer is gone for Bea', async () => (await bea.getByRole('timer', { name: /^Countdown/ }).count()) === 0);

    // A coffee break: everyone sees it with their camera and microphone off; it ends for all.
    const length = ada.getByRole('radiogroup', { name: 'Length of the break', exact: true });
    await length.getByText('5 min', { exact: true }).click();
    expect(await length.getByRole('radio', { name: '5 min', exact: true }).isChecked()).toBe(true);
    await ada.getByRole('button', { name: 'Start break' }).click();
    const breakView = bea.getByRole('dialog', { name: 'Coffee break' });
    await breakView.waitFor();
    await breakView.getByRole('button', { name: 'Turn camera on' }).waitFor();
    await breakView.getByRole('button', { name: 'Unmute' }).waitFor();
    await shot(bea, 'coffee-break');
    await ada.getByRole('dialog', { name: 'Coffee break' }).getByRole('button', { name: 'End break' }).click();
    await eventually('the break is over for Bea', async () => (await bea.getByRole('dialog', { name: 'Coffee break' }).count()) === 0);
    await bea.getByRole('button', { name: 'Turn camera on' }).waitFor();
  });
});
