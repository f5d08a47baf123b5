import type { Page } from '@playwright/test';
import { SignJWT } from 'jose';
import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';
import type { Who } from './users.ts';

/** An admin starts a real chat from the token tester's builder, as Grace, and opens its ticket; returns the ticket's path. */
async function graceStartsAChat(page: Page, message: string): Promise<string> {
  await openUserAuth(page, 'Website chat');
  const builder = page.getByRole('region', { name: 'Build a test token' });
  await builder.getByRole('textbox', { name: 'Email address' }).fill('grace@example.com');
  await builder.getByRole('combobox', { name: 'Field to add' }).selectOption({ label: 'Full name (name)' });
  await builder.getByRole('button', { name: 'Add field' }).click();
  await builder.getByRole('textbox', { name: 'Full name' }).fill('Grace Hopper');
  await builder.getByRole('button', { name: 'Sign test token' }).click();
  await builder.getByRole('textbox', { name: 'First message' }).fill(message);
  await builder.getByRole('button', { name: 'Start a test chat' }).click();
  await builder.getByRole('link', { name: 'Open the ticket' }).click();
  await expect(page.getByRole('heading', { name: message, level: 1 })).toBeVisible();
  return ticketPath(page);
}

function ticketPath(page: Page): string {
  const id = /tickets\/([\w-]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on a ticket: ${page.url()}`);
  return `/tickets/${id}`;
}

async function signOut(page: Page, who: Who) {
  await page.getByRole('button', { name: `Account menu for ${who.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

test('an agent reads the conversation with each message’s verification and the token’s marks, and replies', async ({ page, go, login, users, snapshot }) => {
  await login(users.admin);
  const ticket = await graceStartsAChat(page, 'Does the Enterprise plan include SSO?');
  await signOut(page, users.admin);

  await login(users.agent);
  await go(ticket);
  const conversation = page.getByRole('region', { name: 'Conversation' });
  const messages = conversation.getByRole('log', { name: 'Messages' }).getByRole('listitem');
  await expect(messages).toHaveCount(1);
  await expect(messages.first()).toContainText('Grace Hopper');
  await expect(messages.first()).toContainText('Does the Enterprise plan include SSO?');
  await expect(messages.first().getByText('Verified', { exact: true })).toBeVisible();

  const contact = page.getByRole('region', { name: 'Contact' });
  await expect(contact.getByRole('definition').filter({ hasText: 'grace@example.com' })).toContainText('From token · verified');
  await expect(contact.getByRole('definition').filter({ hasText: 'Grace Hopper' })).toContainText('From token · verified');
  // Signing a person out everywhere is an admin's action.
  await expect(contact.getByRole('button', { name: /Sign out/ })).toHaveCount(0);

  const reply = conversation.getByRole('textbox', { name: 'Reply' });
  await reply.fill('Yes: SSO comes with every Enterprise plan.');
  await conversation.getByRole('button', { name: 'Send reply' }).click();
  await expect(messages).toHaveCount(2);
  await expect(messages.last()).toContainText(users.agent.name);
  await expect(messages.last()).toContainText('Yes: SSO comes with every Enterprise plan.');
  await expect(reply).toHaveValue('');
  // It is stored, not only shown: a reload brings it back.
  await page.reload();
  await expect(messages).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('ticket-conversation');

  // On a phone the conversation, the reply box and the marks fit the width.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(reply).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snapshot('ticket-conversation-phone');
});

test('a visitor whose token failed writes unverified messages, marked on each one', async ({ page, go, login, users, snapshot }) => {
  await login(users.admin);
  await openUserAuth(page, 'Website chat');
  // Signed with a key the help desk never issued: refused, and the widget does not enforce.
  const forged = await new SignJWT({ email: 'grace@example.com', exp: Math.floor(Date.now() / 1000) + 600 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode('not-the-help-desks-secret-not-the-help-desks'));
  const tester = page.getByRole('region', { name: 'Token tester' });
  await tester.getByRole('textbox', { name: 'Token' }).fill(forged);
  await tester.getByRole('button', { name: 'Check token' }).click();
  await tester.getByRole('textbox', { name: 'First message' }).fill('I am Grace, reset my password');
  await tester.getByRole('button', { name: 'Start a test chat' }).click();
  await tester.getByRole('link', { name: 'Open the ticket' }).click();
  await expect(page.getByRole('heading', { name: 'I am Grace, reset my password', level: 1 })).toBeVisible();
  const ticket = ticketPath(page);
  await signOut(page, users.admin);

  await login(users.agent);
  await go(ticket);
  await expect(page.getByText('Unauthenticated session')).toBeVisible();
  const message = page.getByRole('log', { name: 'Messages' }).getByRole('listitem');
  await expect(message).toHaveCount(1);
  await expect(message.getByText('Not verified', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Contact' })).toContainText('Anonymous visitor');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('ticket-conversation-unverified');
});

test('an admin signs a verified customer out of every open chat, after a confirmation', async ({ page, login, users, target, snapshot }) => {
  await login(users.admin);
  await graceStartsAChat(page, 'Please sign me out, I used a library computer');
  const contact = page.getByRole('region', { name: 'Contact' });
  await contact.getByRole('button', { name: 'Sign out Grace Hopper (grace@example.com) everywhere' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out Grace Hopper (grace@example.com) everywhere?' });
  await expect(dialog).toContainText('Every open chat of this person ends now');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('ticket-sign-out-dialog');
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  // The demo's seed has an open chat of Grace's already (under her customer id): it ends too.
  await expect(page.getByText(target === 'demo' ? 'Signed out of 2 open chats.' : 'Signed out of 1 open chat.')).toBeVisible();
  await expect(dialog).toBeHidden();

  const conversation = page.getByRole('region', { name: 'Conversation' });
  await expect(conversation.getByText(/^Signed out by an admin/)).toBeVisible();
  await expect(conversation.getByRole('textbox', { name: 'Reply' })).toBeDisabled();
  await expect(conversation.getByRole('button', { name: 'Send reply' })).toBeDisabled();
  await snapshot('ticket-signed-out');
});

test('the demo’s seeded chats read as conversations: the visitor’s messages, the agent’s replies, an ended chat', async ({ page, login, users, target, snapshot }) => {
  test.skip(target !== 'demo', 'demo only: the demo seeds chats, the server starts with none');
  await login(users.agent);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Tickets' }).click();
  await page.getByRole('link', { name: 'I was charged twice for order 10452' }).click();
  const messages = page.getByRole('log', { name: 'Messages' }).getByRole('listitem');
  await expect(messages).toHaveCount(3);
  await expect(messages.nth(0)).toContainText('Ada Lovelace');
  await expect(messages.nth(0).getByText('Verified', { exact: true })).toBeVisible();
  await expect(messages.nth(1)).toContainText(users.agent.name);
  await expect(messages.nth(1)).toContainText('refunded the second one');
  await expect(page.getByText(/^The visitor ended this chat/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Reply' })).toBeDisabled();
  await expect(page.getByRole('region', { name: 'Contact' }).getByRole('definition').filter({ hasText: 'Gold' })).toContainText('From token · verified');
  await snapshot('demo-ticket-conversation');

  await page.getByRole('link', { name: 'Tickets', exact: true }).first().click();
  await page.getByRole('link', { name: 'Where is my order?' }).click();
  await expect(messages).toHaveCount(2);
  for (const message of await messages.all()) await expect(message.getByText('Not verified', { exact: true })).toBeVisible();

  // An anonymous visitor typed a verified customer's email: the agent is warned, the values are marked as typed.
  await page.getByRole('link', { name: 'Tickets', exact: true }).first().click();
  await page.getByRole('link', { name: 'Do you ship to Norway?' }).click();
  const contact = page.getByRole('region', { name: 'Contact' });
  await expect(contact).toContainText('Claims to be ada@example.com — not verified.');
  await expect(contact.getByRole('definition').filter({ hasText: 'ada@example.com' })).toContainText('Typed by visitor · not verified');
  await expect(messages).toHaveCount(3);
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('demo-ticket-claim');
});
