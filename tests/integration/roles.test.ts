import { describe, expect, it } from 'vitest';
import { appRouter } from '../../server/routers/_app.ts';
import { ADMIN } from '../support/stores.ts';
import { createApiKey, rawCall, signIn, signInAgent, startTestServer, storeKinds, typedClient } from '../support/server.ts';

type Caller = 'anonymous' | 'agent' | 'admin' | 'apiKey';
type Kind = 'query' | 'mutation';

/**
 * Every procedure of the router with a valid input, and who may call it (SPEC §5): anonymous
 * callers only sign in and start chats (a chat's fields need its session secret, not a user);
 * agents reach auth.*, tickets.*, widgets.list and fields.list; admins and API keys reach everything.
 */
const procedures: { path: string; kind: Kind; agent: boolean; input?: (ids: Ids) => unknown; rotates?: true; anonymous?: true }[] = [
  { path: 'auth.login', kind: 'mutation', agent: true, anonymous: true, input: () => ADMIN },
  { path: 'auth.me', kind: 'query', agent: true },
  { path: 'widgets.list', kind: 'query', agent: true },
  { path: 'fields.list', kind: 'query', agent: true },
  { path: 'widgets.get', kind: 'query', agent: false, input: (ids) => ({ id: ids.widgetId }) },
  { path: 'users.list', kind: 'query', agent: false },
  { path: 'users.create', kind: 'mutation', agent: false, input: (ids) => ({ email: `new-${ids.n}@acme.test`, name: 'New Person', role: 'agent', password: 'a-long-password-1' }) },
  { path: 'apiKeys.list', kind: 'query', agent: false },
  { path: 'apiKeys.create', kind: 'mutation', agent: false, input: () => ({ name: 'matrix' }) },
  { path: 'apiKeys.revoke', kind: 'mutation', agent: false, input: (ids) => ({ id: ids.spareApiKeyId }) },
  { path: 'userAuth.get', kind: 'query', agent: false, input: (ids) => ({ widgetId: ids.widgetId }) },
  { path: 'userAuth.updatePolicy', kind: 'mutation', agent: false, input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version, clockLeewaySeconds: 45 }) },
  { path: 'userAuth.updateAllowlist', kind: 'mutation', agent: false, input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version, allowlist: { ticketFields: ['subject'], contactFields: [] } }) },
  { path: 'userAuth.disable', kind: 'mutation', agent: false, input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version, allowlist: { ticketFields: [], contactFields: ['name'] } }) },
  { path: 'userAuth.enforce', kind: 'mutation', agent: false, input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version }) },
  { path: 'signingKeys.list', kind: 'query', agent: false },
  { path: 'signingKeys.reveal', kind: 'mutation', agent: false, input: (ids) => ({ kid: ids.activeKid }) },
  { path: 'signingKeys.generate', kind: 'mutation', agent: false, input: () => ({ graceSeconds: 0 }), rotates: true },
  { path: 'signingKeys.revoke', kind: 'mutation', agent: false, input: (ids) => ({ kid: ids.retiringKid }) },
  { path: 'audit.list', kind: 'query', agent: false, input: () => ({ limit: 5 }) },
  { path: 'chat.start', kind: 'mutation', agent: true, anonymous: true, input: (ids) => ({ widgetId: ids.chat.widgetId, widgetToken: ids.chat.widgetToken, message: 'hello' }) },
  {
    path: 'chat.updateFields',
    kind: 'mutation',
    agent: true,
    anonymous: true,
    input: (ids) => ({ sessionId: ids.chat.sessionId, sessionSecret: ids.chat.sessionSecret, contactFields: { name: 'Visitor' } }),
  },
  { path: 'tickets.list', kind: 'query', agent: true, input: () => ({ limit: 5 }) },
  { path: 'tickets.get', kind: 'query', agent: true, input: (ids) => ({ id: ids.chat.ticketId }) },
  { path: 'readiness.get', kind: 'query', agent: false, input: (ids) => ({ widgetId: ids.widgetId, days: 7 }) },
  { path: 'auth.logout', kind: 'mutation', agent: true },
];

