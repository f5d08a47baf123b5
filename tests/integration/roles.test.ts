import { TRPCError } from '@trpc/server';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createContextInner, type Context } from '../../server/context.ts';
import type { Principal } from '../../server/core/principal.ts';
import { decodeMasterKey } from '../../server/crypto/master-key.ts';
import { SecretBox } from '../../server/crypto/secret-box.ts';
import { createLogger } from '../../server/logger.ts';
import { appRouter } from '../../server/routers/_app.ts';
import { createServices, type Services } from '../../server/services/index.ts';
import { openStore } from '../../server/store/db.ts';
import { ADMIN, AGENT, MASTER_KEY } from '../support/stores.ts';
import { createApiKey, rawCall, signIn, signInAgent, startTestServer, storeKinds, TestClock, typedClient } from '../support/server.ts';

type Caller = 'anonymous' | 'agent' | 'admin' | 'apiKey';
const CALLERS: readonly Caller[] = ['anonymous', 'agent', 'admin', 'apiKey'];

/** Every procedure of the router, by path: the matrix covers a new one without being told. */
const procedurePaths = Object.keys(appRouter._def.procedures);

/** SPEC §5, who may call what: anonymous callers sign in and chat; agents add auth.*, tickets.*, two lists. */
const ANONYMOUS_PROCEDURES = new Set(['auth.login', 'chat.start', 'chat.updateFields']);
const AGENT_PROCEDURES = new Set(['widgets.list', 'fields.list']);
const AGENT_AREAS = new Set(['auth', 'tickets']);

/** The tRPC code a caller gets (OK when the procedure ran and answered). */
function expectedCode(caller: Caller, procedure: string): string {
  const reachable = ANONYMOUS_PROCEDURES.has(procedure);
  if (caller === 'anonymous') return reachable ? 'OK' : 'UNAUTHORIZED';
  const area = procedure.split('.')[0] ?? '';
  if (caller === 'agent') return reachable || AGENT_PROCEDURES.has(procedure) || AGENT_AREAS.has(area) ? 'OK' : 'FORBIDDEN';
  // The procedure is reached, and says an API key has no session to end.
  if (caller === 'apiKey' && procedure === 'auth.logout') return 'BAD_REQUEST';
  return 'OK';
}

/** Valid state for one call, made fresh before each so that no call depends on the one before. */
interface Ids {
  n: number;
  widgetId: string;
  version: number;
  activeKid: string;
  retiringKid: string;
  spareApiKeyId: string;
  /** A custom field of its own, to relabel or archive. */
  field: { kind: 'contact'; name: string };
  /** A chat on the second widget, which the matrix never enforces. */
  chat: { widgetId: string; widgetToken: string; sessionId: string; sessionSecret: string; ticketId: string };
}

/**
 * A valid input for each procedure that takes one; a procedure not listed is called without
 * input. `rotates`: the call needs no retiring key (a second rotation is a CONFLICT).
 */
