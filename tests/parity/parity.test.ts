import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedApp } from '../../server/embedded-app.ts';
import type { FetchApp } from '../../server/fetch-app.ts';
import { createLogger } from '../../server/logger.ts';
import { appRouter } from '../../server/routers/_app.ts';
import { systemClock } from '../../server/core/clock.ts';
import { spawnServer, type ServerProcess } from '../support/server-process.ts';
import { ADMIN, AGENT, MASTER_KEY } from '../support/stores.ts';

/**
 * One table of calls, every procedure and the chat route with good and bad input and every role,
 * answered by the Node server (its own process, node:crypto) and by the host demo mode runs in the
 * browser (the fetch adapter over PGlite, with the browser's crypto port: this project aliases
 * `#platform/crypto` to crypto.browser.ts). Both must answer alike: status, error code, message,
 * and the shape of the data. It passes by construction; it guards the ports.
 */

type Role = 'anonymous' | 'agent' | 'admin' | 'apiKey';
const ROLES: Role[] = ['anonymous', 'agent', 'admin', 'apiKey'];

interface Ids {
  widgetId: string;
  widgetToken: string;
  kid: string;
  ticketId: string;
  spareApiKeyId: string;
}

type Input = (ids: Ids) => unknown;
const none: Input = () => undefined;

