import type { Locator, Page } from '@playwright/test';
import { SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';

/** The help desk's documented example payloads (SPEC §1). */
const PAYLOADS = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../shared/testdata/seed-payloads/payloads.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const utf8 = new TextEncoder();

/** The active key's secret, revealed through the Signing key card as an admin would copy it. */
async function revealSecret(page: Page): Promise<string> {
  const card = page.getByRole('region', { name: 'Signing key' });
  await card.getByRole('button', { name: 'Reveal' }).click();
  const box = card.getByRole('textbox', { name: /Active key/ });
  await expect(box).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
  const secret = await box.inputValue();
  await card.getByRole('button', { name: 'Hide' }).click();
  return secret;
}

/** Signs as the customer's server would: HS256 over the secret string's UTF-8 bytes, or over other key bytes when told. */
function sign(claims: Record<string, unknown>, key: string | Uint8Array): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(typeof key === 'string' ? utf8.encode(key) : key);
}

async function check(tester: Locator, token: string) {
  await tester.getByRole('textbox', { name: 'Token' }).fill(token);
  await tester.getByRole('button', { name: 'Check token' }).click();
}

/** A card fits a 390 px screen: nothing in it reaches past the edge or scrolls it sideways. */
async function expectWithinPhoneWidth(card: Locator) {
  const overflow = await card.evaluate((el) => ({
    right: el.getBoundingClientRect().right,
    sideways: el.scrollWidth - el.clientWidth,
    past: [...el.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 390 && !e.closest('pre')).map((e) => e.tagName),
  }));
  expect(overflow.right).toBeLessThanOrEqual(390);
  expect({ sideways: overflow.sideways, past: overflow.past }).toEqual({ sideways: 0, past: [] });
}

/** The tester's list item for the check that failed with `code`. */
const failedCheck = (tester: Locator, code: string) => tester.getByRole('region', { name: 'Checks' }).getByRole('listitem').filter({ hasText: code });

