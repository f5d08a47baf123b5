import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderSignedIn } from '../test/render.tsx';
import { Shell } from './Shell.tsx';

describe('the console frame', () => {
  it('folds the navigation behind Menu: it opens with focus on the current screen, Escape closes it and focus returns', async () => {
    const { user } = await renderSignedIn(<Shell />, { path: '/tickets' });
    const menu = screen.getByRole('button', { name: 'Menu' });
    const nav = screen.getByRole('navigation', { name: 'Console' });
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(menu.getAttribute('aria-controls')).toBe(nav.id);

    await user.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(within(nav).getByRole('link', { name: 'Tickets' }));
    await user.keyboard('{Escape}');
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(menu);
  });

  it('a link chosen in the menu folds it away', async () => {
    const { user, router } = await renderSignedIn(<Shell />, { path: '/tickets' });
    const menu = screen.getByRole('button', { name: 'Menu' });
    await user.click(menu);
    await user.click(within(screen.getByRole('navigation', { name: 'Console' })).getByRole('link', { name: 'API keys' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/settings/api-keys'));
    expect(menu.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows admins Activity and Fields beside API keys', async () => {
    await renderSignedIn(<Shell />, { path: '/widgets' });
    expect(within(screen.getByRole('navigation', { name: 'Console' })).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Widgets',
      'Tickets',
      'Activity',
      'Fields',
      'API keys',
    ]);
  });

  it('shows agents only the screens they may use', async () => {
    await renderSignedIn(<Shell />, { role: 'agent', path: '/widgets' });
    expect(within(screen.getByRole('navigation', { name: 'Console' })).getAllByRole('link').map((a) => a.textContent)).toEqual(['Widgets', 'Tickets']);
  });
});
