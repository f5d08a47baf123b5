import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../server/crypto/random.ts';
import { createApiKey } from '../../../server/store/factories.ts';
import { apiKeys } from '../../../server/store/schema.ts';
import { renderSignedIn } from '../../test/render.tsx';
import ApiKeysPage from './ApiKeysPage.tsx';

describe('API keys', () => {
  it('starts empty, with a word on what keys are for', async () => {
    await renderSignedIn(<ApiKeysPage />);
    expect(await screen.findByText(/No API keys yet/)).toBeTruthy();
  });

  it('refuses an empty name with the schema’s message and creates nothing', async () => {
    const { user, db } = await renderSignedIn(<ApiKeysPage />);
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    expect(await screen.findByText('Give the key a name')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await db.select().from(apiKeys)).toHaveLength(0);
  });

  it('shows a new key once, then lists it by name and prefix only', async () => {
    const { user, db } = await renderSignedIn(<ApiKeysPage />);
    await user.type(screen.getByLabelText('Name'), 'Nightly sync');
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'API key “Nightly sync” created' });
    const key = within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'New API key' }).value;
    // Stored only as its hash: what the dialog shows is the one copy.
    const [stored] = await db.select().from(apiKeys);
    expect(stored?.keyHash).toBe(sha256(key));
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const row = await screen.findByRole('row', { name: /Nightly sync/ });
    expect(row.textContent).toContain(key.slice(0, 10));
    expect(screen.queryByDisplayValue(key)).toBeNull();
    expect(document.body.innerHTML).not.toContain(key);
  });

  it('revokes a key after confirmation', async () => {
    const { user, db } = await renderSignedIn(<ApiKeysPage />, { given: ({ db, accountId }) => createApiKey(db, accountId, { name: 'Old script' }) });
    await user.click(await screen.findByRole('button', { name: 'Revoke Old script' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke API key “Old script”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText(/API key “Old script” is revoked/)).toBeTruthy();
    const [stored] = await db.select().from(apiKeys);
    expect(stored?.revokedAt).not.toBeNull();
    await waitFor(() => expect(screen.queryByRole('row', { name: /Old script/ })).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Show revoked keys (1)' }));
    expect(screen.getByRole('row', { name: /Old script/ }).textContent).toContain('Revoked');
    expect(screen.queryByRole('button', { name: 'Revoke Old script' })).toBeNull();
  });
});
