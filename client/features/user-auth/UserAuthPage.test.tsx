import { screen, waitFor, within } from '@testing-library/react';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { countOutcome, createSigningKey, updateWidget, widgetNamed } from '../../../server/store/factories.ts';
import { signingKeys } from '../../../server/store/schema.ts';
import type { TestServer } from '../../test/app.ts';
import { renderSignedIn } from '../../test/render.tsx';
import UserAuthPage from './UserAuthPage.tsx';

const route = 'widgets/:widgetId/user-authentication';

async function openWebsiteChat(given?: (server: TestServer) => unknown) {
  const view = await renderSignedIn(<UserAuthPage />, {
    route,
    given,
    path: async ({ db }) => `/widgets/${(await widgetNamed(db, 'Website chat')).id}/user-authentication`,
  });
  const enforcement = await screen.findByRole('region', { name: 'Enforcement' });
  const { server } = view;
  return {
    ...view,
    enforcement,
    /** The Website chat widget as stored now. */
    widget: () => widgetNamed(server.db, 'Website chat'),
    /** The account's signing keys as stored now, oldest first, with their opened secrets. */
    keys: async () => {
      const rows = await server.db.select().from(signingKeys).orderBy(asc(signingKeys.createdAt));
      return rows.map((r) => ({ ...r, secret: server.app.box.open(r.sealedSecret, { accountId: r.accountId, kid: r.kid }) }));
    },
  };
}

/** Another admin enforced it earlier; the version stays where a first start left it. */
const enforceWebsiteChat = async ({ db }: TestServer) => updateWidget(db, (await widgetNamed(db, 'Website chat')).id, { enforcement: 'enforced', version: 1 });