interface Ids {
  n: number;
  widgetId: string;
  version: number;
  activeKid: string;
  retiringKid: string;
  spareApiKeyId: string;
  /** A chat on the second widget, which the matrix never enforces. */
  chat: { widgetId: string; widgetToken: string; sessionId: string; sessionSecret: string; ticketId: string };
}

const expected = (caller: Caller, p: (typeof procedures)[number]) => {
  if (caller === 'anonymous') return p.anonymous ? 200 : 401;
  if (caller === 'agent') return p.agent ? 200 : 403;
  if (caller === 'apiKey' && p.path === 'auth.logout') return 400;
  return 200;
};

it('covers every procedure of the router', () => {
  expect(procedures.map((p) => p.path).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
});

describe.each(storeKinds)('who may call what, on %s', (kind) => {
  it('holds for every procedure and every kind of caller', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const apiKey = await createApiKey(server.url);
    let n = 0;

    /** Valid inputs for the next call: a retiring key to revoke, or none when the call rotates. */
    const freshIds = async (rotates: boolean): Promise<Ids> => {
      n += 1;
      const [widget, chatWidget] = await admin.client.widgets.list.query();
      const widgetId = widget?.id ?? '';
      const chat = await admin.client.chat.start.mutate({ widgetId: chatWidget?.id ?? '', widgetToken: chatWidget?.token ?? '' });
      const { version } = await admin.client.userAuth.get.query({ widgetId });
      let keys = await admin.client.signingKeys.list.query();
      const retiring = keys.find((k) => k.status === 'retiring');
      if (rotates && retiring) await admin.client.signingKeys.revoke.mutate({ kid: retiring.kid });
      if (!rotates && !retiring) await admin.client.signingKeys.generate.mutate({ graceSeconds: 3600 });
      keys = await admin.client.signingKeys.list.query();
      const spare = await admin.client.apiKeys.create.mutate({ name: `spare ${n}` });
      return {
        n,
        widgetId,
        version,
        activeKid: keys.find((k) => k.status === 'active')?.kid ?? '',
        retiringKid: keys.find((k) => k.status === 'retiring')?.kid ?? '',
        spareApiKeyId: spare.id,
        chat: { widgetId: chatWidget?.id ?? '', widgetToken: chatWidget?.token ?? '', ...chat },
      };
    };

    const results: string[] = [];
    for (const caller of ['anonymous', 'agent', 'admin', 'apiKey'] as const) {
      for (const p of procedures) {
        const ids = await freshIds(p.rotates === true);
        // A fresh session per call, so that logout does not end the matrix.
        const headers: Record<string, string> =
          caller === 'anonymous'
            ? {}
            : caller === 'apiKey'
              ? { authorization: `Bearer ${apiKey.key}` }
              : await (async () => {
                  const s = caller === 'agent' ? await signInAgent(server.url) : await signIn(server.url, ADMIN);
                  return { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
                })();
        const input = p.input?.(ids);
        const res = await rawCall(server.url, p.path, { method: p.kind === 'query' ? 'GET' : 'POST', input, headers });
        results.push(`${caller} ${p.path} ${res.status}`);
        if (res.status !== expected(caller, p)) results.push(`  ^ expected ${expected(caller, p)}: ${res.text.slice(0, 200)}`);
      }
    }
    expect(results.filter((r) => r.startsWith('  ^'))).toEqual([]);
    expect(results).toHaveLength(procedures.length * 4);
  });

  it('refuses a revoked or unknown API key as UNAUTHORIZED', async () => {
    await using server = await startTestServer(kind);
    const apiKey = await createApiKey(server.url);
    expect((await apiKey.client.widgets.list.query()).length).toBe(2);
    const admin = await signIn(server.url);
    await admin.client.apiKeys.revoke.mutate({ id: apiKey.id });
    const revoked = await rawCall(server.url, 'widgets.list', { method: 'GET', headers: { authorization: `Bearer ${apiKey.key}` } });
    expect(revoked.status).toBe(401);
    const unknown = typedClient(server.url, () => ({ authorization: 'Bearer wca_not-a-real-key' }));
    await expect(unknown.widgets.list.query()).rejects.toThrow(/Sign in, or send a valid API key/);
  });
});
