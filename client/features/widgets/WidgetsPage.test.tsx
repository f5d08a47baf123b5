import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { updateWidget, widgetNamed } from '../../../server/store/factories.ts';
import { widgets } from '../../../server/store/schema.ts';
import { renderSignedIn } from '../../test/render.tsx';
import { WidgetsPage } from './WidgetsPage.tsx';

describe('Widgets', () => {
  it('lists each widget with its authentication status and a Configure button for admins', async () => {
    await renderSignedIn(<WidgetsPage />, {
      given: async ({ db }) => updateWidget(db, (await widgetNamed(db, 'Customer portal')).id, { enforcement: 'enforced' }),
    });
    const portal = await screen.findByRole('row', { name: /Customer portal/ });
    expect(within(portal).getByText('Enforced')).toBeTruthy();
    expect(within(screen.getByRole('row', { name: /Website chat/ })).getByText('Not enforced')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: /^Configure / })).toHaveLength(2);
  });

  it('shows agents the same list without admin controls', async () => {
    await renderSignedIn(<WidgetsPage />, { role: 'agent' });
    expect(await screen.findByRole('row', { name: /Website chat/ })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Configure/ })).toBeNull();
  });

  it('says so when the account has no widgets', async () => {
    await renderSignedIn(<WidgetsPage />, { given: ({ db }) => db.delete(widgets) });
    expect(await screen.findByText('This account has no web chat widgets yet.')).toBeTruthy();
  });
});
