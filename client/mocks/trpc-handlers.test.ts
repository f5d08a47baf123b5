import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/_app.ts';
import { mockServer } from '../test/setup.ts';
import { createMockDb, MOCK_USERS } from './db.ts';
import { trpcHandlers } from './trpc-handlers.ts';

/** The real tRPC client against the mocks: the mocks speak the server's wire format or this fails. */
function clientFor(options: { batch?: boolean; sendCsrf?: boolean } = {}) {
  const db = createMockDb();
  let csrf: string | undefined;
  mockServer.use(...trpcHandlers(db));
  const link = (options.batch === false ? httpLink : httpBatchLink)({
    url: 'http://localhost:3000/api/trpc',
    headers: (): Record<string, string> => (csrf && options.sendCsrf !== false ? { 'x-csrf-token': csrf } : {}),
  });
  const client = createTRPCClient<AppRouter>({ links: [link] });
  /** Signs in as a browser would: the CSRF token from the answer goes on every later call. */
  const signIn = async (who: { email: string; password: string }) => {
    csrf = (await client.auth.login.mutate(who)).csrfToken;
  };
  return { db, client, signIn };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a tRPC error, got ${String(error)}`);
  return { code: (error.data as { code?: string } | undefined)?.code, message: error.message, data: error.data as Record<string, unknown> };
}

describe('the mock API', () => {
  it('answers batched queries in one request, each with its own result', async () => {
    const { client, signIn } = clientFor();
    await signIn(MOCK_USERS.admin);
    const [widgets, catalog, keys] = await Promise.all([client.widgets.list.query(), client.fields.list.query(), client.signingKeys.list.query()]);
    expect(widgets.map((w) => w.name)).toEqual(['Website chat', 'Customer portal']);
    expect(catalog.ticketFields.some((f) => f.custom)).toBe(true);
    expect(keys).toHaveLength(1);
  });

  it('refuses anonymous callers with UNAUTHORIZED and agents with FORBIDDEN, like the server', async () => {
    const { client, signIn } = clientFor();
    expect((await failure(client.widgets.list.query())).code).toBe('UNAUTHORIZED');
    await signIn(MOCK_USERS.agent);
    expect(await client.widgets.list.query()).toHaveLength(2);
    expect((await failure(client.signingKeys.list.query())).code).toBe('FORBIDDEN');
  });

  it('refuses a mutation without the CSRF token and changes nothing', async () => {
    const { client, db, signIn } = clientFor({ batch: false, sendCsrf: false });
    await signIn(MOCK_USERS.admin);
    const widget = db.widgets[0];
    if (!widget) throw new Error('no widget');
    const refused = await failure(client.userAuth.enforce.mutate({ widgetId: widget.id, expectedVersion: 1 }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(widget.settings.enforcement).toBe('not_enforced');
  });

  it('answers a stale version with CONFLICT and bad input with the field named', async () => {
    const { client, db, signIn } = clientFor();
    await signIn(MOCK_USERS.admin);
    const widgetId = db.widgets[0]?.id ?? '';
    await client.userAuth.updatePolicy.mutate({ widgetId, expectedVersion: 1, clockLeewaySeconds: 10 });
    expect((await failure(client.userAuth.updatePolicy.mutate({ widgetId, expectedVersion: 1, clockLeewaySeconds: 20 }))).code).toBe('CONFLICT');
    const bad = await failure(client.userAuth.updatePolicy.mutate({ widgetId, expectedVersion: 2, clockLeewaySeconds: 999 }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toBe('clockLeewaySeconds: Clock leeway is at most 300 seconds');
    expect(bad.data.fieldErrors).toEqual({ clockLeewaySeconds: ['Clock leeway is at most 300 seconds'] });
    const unknown = await failure(client.userAuth.updateAllowlist.mutate({ widgetId, expectedVersion: 2, allowlist: { ticketFields: ['cf_nope'], contactFields: [] } }));
    expect(unknown.data.fieldErrors).toEqual({ 'allowlist.ticketFields': ['Unknown ticket field: cf_nope'] });
  });
});