const FIXTURES: Record<string, { input: (ids: Ids) => unknown; rotates?: true }> = {
  'auth.login': { input: () => ADMIN },
  'widgets.get': { input: (ids) => ({ id: ids.widgetId }) },
  'users.create': { input: (ids) => ({ email: `new-${ids.n}@acme.test`, name: 'New Person', role: 'agent', password: 'a-long-password-1' }) },
  'apiKeys.create': { input: () => ({ name: 'matrix' }) },
  'apiKeys.revoke': { input: (ids) => ({ id: ids.spareApiKeyId }) },
  'userAuth.get': { input: (ids) => ({ widgetId: ids.widgetId }) },
  'userAuth.updatePolicy': { input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version, clockLeewaySeconds: 45 }) },
  'userAuth.updateAllowlist': {
    input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version, allowlist: { ticketFields: ['subject'], contactFields: [] } }),
  },
  'userAuth.disable': {
    input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version, allowlist: { ticketFields: [], contactFields: ['name'] } }),
  },
  'userAuth.enforce': { input: (ids) => ({ widgetId: ids.widgetId, expectedVersion: ids.version }) },
  'signingKeys.reveal': { input: (ids) => ({ kid: ids.activeKid }) },
  'signingKeys.generate': { input: () => ({ graceSeconds: 0 }), rotates: true },
  'signingKeys.revoke': { input: (ids) => ({ kid: ids.retiringKid }) },
  'audit.list': { input: () => ({ limit: 5 }) },
  'chat.start': { input: (ids) => ({ widgetId: ids.chat.widgetId, widgetToken: ids.chat.widgetToken, message: 'hello' }) },
  'chat.updateFields': { input: (ids) => ({ sessionId: ids.chat.sessionId, sessionSecret: ids.chat.sessionSecret, contactFields: { name: 'Visitor' } }) },
  'tickets.list': { input: () => ({ limit: 5 }) },
  'tickets.get': { input: (ids) => ({ id: ids.chat.ticketId }) },
  'readiness.get': { input: (ids) => ({ widgetId: ids.widgetId, days: 7 }) },
  'readiness.failures': { input: (ids) => ({ widgetId: ids.widgetId }) },
  'fields.create': { input: (ids) => ({ kind: 'ticket', name: `cf_matrix_${ids.n}`, label: 'Matrix', type: 'text' }) },
  'fields.update': { input: (ids) => ({ kind: ids.field.kind, name: ids.field.name, label: `Relabelled ${ids.n}` }) },
  'fields.archive': { input: (ids) => ({ kind: ids.field.kind, name: ids.field.name }) },
  'tokens.inspect': { input: (ids) => ({ widgetId: ids.widgetId, token: 'a.b.c' }) },
  'tokens.signTest': { input: (ids) => ({ widgetId: ids.widgetId, payload: { email: 'matrix@example.com' } }) },
  'chat.startTest': { input: (ids) => ({ widgetId: ids.chat.widgetId }) },
  'tickets.reply': { input: (ids) => ({ ticketId: ids.chat.ticketId, text: 'Thanks for waiting' }) },
  'sessions.revokeForIdentity': { input: (ids) => ({ email: `matrix-${ids.n}@example.com` }) },
};

/** What a caller presents, as a request would carry it: a session cookie with its CSRF token, or a key. */
type Credential = { cookie: string; csrfToken: string } | { apiKey: string } | null;

type ProcedureCall = (input?: unknown) => Promise<unknown>;

/**
 * The router called in-process through tRPC's createCaller, on a copy of the seeded PGlite the
 * global setup prepared: the same middleware, services and store as a request, without HTTP.
 */
