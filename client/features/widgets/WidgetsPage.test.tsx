import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderSignedIn } from '../../test/render.tsx';
import { WidgetsPage } from './WidgetsPage.tsx';

describe('Widgets', () => {
  it('lists each widget with its authentication status and a Configure button for admins', async () => {
    renderSignedIn(<WidgetsPage />, {
      given: (db) => {
        for (const w of db.widgets) if (w.name === 'Customer portal') w.settings.enforcement = 'enforced';
      },
    });
    const portal = await screen.findByRole('row', { name: /Customer portal/ });
    expect(within(portal).getByText('Enforced')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /Website chat/ })).getByText('Not enforced')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: /^Configure / })).toHaveLength(2);
  });

  it('shows agents the same list without admin controls', async () => {
    renderSignedIn(<WidgetsPage />, { role: 'agent' });
    expect(await screen.findByRole('row', { name: /Website chat/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Configure/ })).toBeNull();
  });

  it('says so when the account has no widgets', async () => {
    renderSignedIn(<WidgetsPage />, { given: (db) => void db.widgets.splice(0) });
    expect(await screen.findByText('This account has no web chat widgets yet.')).toBeTruthy();
  });
});