/** A good input and a bad one for each procedure; the order is the order of the calls. */
const CALLS: Record<string, { good: Input; bad?: Input }> = {
  'auth.login': { good: () => ADMIN, bad: () => ({ email: 'not an email', password: '' }) },
  'auth.me': { good: none },
  'users.list': { good: none },
  'users.create': { good: () => ({ email: 'new.agent@acme.test', name: 'New Agent', role: 'agent', password: 'a-long-enough-password' }), bad: () => ({ email: 'nope' }) },
  'apiKeys.list': { good: none },
  'apiKeys.create': { good: () => ({ name: 'Parity script' }), bad: () => ({ name: '' }) },
  'apiKeys.revoke': { good: (ids) => ({ id: ids.spareApiKeyId }), bad: () => ({ id: 42 }) },
  'widgets.list': { good: none },
  'widgets.get': { good: (ids) => ({ id: ids.widgetId }), bad: () => ({ id: 'no-such-widget' }) },
  'fields.list': { good: none, bad: () => ({ includeArchived: 'yes' }) },
  'fields.create': { good: () => ({ kind: 'ticket', name: 'cf_parity', label: 'Parity', type: 'dropdown', choices: ['A', 'B'] }), bad: () => ({ kind: 'ticket', name: 'parity', label: '', type: 'text' }) },
  'fields.update': { good: () => ({ kind: 'ticket', name: 'cf_parity', label: 'Parity check', expectedVersion: 1 }), bad: () => ({ kind: 'ticket', name: 'subject', label: 'Topic' }) },
  'fields.archive': { good: () => ({ kind: 'ticket', name: 'cf_parity', expectedVersion: 2 }), bad: () => ({ kind: 'ticket', name: 'cf_parity', expectedVersion: 1 }) },
  'userAuth.get': { good: (ids) => ({ widgetId: ids.widgetId }), bad: () => ({}) },
  'userAuth.updatePolicy': { good: (ids) => ({ widgetId: ids.widgetId, expectedVersion: 1, clockLeewaySeconds: 30 }), bad: (ids) => ({ widgetId: ids.widgetId, expectedVersion: 1, clockLeewaySeconds: 301 }) },
  'userAuth.updateAllowlist': {
    good: (ids) => ({ widgetId: ids.widgetId, expectedVersion: 2, allowlist: { ticketFields: ['subject'], contactFields: ['name'] } }),
    bad: (ids) => ({ widgetId: ids.widgetId, expectedVersion: 2, allowlist: { ticketFields: ['no_such_field'], contactFields: [] } }),
  },
  'userAuth.enforce': { good: (ids) => ({ widgetId: ids.widgetId, expectedVersion: 3 }), bad: (ids) => ({ widgetId: ids.widgetId }) },
  'userAuth.disable': {
    good: (ids) => ({ widgetId: ids.widgetId, expectedVersion: 4, allowlist: { ticketFields: ['subject'], contactFields: [] } }),
    bad: (ids) => ({ widgetId: ids.widgetId, expectedVersion: 1, allowlist: { ticketFields: [], contactFields: [] } }),
  },
  'signingKeys.list': { good: none },
  'signingKeys.reveal': { good: (ids) => ({ kid: ids.kid }), bad: () => ({ kid: 'k_unknown' }) },
  'signingKeys.generate': { good: () => ({ graceSeconds: 3600 }), bad: () => ({ graceSeconds: -5 }) },
  'signingKeys.revoke': { good: (ids) => ({ kid: ids.kid }), bad: () => ({ kid: 'k_unknown' }) },
  'audit.list': { good: () => ({ limit: 5 }), bad: () => ({ limit: 0 }) },
  'readiness.get': { good: (ids) => ({ widgetId: ids.widgetId, days: 7 }), bad: (ids) => ({ widgetId: ids.widgetId, days: 0 }) },
  'readiness.failures': { good: (ids) => ({ widgetId: ids.widgetId }), bad: (ids) => ({ widgetId: ids.widgetId, limit: 101 }) },
  'tokens.inspect': { good: (ids) => ({ widgetId: ids.widgetId, token: 'eyJhbGciOiJub25lIn0.e30.' }), bad: (ids) => ({ widgetId: ids.widgetId }) },
  'tokens.signTest': {
    good: (ids) => ({ widgetId: ids.widgetId, payload: { unique_external_id: 'parity-1', ticketProperties: { priority: 2 } } }),
    bad: (ids) => ({ widgetId: ids.widgetId, payload: { email: 'a@example.com', ticketProperties: { priority: 9 } } }),
  },
  'chat.startTest': { good: (ids) => ({ widgetId: ids.widgetId, message: 'Testing' }), bad: () => ({ widgetId: 'no-such-widget' }) },
  'chat.start': { good: (ids) => ({ widgetId: ids.widgetId, widgetToken: ids.widgetToken, message: 'Hello' }), bad: (ids) => ({ widgetId: ids.widgetId, widgetToken: 'wrong' }) },
  'chat.updateFields': { good: () => ({ sessionId: 'no-such-session', sessionSecret: 'x', ticketFields: { subject: 'Hi' } }), bad: () => ({}) },
  'tickets.list': { good: () => ({ limit: 5 }), bad: () => ({ limit: -1 }) },
  'tickets.get': { good: (ids) => ({ id: ids.ticketId }), bad: () => ({ id: 'no-such-ticket' }) },
  'tickets.reply': { good: (ids) => ({ ticketId: ids.ticketId, text: 'Hello from the agent' }), bad: (ids) => ({ ticketId: ids.ticketId, text: '   ' }) },
  'sessions.revokeForIdentity': { good: () => ({ unique_external_id: 'parity-1' }), bad: () => ({ email: 'nope' }) },
  // Last: it ends the session the later calls would use.
  'auth.logout': { good: none },
};

/** The widget's plain route: good and bad bodies, and a wrong media type. */
const CHAT_ROUTE: { name: string; contentType: string; body: (ids: Ids) => string }[] = [
  { name: 'no token', contentType: 'application/json', body: (ids) => JSON.stringify({ widgetId: ids.widgetId, widgetToken: ids.widgetToken, message: 'Hi' }) },
  { name: 'a malformed token', contentType: 'application/json', body: (ids) => JSON.stringify({ widgetId: ids.widgetId, widgetToken: ids.widgetToken, jwtAuthToken: 'a.b.c' }) },
  { name: 'a wrong widget token', contentType: 'application/json', body: (ids) => JSON.stringify({ widgetId: ids.widgetId, widgetToken: 'nope' }) },
  { name: 'a body that is not JSON', contentType: 'application/json', body: () => '{' },
  { name: 'a field missing', contentType: 'application/json', body: () => '{}' },
  { name: 'form encoding', contentType: 'text/plain', body: () => 'x' },
];

