// Local accounts in the browser: first-run setup, two-factor authentication with an
// authenticator app, signing in with the code; then a meeting with a guest password, and a
// guest without an account who joins through a guest link with that password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eventually, launchBrowser, newPage, startServer, type Server } from './harness';
import { totp } from './totp';

let server: Server;
let browser: Browser;

beforeAll(async () => {
  // With a config file, rooms need an account: the guest can only come in through the link.
  server = await startServer({ config: 'allow_anonymous_rooms = false\n' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('local accounts', () => {
  it('sets up, turns on two-factor, signs in with the code, and lets a guest in by link and password', async () => {
    const admin = await newPage(browser);
    await admin.goto(server.url);
    await admin.getByRole('button', { name: 'Set up Plenum' }).click();
    await admin.getByRole('textbox', { name: 'Display name' }).fill('Ada Admin');
    await admin.getByRole('textbox', { name: 'E-mail' }).fill('ada@example.org');
    await admin.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await admin.getByLabel('Repeat password').fill('correct horse battery');
    await admin.getByRole('button', { name: 'Create account' }).click();
    await admin.getByRole('button', { name: 'Start meeting now' }).waitFor();

    // Two-factor authentication with an authenticator app.
    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await admin.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await admin.locator('code.secret').first().textContent())?.replace(/\s/g, '') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await admin.getByRole('textbox', { name: 'Code from the app' }).fill(totp(secret));
    await admin.getByRole('button', { name: 'Confirm' }).click();
    await admin.getByRole('list', { name: 'Recovery codes' }).waitFor();
    expect(await admin.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await admin.getByRole('button', { name: 'Done' }).click();

    // Sign out and back in: the password alone is not enough.
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.goto(`${server.url}/login`);
    await admin.getByRole('textbox', { name: 'E-mail' }).fill('ada@example.org');
    await admin.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The next time step's code: the one used to confirm is spent (codes work once).
    await admin.getByRole('textbox', { name: 'Two-factor code' }).fill(totp(secret, Date.now() + 30_000));
    await admin.getByRole('button', { name: 'Sign in', exact: true }).click();
    await admin.getByRole('button', { name: 'Start meeting now' }).waitFor();

    // A meeting with a guests' password, and a guest link.
    await admin.getByRole('link', { name: 'Plan a meeting' }).click();
    await admin.getByRole('textbox', { name: 'Title', exact: true }).fill('Parents evening');
    await admin.getByRole('textbox', { name: 'Password for guests' }).fill('letmein');
    await admin.getByRole('radio', { name: 'No fixed time' }).check({ force: true });
    await admin.getByRole('button', { name: 'Next' }).click();
    await admin.getByRole('button', { name: 'Create meeting' }).click();
    await admin.getByRole('button', { name: 'Create guest link' }).click();
    const link = await admin.getByRole('textbox', { name: 'Guest link' }).inputValue();
    expect(link).toMatch(/\/r\/[a-z0-9]{20}\?g=/);

    // The guest: no account, the link and the password.
    const guest = await newPage(browser);
    await guest.goto(link);
    await guest.getByText('Parents evening').first().waitFor();
    await guest.getByRole('textbox', { name: 'Display name' }).fill('Grace Guest');
    await guest.getByLabel('Meeting password').fill('wrong');
    await guest.getByRole('button', { name: 'Join', exact: true }).click();
    await guest.getByRole('alert').first().waitFor();
    await guest.getByLabel('Meeting password').fill('letmein');
    await guest.getByRole('button', { name: 'Join', exact: true }).click();
    await guest.getByRole('button', { name: 'Leave' }).waitFor();

    // The owner starts the meeting from its page and meets the guest.
    await admin.getByRole('button', { name: 'Done' }).click();
    await admin.getByRole('button', { name: 'Start' }).first().click();
    await eventually('name filled in from the account', async () => (await admin.getByRole('textbox', { name: 'Display name' }).inputValue()) === 'Ada Admin');
    await admin.getByRole('button', { name: 'Join', exact: true }).click();
    await admin.getByRole('button', { name: 'Leave' }).waitFor();
    for (const page of [admin, guest]) {
      await eventually('two tiles', async () => (await page.locator('[data-participant-id]').count()) === 2);
    }
  });
});
