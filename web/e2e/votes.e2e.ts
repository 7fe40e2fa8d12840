// Binding votes in real browsers against the real server: the owner prepares a secret vote on
// the meeting's page, three people with accounts (signed in) and one guest join through the
// guest link, the owner starts the prepared vote with one click, the three cast their ballots
// (Yes, Yes, No) while the guest sees the vote without ballot controls, the owner closes it and
// everyone sees Yes 2 · No 1 · Abstain 0. The owner's signed protocol (JSON, from the card's
// download link) carries exactly these counts, and every voter's receipt from their screen in a
// ballot with their choice, without names; the PDF is there too, and the meeting's page lists
// the vote under "Past votes". With PLENUM_SCREENSHOTS set to a folder, it takes the
// votes-running and votes-result screenshots.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ProtocolEntry, VoteProtocol } from '../src/protocol/generated';
import { eventually, newPage, serverAndBrowser, shot } from './harness';

// With a config file, rooms need an account, and the home page offers the first-run set-up.
const env = serverAndBrowser({ config: 'allow_anonymous_rooms = false\n' });
const MOTION = 'Shall the council adopt the budget?';
const OPTIONS = ['Yes', 'No', 'Abstain'];

/** The voters: accounts the owner creates, and what each of them chooses. */
const VOTERS = [
  { name: 'Bea Berger', email: 'bea@example.org', choice: 'Yes' },
  { name: 'Cem Celik', email: 'cem@example.org', choice: 'Yes' },
  { name: 'Dan Dorn', email: 'dan@example.org', choice: 'No' },
] as const;
const PASSWORD = 'council password 1';