test('the tester names what is wrong with a pasted token: expired, two identities, a secret decoded before signing', async ({ page, login, snapshot }) => {
  await login();
  await openUserAuth(page, 'Website chat');
  const tester = page.getByRole('region', { name: 'Token tester' });
  await expect(tester.getByText(/^Nothing checked yet/)).toBeVisible();
  const secret = await revealSecret(page);

  await check(tester, await sign({ email: 'ada@example.com', exp: nowSeconds() - 3600 }, secret));
  const expired = failedCheck(tester, 'TOKEN_EXPIRED');
  await expect(expired).toContainText('Failed:');
  await expect(expired.getByText(/^Fix: /)).toContainText('fresh token');
  await expect(tester.getByText(/^Would start unauthenticated on this widget/)).toContainText('TOKEN_EXPIRED');
  await expect(tester.getByRole('region', { name: 'Payload' })).toContainText('"email": "ada@example.com"');
  await tester.getByRole('heading', { name: 'Token tester' }).scrollIntoViewIfNeeded();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('token-tester-expired');
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(expired).toBeVisible();
  await expectWithinPhoneWidth(tester);
  await snapshot('token-tester-expired-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await check(tester, await sign({ email: 'ada@example.com', unique_external_id: 'user_12345', exp: nowSeconds() + 300 }, secret));
  await expect(failedCheck(tester, 'IDENTITY_CONFLICT')).toContainText('Failed:');
  await expect(failedCheck(tester, 'IDENTITY_CONFLICT').getByText(/^Fix: /)).toContainText('only one identity');

  await check(tester, await sign({ email: 'ada@example.com', exp: nowSeconds() + 300 }, Buffer.from(secret, 'base64url')));
  const signature = failedCheck(tester, 'SIGNATURE_INVALID');
  await expect(signature).toContainText('Failed:');
  await expect(signature.getByText(/^Fix: /)).toContainText('decoded');
  await expect(tester.getByText(/^Would start unauthenticated/)).toContainText('SIGNATURE_INVALID');

  await tester.getByRole('button', { name: 'Clear' }).click();
  await expect(tester.getByRole('textbox', { name: 'Token' })).toHaveValue('');
  await expect(tester.getByText(/^Nothing checked yet/)).toBeVisible();
});

test('a built test token starts a test chat, and its ticket opens with the fields it carried', async ({ page, login, snapshot }) => {
  await login();
  await openUserAuth(page, 'Website chat');
  const builder = page.getByRole('region', { name: 'Build a test token' });
  await builder.getByRole('textbox', { name: 'Email address' }).fill('grace@example.com');
  const picker = builder.getByRole('combobox', { name: 'Field to add' });
  for (const option of ['Full name (name)', 'Priority (priority)', 'Project (cf_project)', 'Plan (cf_plan)']) {
    await picker.selectOption({ label: option });
    await builder.getByRole('button', { name: 'Add field' }).click();
  }
  await builder.getByRole('textbox', { name: 'Full name' }).fill('Grace Hopper');
  await builder.getByRole('combobox', { name: 'Priority' }).selectOption({ label: '3 High' });
  await builder.getByRole('textbox', { name: 'Project' }).fill('Project Alpha');
  await builder.getByRole('combobox', { name: 'Plan' }).selectOption('Enterprise');
  await builder.getByRole('combobox', { name: 'Expires in' }).selectOption({ label: '5 min' });
  await builder.getByRole('button', { name: 'Sign test token' }).click();
  await expect(builder.getByRole('textbox', { name: 'Test token' })).toHaveValue(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);

  await builder.getByRole('button', { name: 'Check it' }).click();
  const tester = page.getByRole('region', { name: 'Token tester' });
  await expect(tester.getByText(/^Would be authenticated/)).toBeVisible();
  await expect(tester.getByRole('region', { name: 'Payload' })).toContainText('"cf_project": "Project Alpha"');

  await builder.getByRole('textbox', { name: 'First message' }).fill('Does the Enterprise plan include SSO?');
  await builder.getByRole('button', { name: 'Start a test chat' }).click();
  await expect(builder.getByText('Authenticated', { exact: true })).toBeVisible();
  await expect(builder.getByRole('region', { name: 'Contact' })).toContainText('Grace Hopper');
  await expect(builder.getByRole('region', { name: 'Ticket' })).toContainText('Project Alpha');
  await builder.getByRole('heading', { name: 'Signed test token' }).scrollIntoViewIfNeeded();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('test-token-chat');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectWithinPhoneWidth(builder);
  await snapshot('test-token-chat-phone');
  await page.setViewportSize({ width: 1280, height: 720 });

  await builder.getByRole('link', { name: 'Open the ticket' }).click();
  const main = page.getByRole('main');
  await expect(main).toContainText('grace@example.com');
  await expect(main).toContainText('Grace Hopper');
  await expect(main).toContainText('Project Alpha');
  await expect(main).toContainText('Enterprise');
});

test('the help desk’s example payload with an external id and properties lands whole on the ticket', async ({ page, login }) => {
  await login();
  await openUserAuth(page, 'Website chat');
  const secret = await revealSecret(page);
  const tester = page.getByRole('region', { name: 'Token tester' });
  await check(tester, await sign({ ...PAYLOADS.external_id_with_properties, exp: nowSeconds() + 600 }, secret));
  await expect(tester.getByText(/^Would be authenticated/)).toBeVisible();
  for (const item of await tester.getByRole('region', { name: 'Checks' }).getByRole('listitem').all()) await expect(item).toContainText('Passed:');

  await tester.getByRole('button', { name: 'Start a test chat' }).click();
  await expect(tester.getByRole('region', { name: 'Contact' })).toContainText('user_12345');
  await tester.getByRole('link', { name: 'Open the ticket' }).click();
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('Inquiry about product pricing');
  for (const value of ['John Doe', 'user_12345', '15551234567', '15559876543', 'Product Manager', '123 Main Street', 'California', '94016', 'Question', 'Project Alpha']) {
    await expect(main).toContainText(value);
  }
  await expect(main).not.toContainText('Unauthenticated session');
});