/** One host under test: how a request reaches it and how it keeps each role's session. */
interface Host {
  name: string;
  send(request: Request, role: Role): Promise<Response>;
  origin: string;
  ids: Ids;
}

interface Answer {
  status: number;
  code: string | null;
  message: string | null;
  shape: unknown;
}

/** The shape of a value: its keys and the types of its leaves, not the values (ids and times differ). */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]));
  return typeof value;
}

// A kid may begin or end with - or _ (base64url), where \b finds no boundary: delimit by the alphabet instead.
const ID = /(?<![A-Za-z0-9_-])(k_[A-Za-z0-9_-]{12}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/g;
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
const normalise = (text: string | null) => text?.replace(ID, '<id>').replace(TIME, '<time>') ?? null;

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const error = body.error as { message?: string; code?: unknown; data?: { code?: string } } | undefined;
  if (error) return { status: response.status, code: error.data?.code ?? (typeof error.code === 'string' ? error.code : null), message: normalise(error.message ?? null), shape: null };
  const result = body.result as { data?: unknown } | undefined;
  return { status: response.status, code: null, message: null, shape: shape(result ? result.data : body) };
}

function trpcRequest(host: Host, procedure: string, input: unknown): Request {
  const type = (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>)[procedure]?._def.type;
  const url = `${host.origin}/api/trpc/${procedure}`;
  if (type === 'query') return new Request(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`);
  return new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: host.origin }, body: input === undefined ? '' : JSON.stringify(input) });
}

async function call(host: Host, procedure: string, input: unknown, role: Role): Promise<Answer> {
  return answerOf(await host.send(trpcRequest(host, procedure, input), role));
}

/** Signs each role in (or makes its API key) through the API itself, as a client would. */
async function prepareRoles(host: Host, login: (who: typeof ADMIN, role: Role) => Promise<void>) {
  await login(AGENT, 'agent');
  await login(ADMIN, 'admin');
  const created = async (name: string) => {
    const response = await host.send(trpcRequest(host, 'apiKeys.create', { name }), 'admin');
    return ((await response.json()) as { result: { data: { id: string; key: string } } }).result.data;
  };
  const key = await created('Parity role');
  host.ids.spareApiKeyId = (await created('Spare')).id;
  return key.key;
}

async function discoverIds(host: Host): Promise<void> {
  const widgets = (await (await host.send(trpcRequest(host, 'widgets.list', undefined), 'admin')).json()) as { result: { data: { id: string; token: string; name: string }[] } };
  const widget = widgets.result.data.find((w) => w.name === 'Website chat');
  if (!widget) throw new Error('no seeded widget');
  host.ids.widgetId = widget.id;
  host.ids.widgetToken = widget.token;
  const keys = (await (await host.send(trpcRequest(host, 'signingKeys.list', undefined), 'admin')).json()) as { result: { data: { kid: string }[] } };
  host.ids.kid = keys.result.data[0]?.kid ?? '';
  const chat = await host.send(
    new Request(`${host.origin}/webchat/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ widgetId: widget.id, widgetToken: widget.token, message: 'First' }) }),
    'anonymous',
  );
  host.ids.ticketId = ((await chat.json()) as { ticketId: string }).ticketId;
}

const blankIds = (): Ids => ({ widgetId: '', widgetToken: '', kid: '', ticketId: '', spareApiKeyId: '' });