/** Signs in at the login page with an account's e-mail and password. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${env.server.url}/login`);
  await page.getByRole('textbox', { name: 'E-mail' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
}

/** Joins by the guest link, signed in: the name is the account's, the role `participant`. */
async function joinSignedIn(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  const field = page.getByRole('textbox', { name: 'Display name' });
  await eventually('name filled in from the account', async () => (await field.inputValue()) === name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('button', { name: 'Leave' }).waitFor();
}

/** Joins by the guest link without an account, as `name`. */
async function joinAsGuest(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await page.getByRole('textbox', { name: 'Display name' }).fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('button', { name: 'Leave' }).waitFor();
}

/** The vote's card on `page`. */
function card(page: Page) {
  return page.getByRole('article', { name: MOTION });
}

/** Casts `choice` on `page` (the Votes panel opened by itself) and returns the receipt shown. */
async function castBallot(page: Page, choice: string): Promise<string> {
  const vote = card(page);
  await vote.waitFor();
  // react-aria's inputs are visually hidden: click the label, as people do.
  await vote.getByRole('radiogroup', { name: MOTION }).getByText(choice, { exact: true }).click();
  await vote.getByRole('button', { name: 'Cast vote' }).click();
  await vote.getByText(`Your vote: ${choice}`).waitFor();
  const receipt = ((await vote.getByRole('group', { name: 'Your receipt' }).locator('code').textContent()) ?? '').trim();
  expect(receipt).not.toBe('');
  await vote.getByRole('button', { name: 'Copy receipt' }).waitFor();
  return receipt;
}

/** The counts of the result line on `page` ("Result: Yes 2 · No 1 · Abstain 0"), in option order. */
async function countsShown(page: Page): Promise<number[]> {
  const line = card(page).getByText(/^Result: /);
  await line.waitFor();
  const text = ((await line.textContent()) ?? '').replace(/^Result: /, '');
  const parts = text.split(' · ');
  expect(parts.map((part) => part.replace(/ \d+$/, ''))).toEqual(OPTIONS);
  return parts.map((part) => Number(/(\d+)$/.exec(part)?.[1] ?? NaN));
}

/** The events of the protocol's entries of one type. */
function eventsOf<T extends ProtocolEntry['event']['type']>(protocol: VoteProtocol, type: T): Extract<ProtocolEntry['event'], { type: T }>[] {
  return protocol.entries.map((e) => e.event).filter((e): e is Extract<ProtocolEntry['event'], { type: T }> => e.type === type);
}

describe('votes', () => {
  it('a secret vote prepared before the meeting, cast by account holders, closed, and proven by its protocol', async () => {
    const ada = await newPage(env.browser);
    await ada.goto(env.server.url);
    await ada.getByRole('button', { name: 'Set up Plenum' }).click();
    await ada.getByRole('textbox', { name: 'Display name' }).fill('Ada Admin');
    await ada.getByRole('textbox', { name: 'E-mail' }).fill('ada@example.org');
    await ada.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await ada.getByLabel('Repeat password').fill('correct horse battery');
    await ada.getByRole('button', { name: 'Create account' }).click();
    await ada.getByRole('button', { name: 'Start meeting now' }).waitFor();

    // The council's members get accounts (the administration's API, with the admin's session).
    for (const voter of VOTERS) {
      const created = await ada.request.post(`${env.server.url}/api/v1/admin/users`, {
        headers: { 'x-plenum-csrf': '1' },
        data: { email: voter.email, display_name: voter.name, password: PASSWORD, role: 'user' },
      });
      expect(created.status()).toBe(201);
    }

    // The meeting, with a guest link for everyone.
    await ada.getByRole('link', { name: 'Plan a meeting' }).click();
    await ada.getByRole('textbox', { name: 'Title', exact: true }).fill('Council meeting');
    await ada.getByRole('radio', { name: 'No fixed time' }).check({ force: true });
    await ada.getByRole('button', { name: 'Next' }).click();
    await ada.getByRole('button', { name: 'Create meeting' }).click();
    await ada.getByRole('button', { name: 'Create guest link' }).click();
    const link = await ada.getByRole('textbox', { name: 'Guest link' }).inputValue();
    await ada.getByRole('button', { name: 'Done' }).click();
    const meetingPage = ada.url();

    // Prepared on the meeting's page: a secret vote with the default options.
    await ada.getByRole('button', { name: 'Add vote' }).click();
    await ada.getByRole('textbox', { name: 'Motion' }).fill(MOTION);
    await ada.getByRole('radio', { name: 'Secret vote' }).check({ force: true });
    await ada.getByRole('button', { name: 'Save vote' }).click();
    await ada.getByRole('button', { name: `Edit “${MOTION}”` }).waitFor();

    // The meeting: the owner, three members signed in, and a guest.
    await ada.getByRole('button', { name: 'Start' }).first().click();
    await ada.getByRole('button', { name: 'Join', exact: true }).click();
    await ada.getByRole('button', { name: 'Leave' }).waitFor();
    const members: Page[] = [];
    for (const voter of VOTERS) {
      const page = await newPage(env.browser);
      await signIn(page, voter.email);
      await joinSignedIn(page, link, voter.name);
      members.push(page);
    }
    const gus = await newPage(env.browser);
    await joinAsGuest(gus, link, 'Gus Guest');
    await eventually('five people inside', async () => (await ada.locator('[data-participant-id]').count()) === 5);

    // One click starts the prepared vote.
    await ada.getByRole('button', { name: 'Votes', exact: true }).click();
    await ada.getByRole('button', { name: `Start vote “${MOTION}”` }).click();
    await card(ada).waitFor();
    await card(ada).getByText('Secret vote', { exact: true }).waitFor();

    // The guest sees the vote, but no ballot.
    await gus.getByRole('button', { name: 'Votes', exact: true }).click();
    const gusCard = card(gus);
    await gusCard.waitFor();
    await gusCard.getByText('Only eligible voters can vote.').waitFor();
    expect(await gusCard.getByRole('radio').count()).toBe(0);
    expect(await gusCard.getByRole('button', { name: 'Cast vote' }).count()).toBe(0);

    // The members vote (their panels opened by themselves) and keep their receipts.
    const [bea] = members as [Page, Page, Page];
    await card(bea).getByRole('button', { name: 'Cast vote' }).waitFor();
    await shot(bea, 'votes-running');
    const receipts = new Map<string, string>();
    for (const [i, voter] of VOTERS.entries()) {
      const page = members[i] as Page;
      receipts.set(await castBallot(page, voter.choice), voter.choice);
    }
    expect(receipts.size).toBe(VOTERS.length);
    // The four account holders may vote, the guest may not; three have.
    await card(ada).getByText('3 of 4 have voted', { exact: false }).waitFor();
    expect(await gusCard.getByRole('radio').count()).toBe(0);

    // The owner closes the vote: everyone sees the result.
    await card(ada).getByRole('button', { name: 'Close vote' }).click();
    const shown = await countsShown(ada);
    expect(shown).toEqual([2, 1, 0]);
    expect(await countsShown(bea)).toEqual(shown);
    expect(await countsShown(gus)).toEqual(shown);
    await shot(ada, 'votes-result');

    // The signed protocol: the same counts, and every receipt in a ballot with its choice.
    const download = card(ada).getByRole('link', { name: 'Download protocol (JSON)' });
    await download.waitFor();
    const href = await download.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/votes\/[^/]+$/);
    const answer = await ada.request.get(`${env.server.url}${href}`);
    expect(answer.status()).toBe(200);
    const protocol = (await answer.json()) as VoteProtocol;
    expect(protocol.signature).toBeDefined();
    const [result] = eventsOf(protocol, 'result');
    expect(result?.counts).toEqual(shown);
    expect(result?.voted).toBe(VOTERS.length);
    const ballots = eventsOf(protocol, 'ballot');
    expect(ballots).toHaveLength(VOTERS.length);
    for (const [receipt, choice] of receipts) {
      const ballot = ballots.find((b) => b.receipt === receipt);
      expect(ballot, `the ballot with receipt ${receipt}`).toBeDefined();
      expect(OPTIONS[ballot?.choice ?? -1]).toBe(choice);
    }
    // Secret: no ballot names its voter.
    expect(ballots.filter((b) => b.voter !== undefined)).toEqual([]);
    // The protocol as a PDF report.
    const pdfHref = await card(ada).getByRole('link', { name: 'Download protocol (PDF)' }).getAttribute('href');
    const pdf = await ada.request.get(`${env.server.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Others are told the protocol is stored, without downloads.
    await card(bea).getByText('The signed protocol is stored.').waitFor();
    expect(await card(bea).getByRole('link', { name: 'Download protocol (JSON)' }).count()).toBe(0);

    // After the meeting, the meeting's page lists the vote with its result.
    await ada.goto(meetingPage);
    const past = ada.getByRole('region', { name: 'Past votes' }).getByRole('listitem', { name: MOTION });
    await past.getByText('Yes 2 · No 1 · Abstain 0').waitFor();
    await past.getByText('3 of 4 voted').waitFor();
    await past.getByRole('link', { name: 'Download protocol (JSON)' }).waitFor();
  });
});
