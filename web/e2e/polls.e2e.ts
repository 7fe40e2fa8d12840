// Polls in real browsers against the real server: the owner prepares a poll on the meeting's
// page before the meeting, starts it in the meeting with one click, two guests answer, everyone's
// answers show up in the owner's results with names, and when the owner ends the poll the
// guests see the final counts (without names). With PLENUM_SCREENSHOTS set to a folder, it takes
// the polls screenshot.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, newPage, serverAndBrowser, shot } from './harness';

// With a config file, rooms need an account, and the home page offers the first-run set-up.
const env = serverAndBrowser({ config: 'allow_anonymous_rooms = false\n' });
const QUESTION = 'Shall the class trip go to the museum?';

/** Joins by guest link as `name`. */
async function joinAsGuest(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('textbox', { name: 'Display name' }).fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('button', { name: 'Leave' }).waitFor();
}

/** Answers the running poll with `answer` on `page` (the panel opens by itself). */
async function answer(page: Page, answer: string): Promise<void> {
  const card = page.getByRole('article', { name: QUESTION });
  await card.waitFor();
  // react-aria's inputs are visually hidden: click the label, as people do.
  await card.getByRole('radiogroup').getByText(answer, { exact: true }).click();
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await card.getByText(`Your answer: ${answer}`).waitFor();
}

describe('polls', () => {
  it('prepared before the meeting, started with one click, answered by everyone', async () => {
    const ada = await newPage(env.browser);
    await ada.goto(env.server.url);
    await ada.getByRole('button', { name: 'Set up Plenum' }).click();
    await ada.getByRole('textbox', { name: 'Display name' }).fill('Ada Admin');
    await ada.getByRole('textbox', { name: 'E-mail' }).fill('ada@example.org');
    await ada.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await ada.getByLabel('Repeat password').fill('correct horse battery');
    await ada.getByRole('button', { name: 'Create account' }).click();
    await ada.getByRole('link', { name: 'Plan a meeting' }).click();
    await ada.getByRole('textbox', { name: 'Title', exact: true }).fill('Class council');
    await ada.getByRole('radio', { name: 'No fixed time' }).check({ force: true });
    await ada.getByRole('button', { name: 'Next' }).click();
    await ada.getByRole('button', { name: 'Create meeting' }).click();
    await ada.getByRole('button', { name: 'Create guest link' }).click();
    const link = await ada.getByRole('textbox', { name: 'Guest link' }).inputValue();
    await ada.getByRole('button', { name: 'Done' }).click();

    // Prepared on the meeting's page, with the default answers.
    await ada.getByRole('button', { name: 'Add poll' }).click();
    await ada.getByRole('textbox', { name: 'Question' }).fill(QUESTION);
    await ada.getByRole('button', { name: 'Save poll' }).click();
    await ada.getByRole('button', { name: `Edit “${QUESTION}”` }).waitFor();
    await shot(ada, 'polls-prepared');

    // The meeting: the owner and two guests.
    await ada.getByRole('button', { name: 'Start' }).first().click();
    await ada.getByRole('button', { name: 'Join', exact: true }).click();
    await ada.getByRole('button', { name: 'Leave' }).waitFor();
    const bea = await newPage(env.browser);
    await joinAsGuest(bea, link, 'Bea');
    const cem = await newPage(env.browser);
    await joinAsGuest(cem, link, 'Cem');
    await eventually('three people inside', async () => (await ada.locator('[data-participant-id]').count()) === 3);

    // One click starts the prepared poll.
    await ada.getByRole('button', { name: 'Polls', exact: true }).click();
    await ada.getByRole('button', { name: `Start poll “${QUESTION}”` }).click();
    await bea.getByRole('article', { name: QUESTION }).waitFor();
    await shot(bea, 'polls-answer');
    await answer(bea, 'Yes');
    await answer(cem, 'No');
    await answer(ada, 'Yes');

    // Everyone's answers in the owner's results, with names.
    const results = ada.getByRole('article', { name: QUESTION }).getByRole('list', { name: 'Results' });
    await eventually('all three answers counted', async () => {
      const text = (await results.textContent()) ?? '';
      return text.includes('2 votes · 67%') && text.includes('1 vote · 33%');
    });
    expect(await results.textContent()).toContain('Chosen by Bea and Ada Admin');
    await ada.getByText('3 of 3 answered').first().waitFor();
    await shot(ada, 'polls');

    // Closed: the guests see the final counts, never the names.
    await ada.getByRole('button', { name: 'End poll' }).click();
    const beaResults = bea.getByRole('article', { name: QUESTION }).getByRole('list', { name: 'Results' });
    await eventually('Bea sees the final results', async () => ((await beaResults.textContent()) ?? '').includes('2 votes · 67%'));
    expect(await beaResults.textContent()).not.toContain('Chosen by');
  });
});
