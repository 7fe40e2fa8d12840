// The chat in real browsers against the real server: a message to everyone reaches the others
// (with the unread count on the Chat button), a late joiner finds the history, an injection
// attempt arrives as plain text, a private message reaches only its recipient, and a moderator
// switches the chat off for everyone but the moderators. With PLENUM_SCREENSHOTS set to a folder,
// it takes the chat screenshot of docs/screenshots.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, join, newMeeting, newPage, serverAndBrowser, shot } from './harness';

const env = serverAndBrowser();

async function openChat(page: Page) {
  const toggle = page.getByRole('button', { name: 'Chat', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const id = await toggle.getAttribute('aria-controls');
  const chat = page.locator(`[id="${id ?? ''}"]`);
  await chat.getByRole('textbox', { name: 'Message' }).waitFor();
  return chat;
}

async function write(page: Page, text: string) {
  const chat = await openChat(page);
  await chat.getByRole('textbox', { name: 'Message' }).fill(text);
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
}

describe('the chat', () => {
  it('carries messages to everyone and privately, as text, and moderators can switch it off', async () => {
    const ada = await newPage(env.browser);
    const roomUrl = await newMeeting(ada, env.server.url);
    await join(ada, roomUrl, 'Ada');
    const bea = await newPage(env.browser);
    await join(bea, roomUrl, 'Bea');

    // To everyone: Bea sees the unread count, then the message.
    await write(ada, 'Welcome! Agenda: https://example.org/agenda');
    await eventually('unread count on the Chat button', async () =>
      ((await bea.getByRole('button', { name: 'Chat', exact: true }).getAttribute('aria-describedby')) ?? '') !== '' &&
      (await bea.getByText('1 unread message').count()) > 0,
    );
    const beaChat = await openChat(bea);
    await beaChat.getByText('Welcome! Agenda:').waitFor();
    expect(await beaChat.getByRole('link', { name: 'https://example.org/agenda' }).getAttribute('href')).toBe('https://example.org/agenda');

    // An injection attempt is shown as text and runs nothing.
    const attack = '<img src=x onerror="window.__pwned=1"> javascript:alert(1)';
    await write(bea, attack);
    const adaChat = await openChat(ada);
    await adaChat.getByText(attack).waitFor();
    expect(await adaChat.locator('img').count()).toBe(0);
    expect(await ada.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // A late joiner finds the history.
    const cem = await newPage(env.browser);
    await join(cem, roomUrl, 'Cem');
    const cemChat = await openChat(cem);
    await cemChat.getByText('Welcome! Agenda:').waitFor();

    // Privately: Bea to Ada; Cem never sees it.
    await bea.getByRole('button', { name: 'Participants' }).click();
    await bea.getByRole('button', { name: 'Send private message to Ada' }).click();
    const privately = await openChat(bea);
    await privately.getByRole('textbox', { name: 'Message' }).fill('Just between us');
    await privately.getByRole('button', { name: 'Send', exact: true }).click();
    await eventually('Ada has the private conversation', async () => (await ada.getByRole('option', { name: /Bea/ }).count()) > 0);
    await ada.getByRole('option', { name: /Bea/ }).click();
    await adaChat.getByText('Just between us').waitFor();
    expect(await cem.getByText('Just between us').count()).toBe(0);
    await ada.getByRole('option', { name: /Everyone/ }).click();
    await shot(ada, 'chat');

    // The owner switches the chat off: Cem cannot send any more, Ada still can.
    await adaChat.getByRole('button', { name: 'Turn chat off' }).click();
    await cemChat.getByText('The moderators have turned the chat off.').waitFor();
    expect(await cemChat.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await write(ada, 'Only moderators write now.');
    await cemChat.getByText('Only moderators write now.').waitFor();
  });
});
