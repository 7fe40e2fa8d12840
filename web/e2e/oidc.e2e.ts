// Single sign-on in the browser through a real OpenID provider (npm oidc-provider): two people
// sign in, one plans a weekly meeting and invites the other through the address book, who sees
// the invitation on the dashboard, accepts it and joins the meeting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, newPage, startServer, type Server } from './harness';
import { freePort, startIdp, type Idp } from './idp';

let server: Server;
let idp: Idp;
let browser: Browser;

async function start(claimsInIdToken: boolean): Promise<void> {
  const [plenumPort, idpPort] = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${plenumPort}`;
  idp = await startIdp(idpPort, `${publicUrl}/api/v1/auth/oidc/callback`, claimsInIdToken);
  server = await startServer({
    port: plenumPort,
    config: [
      `public_url = "${publicUrl}"`,
      '[oidc]',
      `issuer = "${idp.issuer}"`,
      'client_id = "plenum"',
      'client_secret = "plenum-test-secret"',
      'display_name = "School account"',
      'scopes = ["email", "profile", "groups"]',
      'admin_group = "plenum-admins"',
      '',
    ].join('\n'),
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Signs in through the provider's login and consent pages. */
async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.getByRole('link', { name: 'Sign in with School account' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  // The provider asks once for consent.
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
}

describe.each([
  ['the profile in the ID token', true],
  ['the profile at the userinfo endpoint', false],
])('single sign-on with %s', (_, claimsInIdToken) => {
  beforeAll(() => start(claimsInIdToken));
  afterAll(async () => {
    await server?.stop();
    await idp?.stop();
  });

  it('signs in at the provider, plans a weekly meeting, invites, and the invitee joins', async () => {
    const bob = await newPage(browser);
    await signIn(bob, 'bob');
    const alice = await newPage(browser);
    await signIn(alice, 'alice');
    // Alice is in the provider's admin group.
    await alice.getByRole('link', { name: 'Administration' }).waitFor();
    expect(await bob.getByRole('link', { name: 'Administration' }).count()).toBe(0);

    await alice.getByRole('link', { name: 'Plan a meeting' }).click();
    await alice.getByRole('textbox', { name: 'Title', exact: true }).fill('Class council');
    await alice.getByRole('radio', { name: 'Weekly' }).check({ force: true });
    await alice.getByRole('button', { name: 'Next' }).click();
    await alice.getByRole('searchbox', { name: 'Search people' }).fill('Bob');
    await alice.getByRole('button', { name: 'Add Bob Pupil' }).click();
    await alice.getByRole('button', { name: 'Create meeting' }).click();
    await alice.getByRole('region', { name: 'Invitations' }).getByRole('listitem', { name: /Bob Pupil/ }).waitFor();

    await bob.reload();
    const invitations = bob.getByRole('region', { name: 'Invitations' });
    await invitations.getByText('Class council').waitFor();
    await invitations.getByRole('button', { name: 'Accept' }).click();
    await bob.getByRole('region', { name: 'Recurring meetings' }).getByText('Class council').waitFor();
    // Invited, not the host: the button says "Join".
    await bob.getByRole('region', { name: 'Recurring meetings' }).getByRole('button', { name: 'Join' }).click();
    await eventually('name filled in from the account', async () => (await bob.getByRole('textbox', { name: 'Display name' }).inputValue()) === 'Bob Pupil');
    await bob.getByRole('button', { name: 'Join', exact: true }).click();
    await bob.getByRole('button', { name: 'Leave' }).waitFor();

    await alice.getByRole('button', { name: 'Start' }).first().click();
    await alice.getByRole('button', { name: 'Join', exact: true }).click();
    await alice.getByRole('button', { name: 'Leave' }).waitFor();
    for (const page of [alice, bob]) {
      await eventually('two tiles', async () => (await page.locator('[data-participant-id]').count()) === 2);
    }
  });
});
