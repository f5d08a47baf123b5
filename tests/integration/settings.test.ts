import { describe, expect, it } from 'vitest';
import { signingKeys } from '../../server/store/schema.ts';
import { codeOf, errorOf, signIn, startTestServer, storeKinds } from '../support/server.ts';

describe.each(storeKinds)('user authentication settings, on %s', (kind) => {
  it('enforces, disables with an allowlist, and updates the policy, each moving the version on and audited', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [widget] = await client.widgets.list.query();
    const widgetId = widget?.id ?? '';

    const enforced = await client.userAuth.enforce.mutate({ widgetId, expectedVersion: 1 });
    expect(enforced).toMatchObject({ enforcement: 'enforced', version: 2 });
    expect((await client.widgets.list.query()).find((w) => w.id === widgetId)?.enforcement).toBe('enforced');

    const disabled = await client.userAuth.disable.mutate({
      widgetId,
      expectedVersion: 2,
      allowlist: { ticketFields: ['cf_plan', 'subject', 'subject'], contactFields: ['language', 'name'] },
    });
    // Deduplicated, and in catalog order.
    expect(disabled).toMatchObject({
      enforcement: 'not_enforced',
      allowlist: { ticketFields: ['subject', 'cf_plan'], contactFields: ['name', 'language'] },
      version: 3,
    });

    const allowlisted = await client.userAuth.updateAllowlist.mutate({
      widgetId,
      expectedVersion: 3,
      allowlist: { ticketFields: [], contactFields: ['cf_customer_tier'] },
    });
    expect(allowlisted.allowlist).toEqual({ ticketFields: [], contactFields: ['cf_customer_tier'] });

    const policy = await client.userAuth.updatePolicy.mutate({ widgetId, expectedVersion: 4, maxTokenLifetimeSeconds: 3600 });
    expect(policy).toMatchObject({ clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 3600, version: 5 });
    expect(await client.userAuth.get.query({ widgetId })).toEqual(policy);

    const audit = await client.audit.list.query({ widgetId });
    expect(audit.items.map((e) => e.action)).toEqual([
      'user_auth.policy_updated',
      'user_auth.allowlist_updated',
      'user_auth.disabled',
      'user_auth.enforced',
    ]);
    expect(audit.items[0]).toMatchObject({
      before: { maxTokenLifetimeSeconds: 86400 },
      after: { maxTokenLifetimeSeconds: 3600 },
      actor: { type: 'user', label: 'admin@acme.test' },
      requestId: expect.any(String),
    });
    expect(audit.items[3]).toMatchObject({ before: { enforcement: 'not_enforced' }, after: { enforcement: 'enforced' } });
  });

  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [widget] = await client.widgets.list.query();
    const widgetId = widget?.id ?? '';
    await client.userAuth.updatePolicy.mutate({ widgetId, expectedVersion: 1, clockLeewaySeconds: 10 });
    const error = await errorOf(client.userAuth.enforce.mutate({ widgetId, expectedVersion: 1 }));
    expect(error.data?.code).toBe('CONFLICT');
    expect(error.message).toMatch(/changed by someone else.*Reload/);
    expect(await client.userAuth.get.query({ widgetId })).toMatchObject({ enforcement: 'not_enforced', version: 2, clockLeewaySeconds: 10 });
    expect((await client.audit.list.query({ widgetId })).items).toHaveLength(1);
  });

  it('lets exactly one of 20 concurrent writers from one version win, with exactly one audit event', async () => {
    await using server = await startTestServer(kind);
    const admins = await Promise.all(Array.from({ length: 4 }, () => signIn(server.url)));
    const { client } = await signIn(server.url);
    const [widget] = await client.widgets.list.query();
    const widgetId = widget?.id ?? '';
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(
          (admins[i % admins.length] ?? { client }).client.userAuth.updateAllowlist.mutate({
            widgetId,
            expectedVersion: 1,
            allowlist: { ticketFields: i % 2 ? ['subject'] : ['priority'], contactFields: [] },
          }),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(19);
    expect((await client.userAuth.get.query({ widgetId })).version).toBe(2);
    expect((await client.audit.list.query({ widgetId })).items).toHaveLength(1);
  });

  it('names unknown fields in the allowlist and changes nothing', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [widget] = await client.widgets.list.query();
    const widgetId = widget?.id ?? '';
    const error = await errorOf(
      client.userAuth.updateAllowlist.mutate({
        widgetId,
        expectedVersion: 1,
        allowlist: { ticketFields: ['subject', 'cf_nope'], contactFields: ['shoe_size'] },
      }),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Unknown ticket field: cf_nope; Unknown contact field: shoe_size');
    expect((await client.userAuth.get.query({ widgetId })).version).toBe(1);
  });

  it('refuses to enforce while the account has no active key, with PRECONDITION_FAILED', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [widget] = await client.widgets.list.query();
    const widgetId = widget?.id ?? '';
    // No procedure leaves an account without an active key; an operator's manual change can.
    await server.app.store.db.update(signingKeys).set({ status: 'revoked', revokedAt: new Date() });
    const error = await errorOf(client.userAuth.enforce.mutate({ widgetId, expectedVersion: 1 }));
    expect(error.data?.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/no active signing key/);
    expect(await codeOf(client.userAuth.disable.mutate({ widgetId, expectedVersion: 1, allowlist: { ticketFields: [], contactFields: [] } }))).toBe('OK');
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    await client.signingKeys.list.query();
    const db = server.app.store.db;
    const refusal = (sql: string) => db.execute(sql).then(() => 'allowed', (e: Error) => String((e.cause as Error | undefined)?.message));
    expect(await refusal('update audit_events set action = action')).toBe('audit_events is append-only');
    expect(await refusal('delete from audit_events')).toBe('audit_events is append-only');
  });
});