const enforceRadio = (region: HTMLElement) => within(region).getByRole('radio', { name: /^Enforce user authentication/ });
const dontEnforceRadio = (region: HTMLElement) => within(region).getByRole('radio', { name: /^Don't enforce user authentication/ });

describe('Enforcement', () => {
  it('asks before enforcing; Cancel sends nothing and changes nothing', async () => {
    const { user, widget, enforcement } = await openWebsiteChat();
    await user.click(enforceRadio(enforcement));
    const dialog = await screen.findByRole('dialog', { name: 'Enforce user authentication?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await widget()).enforcement).toBe('not_enforced');
    expect((await widget()).version).toBe(1);
    expect(dontEnforceRadio(enforcement).getAttribute('aria-checked')).toBe('true');
  });

  it('Escape closes the confirmation without enforcing, and focus goes back to the choice', async () => {
    const { user, widget, enforcement } = await openWebsiteChat();
    await user.click(enforceRadio(enforcement));
    await screen.findByRole('dialog', { name: 'Enforce user authentication?' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await widget()).enforcement).toBe('not_enforced');
    await waitFor(() => expect(document.activeElement).toBe(enforceRadio(enforcement)));
  });

  it('Enforce enforces, says so, and hides the editable fields', async () => {
    const { user, widget, enforcement } = await openWebsiteChat();
    expect(screen.getByRole('region', { name: 'Editable fields' })).toBeTruthy();
    await user.click(enforceRadio(enforcement));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Enforce' }));
    expect(await screen.findByText('User authentication is enforced on Website chat.')).toBeTruthy();
    expect((await widget()).enforcement).toBe('enforced');
    await waitFor(() => expect(enforceRadio(enforcement).getAttribute('aria-checked')).toBe('true'));
    expect(screen.queryByRole('region', { name: 'Editable fields' })).toBeNull();
  });

  it('shows readiness in the confirmation: chats, share authenticated, refusals by reason with the fix', async () => {
    const { user, enforcement } = await openWebsiteChat(async ({ db }) => {
      const widgetId = (await widgetNamed(db, 'Website chat')).id;
      await countOutcome(db, widgetId, 'authenticated', 6);
      await countOutcome(db, widgetId, 'unauthenticated', 2);
      await countOutcome(db, widgetId, 'TOKEN_EXPIRED', 2);
    })
    await user.click(enforceRadio(enforcement));
    const dialog = await screen.findByRole('dialog', { name: 'Enforce user authentication?' });
    expect((await within(dialog).findByText(/chats in the last 7 days/)).textContent).toBe('10 chats in the last 7 days · 60% authenticated');
    expect(within(dialog).getByText('4 of them had no valid token and would have been refused.')).toBeTruthy();
    const row = within(dialog).getByRole('row', { name: /TOKEN_EXPIRED/ });
    expect(row.textContent).toContain('Mint a fresh token for each chat');
  });

  it('counts chats that came without a token as "No token", so the reasons add up to the chats that would be refused', async () => {
    const { user, enforcement } = await openWebsiteChat(async ({ db }) => {
      const widgetId = (await widgetNamed(db, 'Website chat')).id;
      await countOutcome(db, widgetId, 'authenticated', 3);
      await countOutcome(db, widgetId, 'unauthenticated', 4);
      await countOutcome(db, widgetId, 'TOKEN_EXPIRED', 2);
      await countOutcome(db, widgetId, 'SIGNATURE_INVALID', 1);
    });
    await user.click(enforceRadio(enforcement));
    const dialog = await screen.findByRole('dialog', { name: 'Enforce user authentication?' });
    expect((await within(dialog).findByText(/chats in the last 7 days/)).textContent).toBe('10 chats in the last 7 days · 30% authenticated');
    expect(within(dialog).getByText('7 of them had no valid token and would have been refused.')).toBeTruthy();
    const [, ...rows] = within(dialog).getAllByRole('row');
    const reasons = rows.map((row) => ({
      reason: within(row).getByRole('rowheader').textContent,
      chats: Number(within(row).getAllByRole('cell')[0]?.textContent),
    }));
    expect(reasons).toEqual([
      { reason: 'No token — TOKEN_MISSING', chats: 4 },
      { reason: 'Signature does not match — SIGNATURE_INVALID', chats: 1 },
      { reason: 'Expired — TOKEN_EXPIRED', chats: 2 },
    ]);
    expect(reasons.reduce((sum, r) => sum + r.chats, 0)).toBe(7);
  });

  it('refuses to enforce without an active key and says why, changing nothing', async () => {
    const { user, db, widget, enforcement } = await openWebsiteChat();
    await db.update(signingKeys).set({ status: 'revoked', revokedAt: new Date() });
    await user.click(enforceRadio(enforcement));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Enforce' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('The account has no active signing key');
    expect((await widget()).enforcement).toBe('not_enforced');
  });

  it("Don't enforce: Disable, then the fields, then Save writes the choice; the note says AI agents are exempt", async () => {
    const { user, widget, enforcement } = await openWebsiteChat(enforceWebsiteChat);
    await user.click(dontEnforceRadio(enforcement));
    const dialog = await screen.findByRole('dialog', { name: "Don't enforce user authentication?" });
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect((await widget()).enforcement).toBe('enforced');
    await screen.findByRole('dialog', { name: 'Fields unauthenticated visitors may edit' });
    expect(dialog.textContent).toContain('These limits do not apply to AI agents');
    await user.click(within(dialog).getByRole('checkbox', { name: /Order number/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /Full name/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/User authentication is no longer enforced/)).toBeTruthy();
    expect((await widget()).enforcement).toBe('not_enforced');
    expect(await widget()).toMatchObject({ allowlistTicketFields: ['subject', 'description', 'cf_order_number'], allowlistContactFields: ['email'] });
  });

  it('asks again the second time: Disable → Enforce → Don\'t enforce starts at the confirmation and saves on the latest version', async () => {
    const { user, widget, enforcement } = await openWebsiteChat(enforceWebsiteChat);
    const disableOnce = async () => {
      await user.click(dontEnforceRadio(enforcement));
      const dialog = await screen.findByRole('dialog', { name: "Don't enforce user authentication?" });
      await user.click(within(dialog).getByRole('button', { name: 'Disable' }));
      await user.click(within(dialog).getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    };
    await disableOnce();
    await user.click(enforceRadio(enforcement));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Enforce' }));
    await waitFor(async () => expect((await widget()).enforcement).toBe('enforced'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await disableOnce();
    expect(await widget()).toMatchObject({ enforcement: 'not_enforced', version: 4 });
    expect(screen.queryByText(/changed by someone else/)).toBeNull();
  });

  it('Escape at the field choice leaves the widget enforced and the allowlist as it was', async () => {
    const { user, widget, enforcement } = await openWebsiteChat(enforceWebsiteChat);
    await user.click(dontEnforceRadio(enforcement));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Disable' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Fields unauthenticated visitors may edit' })).getByRole('checkbox', { name: /Plan/ }));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await widget()).enforcement).toBe('enforced');
    expect((await widget()).allowlistTicketFields).toEqual(['subject', 'description']);
  });
});

describe('Editable fields', () => {
  it('saves the checked fields, and Reset returns to what is saved', async () => {
    const { user, widget } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Editable fields' });
    const save = within(card).getByRole('button', { name: 'Save' });
    expect(save.hasAttribute('disabled')).toBe(true);
    await user.click(within(card).getByRole('checkbox', { name: /Priority/ }));
    await user.click(within(card).getByRole('button', { name: 'Reset' }));
    expect(within(card).getByRole('checkbox', { name: /Priority/ }).getAttribute('aria-checked')).toBe('false');
    await user.click(within(card).getByRole('checkbox', { name: /Customer tier/ }));
    await user.click(save);
    expect(await screen.findByText('Editable fields saved.')).toBeTruthy();
    expect((await widget()).allowlistContactFields).toEqual(['name', 'email', 'cf_customer_tier']);
    expect((await widget()).version).toBe(2);
  });

  it('a save after someone else saved is refused: it says so, offers Reload, and overwrites nothing', async () => {
    const { user, db, widget } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Editable fields' });
    await user.click(within(card).getByRole('checkbox', { name: /Priority/ }));
    // Another admin saves in the meantime.
    await updateWidget(db, (await widget()).id, { allowlistTicketFields: ['status'], allowlistContactFields: [] });
    await user.click(within(card).getByRole('button', { name: 'Save' }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('changed by someone else — reload');
    expect(await widget()).toMatchObject({ allowlistTicketFields: ['status'], allowlistContactFields: [] });

    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(within(card).queryByRole('alert')).toBeNull());
    await waitFor(() => expect(within(card).getByRole('checkbox', { name: /Status/ }).getAttribute('aria-checked')).toBe('true'));
    expect(within(card).getByRole('checkbox', { name: /Priority/ }).getAttribute('aria-checked')).toBe('false');
  });

  it('asks before leaving with unsaved changes', async () => {
    const { user, router } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Editable fields' });
    await user.click(within(card).getByRole('checkbox', { name: /Priority/ }));
    await router.navigate('/elsewhere');
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(router.state.location.pathname).toContain('/user-authentication');
    await router.navigate('/elsewhere');
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Leave without saving' }));
    expect(await screen.findByText('Elsewhere')).toBeTruthy();
  });
});

describe('Token policy', () => {
  it('names a value out of range next to its field and sends nothing', async () => {
    const { user, widget } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Token policy' });
    const leeway = within(card).getByLabelText('Clock leeway (seconds)');
    await user.clear(leeway);
    await user.type(leeway, '301');
    await user.click(within(card).getByRole('button', { name: 'Save policy' }));
    expect(await within(card).findByText('Clock leeway is at most 300 seconds')).toBeTruthy();
    expect(leeway.getAttribute('aria-invalid')).toBe('true');
    expect((await widget()).version).toBe(1);
  });

  it('keeps an edit in progress when someone else saves, says so, and refuses to overwrite their change', async () => {
    const { user, db, widget, queryClient } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Token policy' });
    const leeway = within(card).getByLabelText<HTMLInputElement>('Clock leeway (seconds)');
    await user.clear(leeway);
    await user.type(leeway, '15');
    // Another admin changes the lifetime; this screen refetches in the background.
    await updateWidget(db, (await widget()).id, { maxTokenLifetimeSeconds: 600 });
    await queryClient.invalidateQueries();
    expect(await within(card).findByText(/Someone else saved these settings while you were editing/)).toBeTruthy();
    expect(leeway.value).toBe('15');
    await user.click(within(card).getByRole('button', { name: 'Save policy' }));
    expect((await within(card).findByRole('alert')).textContent).toContain('changed by someone else — reload');
    expect(await widget()).toMatchObject({ clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 600, version: 2 });
  });

  it('asks before leaving with an unsaved policy, and names every form with unsaved changes', async () => {
    const { user, router } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Token policy' });
    const leeway = within(card).getByLabelText('Clock leeway (seconds)');
    await user.clear(leeway);
    await user.type(leeway, '15');
    expect(within(card).getByText('Unsaved changes')).toBeTruthy();
    await router.navigate('/elsewhere');
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    expect(dialog.textContent).toContain('Your changes to the token policy are not saved yet.');
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(router.state.location.pathname).toContain('/user-authentication');
    expect(within(card).getByLabelText<HTMLInputElement>('Clock leeway (seconds)').value).toBe('15');

    await user.click(within(screen.getByRole('region', { name: 'Editable fields' })).getByRole('checkbox', { name: /Priority/ }));
    await router.navigate('/elsewhere');
    const again = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    expect(again.textContent).toMatch(/Your changes to (the token policy and the editable fields|the editable fields and the token policy) are not saved yet\./);
    await user.click(within(again).getByRole('button', { name: 'Leave without saving' }));
    expect(await screen.findByText('Elsewhere')).toBeTruthy();
  });

  it('lets the admin leave without asking once the policy is saved', async () => {
    const { user, router } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Token policy' });
    await user.clear(within(card).getByLabelText('Clock leeway (seconds)'));
    await user.type(within(card).getByLabelText('Clock leeway (seconds)'), '15');
    await user.click(within(card).getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Token policy saved.')).toBeTruthy();
    await router.navigate('/elsewhere');
    expect(await screen.findByText('Elsewhere')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('saves leeway and lifetime', async () => {
    const { user, widget } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Token policy' });
    await user.clear(within(card).getByLabelText('Clock leeway (seconds)'));
    await user.type(within(card).getByLabelText('Clock leeway (seconds)'), '15');
    await user.clear(within(card).getByLabelText('Maximum token lifetime (seconds)'));
    await user.type(within(card).getByLabelText('Maximum token lifetime (seconds)'), '7200');
    expect(card.textContent).toContain('now 2 h');
    await user.click(within(card).getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('Token policy saved.')).toBeTruthy();
    expect(await widget()).toMatchObject({ clockLeewaySeconds: 15, maxTokenLifetimeSeconds: 7200, version: 2 });
  });
});

describe('Signing key', () => {
  it('generates a new key with the chosen grace window; the old key retires and both are listed', async () => {
    const { user, keys } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Signing key' });
    const oldKid = (await keys())[0]?.kid ?? '';
    await user.click(within(card).getByRole('button', { name: 'Generate new key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Generate a new signing key?' });
    expect(dialog.textContent).toContain('all widgets');
    await user.click(within(dialog).getByRole('radio', { name: '1 hour' }));
    await user.click(within(dialog).getByRole('button', { name: 'Generate new key' }));
    expect(await screen.findByText(/New key k_\S+ is active/)).toBeTruthy();
    const old = (await keys()).find((k) => k.kid === oldKid);
    expect(old?.status).toBe('retiring');
    expect((old?.retiresAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(3_500_000);
    await waitFor(() => expect(within(card).getAllByRole('row')).toHaveLength(3));
    expect(within(card).getByRole('row', { name: new RegExp(oldKid) }).textContent).toContain('Retiring until');
  });

  it('after a rotation, a secret revealed for the old key is neither shown nor copied as the new one', async () => {
    const { user, keys } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Signing key' });
    const oldSecret = (await keys())[0]?.secret ?? '';
    await user.click(await within(card).findByRole('button', { name: 'Reveal' }));
    await waitFor(() => expect(within(card).getByRole<HTMLInputElement>('textbox', { name: /Active key/ }).value).toBe(oldSecret));
    await user.click(within(card).getByRole('button', { name: 'Generate new key' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Generate new key' }));
    const newKey = await waitFor(async () => {
      const active = (await keys()).find((k) => k.status === 'active');
      if (!active || active.secret === oldSecret) throw new Error('not rotated yet');
      return active;
    });
    const box = await within(card).findByRole<HTMLInputElement>('textbox', { name: new RegExp(`Active key ${newKey.kid}`) });
    expect(box.value).not.toContain(oldSecret);
    expect(box.value.endsWith(newKey.secret.slice(-4))).toBe(true);
    expect(within(card).getByRole('button', { name: 'Reveal' })).toBeTruthy();
  });

  it('reveals the secret on request and masks it again', async () => {
    const { user, keys } = await openWebsiteChat();
    const card = screen.getByRole('region', { name: 'Signing key' });
    const box = await within(card).findByRole<HTMLInputElement>('textbox', { name: /Active key/ });
    const secret = (await keys())[0]?.secret ?? '';
    expect(box.value).not.toContain(secret);
    expect(box.value.endsWith(secret.slice(-4))).toBe(true);
    await user.click(within(card).getByRole('button', { name: 'Reveal' }));
    await waitFor(() => expect(box.value).toBe(secret));
    await user.click(within(card).getByRole('button', { name: 'Hide' }));
    expect(box.value).not.toContain(secret);
  });

  it('revokes a retiring key after its own confirmation', async () => {
    const { user, keys } = await openWebsiteChat(async ({ db, app, accountId }) => {
      await db.update(signingKeys).set({ status: 'retiring', retiresAt: new Date(Date.now() + 3_600_000) }).where(eq(signingKeys.status, 'active'));
      await createSigningKey(db, app.box, accountId, { createdAt: new Date(Date.now() + 1000) });
    });
    const retiring = (await keys())[0]?.kid ?? '';
    const card = screen.getByRole('region', { name: 'Signing key' });
    await user.click(await within(card).findByRole('button', { name: `Revoke ${retiring}` }));
    const dialog = await screen.findByRole('dialog', { name: `Revoke key ${retiring}?` });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect((await keys())[0]?.status).toBe('retiring');
    await user.click(within(card).getByRole('button', { name: `Revoke ${retiring}` }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText(new RegExp(`Key ${retiring} is revoked`))).toBeTruthy();
    expect((await keys())[0]?.status).toBe('revoked');
  });
});