async function nodeHost(): Promise<{ host: Host; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-parity-'));
  const server: ServerProcess = await spawnServer({
    DATA_DIR: dataDir,
    MASTER_KEY,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    AGENT_EMAIL: AGENT.email,
    AGENT_PASSWORD: AGENT.password,
  });
  await server.ready();
  const sessions = new Map<Role, { cookie: string; csrf: string }>();
  let apiKey = '';
  const host: Host = {
    name: 'node',
    origin: server.url,
    ids: blankIds(),
    send(request, role) {
      const headers = new Headers(request.headers);
      const session = sessions.get(role);
      if (session) {
        headers.set('cookie', session.cookie);
        headers.set('x-csrf-token', session.csrf);
      }
      if (role === 'apiKey') headers.set('authorization', `Bearer ${apiKey}`);
      return fetch(new Request(request, { headers }));
    },
  };
  apiKey = await prepareRoles(host, async (who, role) => {
    const response = await fetch(trpcRequest(host, 'auth.login', who));
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { result } = (await response.json()) as { result: { data: { csrfToken: string } } };
    sessions.set(role, { cookie, csrf: result.data.csrfToken });
  });
  await discoverIds(host);
  return {
    host,
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function browserHost(): Promise<{ host: Host; stop(): Promise<void> }> {
  const cookies = { value: null as string | null };
  const app: FetchApp = await openEmbeddedApp({
    client: await PGlite.create(),
    masterKey: new Uint8Array(Buffer.from(MASTER_KEY, 'base64')),
    users: { admin: ADMIN, agent: AGENT },
    clock: systemClock,
    logger: createLogger('silent'),
    cookies: { get: () => cookies.value, set: (value) => (cookies.value = value) },
    ip: '127.0.0.1',
  });
  const sessions = new Map<Role, { cookie: string | null; csrf: string }>();
  let apiKey = '';
  const host: Host = {
    name: 'browser',
    origin: 'http://demo.test',
    ids: blankIds(),
    async send(request, role) {
      const headers = new Headers(request.headers);
      const session = sessions.get(role);
      cookies.value = session?.cookie ?? null;
      if (session) headers.set('x-csrf-token', session.csrf);
      if (role === 'apiKey') headers.set('authorization', `Bearer ${apiKey}`);
      // Like the Node side's fetch, a cookie set by an answer is not taken up: each role keeps its session.
      const response = await app.handle(new Request(request, { headers }));
      if (!response) throw new Error(`the browser host does not answer ${request.url}`);
      return response;
    },
  };
  apiKey = await prepareRoles(host, async (who, role) => {
    cookies.value = null;
    const response = await app.handle(trpcRequest(host, 'auth.login', who));
    const { result } = (await (response as Response).json()) as { result: { data: { csrfToken: string } } };
    sessions.set(role, { cookie: cookies.value, csrf: result.data.csrfToken });
  });
  await discoverIds(host);
  return { host, stop: () => app.close() };
}

describe('the browser host answers as the Node server does', () => {
  let node: Awaited<ReturnType<typeof nodeHost>>;
  let browser: Awaited<ReturnType<typeof browserHost>>;
  beforeAll(async () => {
    [node, browser] = await Promise.all([nodeHost(), browserHost()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), browser?.stop()]);
  });

  it('has a good and a bad call for every procedure of the router', () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  it('gives the same answer to every call, for every role, in the same order', async () => {
    const differences: string[] = [];
    let compared = 0;
    for (const [procedure, inputs] of Object.entries(CALLS)) {
      for (const role of ROLES) {
        for (const [kind, input] of Object.entries(inputs)) {
          const [a, b] = [await call(node.host, procedure, input(node.host.ids), role), await call(browser.host, procedure, input(browser.host.ids), role)];
          compared += 1;
          if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${procedure} ${kind} as ${role}:\n  node    ${JSON.stringify(a)}\n  browser ${JSON.stringify(b)}`);
        }
      }
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(150);
  }, 120_000);

  it('gives the same answer on the widget’s plain chat route', async () => {
    for (const request of CHAT_ROUTE) {
      const answers = await Promise.all(
        [node.host, browser.host].map(async (host) =>
          answerOf(
            await host.send(
              new Request(`${host.origin}/webchat/v1/sessions`, { method: 'POST', headers: { 'content-type': request.contentType }, body: request.body(host.ids) }),
              'anonymous',
            ),
          ),
        ),
      );
      expect(answers[1], request.name).toEqual(answers[0]);
    }
  });
});