async function openInProcessApi() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-roles-'));
  cpSync(path.join(inject('pgliteTemplate'), 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  const logger = createLogger('silent');
  const clock = new TestClock();
  const store = await openStore({ dataDir, logger });
  const box = new SecretBox(decodeMasterKey(MASTER_KEY));
  const services: Services = createServices({ db: store.db, box, clock, logger, chatRateLimitPerMinute: 0 });
  const ip = '127.0.0.1';

  async function principalOf(credential: Credential): Promise<Principal | null> {
    if (credential === null) return null;
    return 'apiKey' in credential ? services.auth.principalFromApiKey(credential.apiKey) : services.auth.principalFromSession(credential.cookie);
  }

  /** Like a request: the principal is looked up from the credential on every call. */
  async function contextFor(credential: Credential): Promise<Context> {
    return createContextInner({
      db: store.db,
      services,
      clock,
      logger,
      principal: await principalOf(credential),
      csrfHeader: credential && 'csrfToken' in credential ? credential.csrfToken : null,
      requestId: randomUUID(),
      ip,
      cookies: { set: () => undefined, clear: () => undefined },
    });
  }

  async function call(credential: Credential, procedure: string, input?: unknown): Promise<unknown> {
    const caller: unknown = appRouter.createCaller(await contextFor(credential));
    const target = procedure.split('.').reduce((node, key) => (node as Record<string, unknown>)[key], caller) as ProcedureCall;
    return target(input);
  }

  async function signInAs(who: { email: string; password: string }): Promise<Credential> {
    const { output, cookieValue } = await services.auth.login(who, { ip, requestId: randomUUID() });
    return { cookie: cookieValue, csrfToken: output.csrfToken };
  }

  const close = async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { call, signInAs, principalOf, close, [Symbol.asyncDispose]: close };
}

/** The tRPC error code of a call, or OK; anything but a TRPCError is a failure of the test. */
async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe('who may call what (SPEC §5), every procedure of the router through createCaller', () => {
  it('lists inputs only for procedures the router has', () => {
    expect(procedurePaths).toContain('auth.login');
    expect(Object.keys(FIXTURES).filter((p) => !procedurePaths.includes(p))).toEqual([]);
  });

  it('answers every kind of caller as SPEC §5 says, for every procedure', async () => {
    await using api = await openInProcessApi();
    const admin = await api.signInAs(ADMIN);
    const keys = async () => (await api.call(admin, 'signingKeys.list')) as { kid: string; status: string }[];

    let n = 0;
    const freshIds = async (rotates: boolean): Promise<Ids> => {
      n += 1;
      const [widget, chatWidget] = (await api.call(admin, 'widgets.list')) as { id: string; token: string }[];
      if (!widget || !chatWidget) throw new Error('the seed has two widgets');
      const chatIds = { widgetId: chatWidget.id, widgetToken: chatWidget.token };
      const chat = (await api.call(admin, 'chat.start', chatIds)) as Omit<Ids['chat'], keyof typeof chatIds>;
      const { version } = (await api.call(admin, 'userAuth.get', { widgetId: widget.id })) as { version: number };
      const retiring = (await keys()).find((k) => k.status === 'retiring');
      if (rotates && retiring) await api.call(admin, 'signingKeys.revoke', { kid: retiring.kid });
      if (!rotates && !retiring) await api.call(admin, 'signingKeys.generate', { graceSeconds: 3600 });
      const current = await keys();
      const spare = (await api.call(admin, 'apiKeys.create', { name: `spare ${n}` })) as { id: string };
      const field = { kind: 'contact' as const, name: `cf_fresh_${n}` };
      await api.call(admin, 'fields.create', { ...field, label: `Fresh ${n}`, type: 'checkbox' });
      return {
        n,
        widgetId: widget.id,
        version,
        activeKid: current.find((k) => k.status === 'active')?.kid ?? '',
        retiringKid: current.find((k) => k.status === 'retiring')?.kid ?? '',
        spareApiKeyId: spare.id,
        field,
        chat: { ...chatIds, ...chat },
      };
    };

    const { key } = (await api.call(admin, 'apiKeys.create', { name: 'matrix' })) as { key: string };
    const credentials: Record<Caller, Credential> = {
      anonymous: null,
      agent: await api.signInAs(AGENT),
      admin: await api.signInAs(ADMIN),
      apiKey: { apiKey: key },
    };
    /** The caller's credential, signed in again if a call (auth.logout) ended its session. */
    const credentialOf = async (caller: Caller): Promise<Credential> => {
      const credential = credentials[caller];
      if (credential === null || (await api.principalOf(credential))) return credential;
      credentials[caller] = await api.signInAs(caller === 'agent' ? AGENT : ADMIN);
      return credentials[caller];
    };

    const mismatches: string[] = [];
    for (const caller of CALLERS) {
      for (const procedure of procedurePaths) {
        const fixture = FIXTURES[procedure];
        const ids = await freshIds(fixture?.rotates === true);
        const code = await codeOf(api.call(await credentialOf(caller), procedure, fixture?.input(ids)));
        const expected = expectedCode(caller, procedure);
        if (code === expected) continue;
        const hint = code === 'BAD_REQUEST' && !fixture ? ' (give it a valid input in FIXTURES)' : '';
        mismatches.push(`${caller} ${procedure}: ${code}, expected ${expected}${hint}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe.each(storeKinds)('who may call what over HTTP, on %s', (kind) => {
  it('answers each kind of caller with its status on the wire', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url, ADMIN);
    const agent = await signInAgent(server.url);
    const apiKey = await createApiKey(server.url);
    const asUser = (s: { cookie: string; csrfToken: string }) => ({ cookie: s.cookie, 'x-csrf-token': s.csrfToken });
    const status = async (procedure: string, headers: Record<string, string>, method: 'GET' | 'POST' = 'GET') =>
      (await rawCall(server.url, procedure, { method, headers })).status;

    expect(await status('widgets.list', {})).toBe(401);
    expect(await status('users.list', asUser(agent))).toBe(403);
    expect(await status('widgets.list', asUser(agent))).toBe(200);
    expect(await status('users.list', asUser(admin))).toBe(200);
    expect(await status('users.list', { authorization: `Bearer ${apiKey.key}` })).toBe(200);
    expect(await status('auth.logout', { authorization: `Bearer ${apiKey.key}` }, 'POST')).toBe(400);
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
