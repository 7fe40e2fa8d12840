// Single sign-on in the browser through a real OpenID provider (npm oidc-provider): two people
// sign in, one plans a weekly meeting and invites the other through the address book, who sees
// the invitation on the dashboard, accepts it and joins the meeting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eventually, freePort, launchBrowser, newPage, startServer, type Server } from './harness';
import { setGroups, startIdp, type Idp } from './idp';

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

/** Goes through the provider's login and (first time) consent pages. */
async function atProvider(page: Page, login: string): Promise<void> {
  const plenum = new URL(server.url).port;
  // Someone still signed in at the provider comes straight back.
  if (new URL(page.url()).port === plenum) return;
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').click()]);
  if (new URL(page.url()).port !== plenum) {
    // The provider asks for consent the first time.
    await Promise.all([page.waitForNavigation({ url: (u) => u.port === plenum }), page.locator('button[type="submit"]').click()]);
  }
}

/** Signs in through the provider's login and consent pages. */
async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(`${server.url}/login`);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Sign in with School account' }).click()]);
  await atProvider(page, login);
  await page.getByRole('button', { name: 'Start meeting now' }).waitFor();
}

async function me(page: Page): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await page.request.get(`${server.url}/api/v1/me`);
  return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
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

describe('single sign-on keeps accounts apart', () => {
  beforeAll(() => start(true));
  afterAll(async () => {
    await server?.stop();
    await idp?.stop();
  });

  it('never trusts an unverified address, links only a signed-in account, and follows the admin group', async () => {
    const alice = await newPage(browser);
    await signIn(alice, 'alice');
    const created = await alice.request.post(`${server.url}/api/v1/admin/users`, {
      headers: { 'x-plenum-csrf': '1' },
      data: { email: 'dora@school.example', display_name: 'Dora Local', password: 'dora password 1', role: 'user' },
    });
    expect(created.status()).toBe(201);
    const dorasId = ((await created.json()) as { id: string }).id;

    // Mallory's provider claims Alice's address without vouching for it: she gets an account of
    // her own, without that address and without Alice's rights.
    const mallory = await newPage(browser);
    await signIn(mallory, 'mallory');
    const mallorysAccount = await me(mallory);
    expect(mallorysAccount.body.display_name).toBe('Mallory');
    expect(String(mallorysAccount.body.email)).toMatch(/@unverified\.invalid$/);
    expect(mallorysAccount.body.role).toBe('user');

    // A verified address that belongs to a local account does not sign into it …
    const dora = await newPage(browser);
    await dora.goto(`${server.url}/login`);
    await Promise.all([dora.waitForNavigation(), dora.getByRole('link', { name: 'Sign in with School account' }).click()]);
    await atProvider(dora, 'dora');
    await dora.getByText('An account with this e-mail address exists already.', { exact: false }).waitFor();
    expect((await me(dora)).status).toBe(401);
    // … until its owner, signed in with the password, links it.
    await dora.getByRole('textbox', { name: 'E-mail' }).fill('dora@school.example');
    await dora.getByLabel('Password', { exact: true }).fill('dora password 1');
    await dora.getByRole('button', { name: 'Sign in', exact: true }).click();
    await dora.getByRole('button', { name: 'Start meeting now' }).waitFor();
    await dora.goto(`${server.url}/settings`);
    await Promise.all([dora.waitForNavigation(), dora.getByRole('link', { name: 'Link School account' }).click()]);
    await eventually('back in the settings', async () => new URL(dora.url()).pathname === '/settings');
    await dora.getByRole('button', { name: 'Sign out' }).click();
    await signIn(dora, 'dora');
    expect((await me(dora)).body.id).toBe(dorasId);
    expect((await me(dora)).body.email).toBe('dora@school.example');

    // Alice leaves the provider's admin group: her next sign-in demotes her and ends her other
    // sessions.
    setGroups('alice', ['teachers']);
    const again = await newPage(browser);
    await signIn(again, 'alice');
    expect((await me(again)).body.role).toBe('user');
    expect((await me(alice)).status).toBe(401);
  });
});
