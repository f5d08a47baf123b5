import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { AuditAction } from '../../../shared/schemas/audit.ts';
import { createApiKey, userWithRole, widgetNamed } from '../../../server/store/factories.ts';
import { auditEvents } from '../../../server/store/schema.ts';
import type { TestServer } from '../../test/app.ts';
import { renderSignedIn } from '../../test/render.tsx';
import ActivityPage from './ActivityPage.tsx';

type EventRow = typeof auditEvents.$inferInsert;

/** Audit events as the services write them, one minute apart, in the order given (the last is newest). */
async function givenEvents(server: TestServer, make: (ids: { adminId: string; adminEmail: string; widgetId: string }) => Partial<EventRow>[]) {
  const admin = await userWithRole(server.db, 'admin');
  const widget = await widgetNamed(server.db, 'Website chat');
  const rows = make({ adminId: admin.id, adminEmail: admin.email, widgetId: widget.id });
  const start = Date.parse('2026-12-03T09:00:00Z');
  for (const [i, row] of rows.entries()) {
    await server.db.insert(auditEvents).values({
      accountId: server.accountId,
      occurredAt: new Date(start + i * 60_000),
      actorType: 'user',
      actorId: admin.id,
      actorLabel: admin.email,
      action: 'user.signed_in' satisfies AuditAction,
      requestId: `req_${i}`,
      ...row,
    });
  }
}

const enforceAndRotate = ({ widgetId }: { widgetId: string }): Partial<EventRow>[] => [
  { action: 'signing_key.generated', kid: 'k_first', after: { graceSeconds: 0, previousKid: null } },
  {
    action: 'user_auth.allowlist_updated',
    widgetId,
    before: { allowlist: { ticketFields: ['subject', 'cf_project'], contactFields: ['name'] } },
    after: { allowlist: { ticketFields: ['subject', 'cf_order'], contactFields: ['name'] } },
  },
  { action: 'user_auth.enforced', widgetId, before: { enforcement: 'not_enforced' }, after: { enforcement: 'enforced' } },
];

function eventRows() {
  return screen.getAllByRole('row').filter((row) => row.querySelector('time'));
}

describe('Activity', () => {
  it('lists events newest first, with the actor, the widget and what changed', async () => {
    const { user } = await renderSignedIn(<ActivityPage />, { given: (s) => givenEvents(s, enforceAndRotate) });
    await screen.findByRole('table', { name: 'Activity, newest first' });
    const rows = eventRows();
    expect(rows.map((r) => within(r).getAllByRole('cell')[2]?.textContent)).toEqual([
      'Enforcement turned on',
      'Editable fields changed',
      'Signing key generated',
    ]);
    const [enforced, allowlist, generated] = rows;
    expect(enforced?.textContent).toContain('Website chat');
    expect(enforced?.querySelector('time')?.getAttribute('dateTime')).toBe('2026-12-03T09:02:00.000Z');
    expect(enforced?.querySelector('time')?.getAttribute('title')).toBe('2026-12-03T09:02:00.000Z');
    expect(generated?.textContent).toContain('k_first');

    // What changed stays folded until asked for.
    expect(screen.queryByRole('list', { name: 'Changes: Enforcement turned on' })).toBeNull();
    await user.click(within(enforced as HTMLElement).getByRole('button', { name: /Show changes/ }));
    expect(screen.getByRole('list', { name: 'Changes: Enforcement turned on' }).textContent).toBe('enforcement: not_enforced → enforced');
    await user.click(within(allowlist as HTMLElement).getByRole('button', { name: /Show changes/ }));
    expect(screen.getByRole('list', { name: 'Changes: Editable fields changed' }).textContent).toBe('allowlist ticket fields: added cf_order; removed cf_project');
    await user.click(within(enforced as HTMLElement).getByRole('button', { name: /Hide changes/ }));
    expect(screen.queryByRole('list', { name: 'Changes: Enforcement turned on' })).toBeNull();
  });

  it('filters by action, keeps the filter in the URL, and says when nothing matches', async () => {
    const { user, router } = await renderSignedIn(<ActivityPage />, { given: (s) => givenEvents(s, enforceAndRotate) });
    await screen.findByRole('table', { name: 'Activity, newest first' });
    await user.selectOptions(screen.getByLabelText('Action'), 'Signing key generated');
    await waitFor(() => expect(eventRows()).toHaveLength(1));
    expect(eventRows()[0]?.textContent).toContain('Signing key generated');
    expect(router.state.location.search).toBe('?action=signing_key.generated');

    await user.selectOptions(screen.getByLabelText('Action'), 'Custom field archived');
    expect(await screen.findByText('No activity matches these filters.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(eventRows()).toHaveLength(3));
    expect(router.state.location.search).toBe('');
  });

  it('filters by actor, people and API keys by name', async () => {
    let keyId = '';
    const { user } = await renderSignedIn(<ActivityPage />, {
      given: async (s) => {
        const key = await createApiKey(s.db, s.accountId, { name: 'Nightly sync' });
        keyId = key.id;
        await givenEvents(s, ({ widgetId }) => [
          { action: 'user_auth.enforced', widgetId },
          { action: 'user_auth.disabled', widgetId, actorType: 'api_key', actorId: keyId, actorLabel: 'API key “Nightly sync”' },
        ]);
      },
    });
    await screen.findByRole('table', { name: 'Activity, newest first' });
    const actor = screen.getByLabelText('Actor');
    await waitFor(() => expect(within(actor).getByRole('option', { name: 'Nightly sync' })).toBeTruthy());
    await user.selectOptions(actor, 'Nightly sync');
    await waitFor(() => expect(eventRows()).toHaveLength(1));
    expect(eventRows()[0]?.textContent).toContain('API key “Nightly sync”');
    expect(eventRows()[0]?.textContent).toContain('Enforcement turned off');
  });

  it('loads older events with Load more', async () => {
    const { user } = await renderSignedIn(<ActivityPage />, {
      given: (s) => givenEvents(s, () => Array.from({ length: 30 }, (_, i) => ({ action: 'signing_key.revealed', kid: `k_${i}` }))),
    });
    await screen.findByRole('table', { name: 'Activity, newest first' });
    expect(eventRows()).toHaveLength(25);
    expect(eventRows()[0]?.textContent).toContain('k_29');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(eventRows()).toHaveLength(30));
    expect(eventRows()[29]?.textContent).toContain('k_0');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('downloads every page of the filtered log as CSV', async () => {
    const { user } = await renderSignedIn(<ActivityPage />, {
      given: (s) =>
        givenEvents(s, ({ widgetId }) => [
          ...Array.from({ length: 120 }, (_, i) => ({ action: 'signing_key.revealed' as const, kid: `k_${i}` })),
          { action: 'user_auth.enforced', widgetId, before: { enforcement: 'not_enforced' }, after: { enforcement: 'enforced' } },
        ]),
    });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:activity';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await screen.findByRole('table', { name: 'Activity, newest first' });
    await user.selectOptions(screen.getByLabelText('Action'), 'Signing key revealed');
    await waitFor(() => expect(eventRows()).toHaveLength(25));

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(await screen.findByText(/Downloaded 120 events as activity-\d{4}-\d{2}-\d{2}\.csv\./)).toBeTruthy();
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await blobs[0]?.text())?.split('\r\n') ?? [];
    expect(lines[0]).toBe('occurredAt,actorType,actorId,actorLabel,action,widgetId,kid,before,after,requestId');
    // A header, 120 events newest first (the filter holds), and the final line end.
    expect(lines).toHaveLength(122);
    expect(lines[1]).toContain(',signing_key.revealed,,k_119,');
    expect(lines[120]).toContain(',signing_key.revealed,,k_0,');
    expect(lines.some((l) => l.includes('user_auth.enforced'))).toBe(false);
  });
});
