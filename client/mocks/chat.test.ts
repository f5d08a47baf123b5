import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../../server/routers/_app.ts';
import { base64UrlEncode, signHs256 } from '../lib/sign-hs256.ts';
import { mockServer } from '../test/setup.ts';
import { webchatHandlers } from './chat.ts';
import { createMockDb, type MockDb } from './db.ts';
import { seedDemoChats } from './demo-seed.ts';
import { trpcHandlers } from './trpc-handlers.ts';

const NOW = new Date('2026-11-20T10:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

/** The real tRPC client against the mocks, anonymous as a widget is; `changes` counts onChange calls. */
function setup(given?: (db: MockDb) => void) {
  const db = createMockDb({ now: () => NOW });
  given?.(db);
  const changes = { count: 0 };
  const onChange = () => {
    changes.count++;
  };
  mockServer.use(...trpcHandlers(db, { onChange }), ...webchatHandlers(db, { onChange }));
  const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://localhost:3000/api/trpc' })] });
  const widget = db.widgets[0];
  const key = db.keys[0];
  if (!widget || !key) throw new Error('the seed has a widget and a key');
  return { db, client, widget, key, changes };
}

const enforce = (db: MockDb) => {
  for (const w of db.widgets) w.settings.enforcement = 'enforced';
};

function adaToken(secret: string, extra: Record<string, unknown> = {}) {
  return signHs256(
    {
      email: 'Ada@Example.com',
      exp: nowSeconds + 600,
      contactProperties: { name: 'Ada Lovelace', cf_customer_tier: 'Gold', cf_shoe_size: 42 },
      ticketProperties: { priority: 3, type: 'Refund', cf_plan: 'Pro' },
      ...extra,
    },
    secret,
  );
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCClientError)) throw new Error(`expected a tRPC error, got ${String(error)}`);
  return { message: error.message, data: error.data as Record<string, unknown> };
}

describe('chat start in the demo', () => {
  it('starts an authenticated chat for a valid token, with a verified contact found again on the next chat', async () => {
    const { client, db, widget, key } = setup();
    const token = await adaToken(key.secret);
    const chat = await client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken: token, message: 'Charged twice\nSee my statement.' });
    expect(chat).toMatchObject({ authenticated: true, droppedFields: [{ entity: 'contact', name: 'cf_shoe_size' }] });
    expect(chat.sessionSecret).toMatch(/^[\w-]{43}$/);
    expect(db.contacts).toEqual([
      { id: chat.contactId, name: 'Ada Lovelace', email: 'ada@example.com', uniqueExternalId: null, verified: true, properties: { cf_customer_tier: 'Gold' } },
    ]);
    expect(db.tickets).toEqual([
      expect.objectContaining({
        id: chat.ticketId,
        widgetId: widget.id,
        contactId: chat.contactId,
        authenticated: true,
        verification: 'authenticated',
        subject: 'Charged twice',
        description: 'Charged twice\nSee my statement.',
        status: 'Open',
        priority: 3,
        type: 'Refund',
        properties: { cf_plan: 'Pro' },
      }),
    ]);
    expect(key.lastUsedAt).toEqual(NOW);

    const again = await client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken: await adaToken(key.secret, { contactProperties: { language: 'en' } }) });
    expect(again.contactId).toBe(chat.contactId);
    expect(db.contacts).toHaveLength(1);
    expect(db.contacts[0]?.properties).toEqual({ cf_customer_tier: 'Gold', language: 'en' });
    expect(db.tickets[1]?.subject).toBe('Chat from ada@example.com');
  });

  it('refuses a tampered token on an enforced widget with UNAUTHORIZED, data.reason and data.hint, and creates nothing', async () => {
    const { client, db, widget, key, changes } = setup(enforce);
    // The visitor swaps the email in a valid token; the signature stays Ada's.
    const [header, , signature] = (await adaToken(key.secret)).split('.');
    const tampered = `${header}.${base64UrlEncode(JSON.stringify({ email: 'linus@example.com', exp: nowSeconds + 600 }))}.${signature}`;
    const refused = await failure(client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken: tampered }));
    expect(refused.message).toBe("The token's signature does not match the account's signing key.");
    expect(refused.data).toEqual({
      code: 'UNAUTHORIZED',
      httpStatus: 401,
      path: 'chat.start',
      reason: 'SIGNATURE_INVALID',
      hint: expect.stringContaining('Sign with the secret exactly as the console shows it'),
    });
    expect(db.tickets).toEqual([]);
    expect(db.contacts).toEqual([]);
    expect(key.lastUsedAt).toBeNull();
    expect(db.outcomes).toEqual([{ widgetId: widget.id, day: '2026-11-20', outcome: 'SIGNATURE_INVALID', count: 1 }]);
    expect(changes.count).toBe(1);
  });

  it('starts an unauthenticated chat without a token when not enforced, and records an invalid token’s code', async () => {
    const { client, db, widget } = setup();
    const anonymous = await client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, message: 'Do you ship to Norway?' });
    expect(anonymous).toMatchObject({ authenticated: false, droppedFields: [] });
    expect(db.tickets[0]).toMatchObject({ authenticated: false, verification: 'unauthenticated', subject: 'Do you ship to Norway?', priority: null });
    expect(db.contacts[0]).toMatchObject({ name: null, email: null, verified: false });

    const expired = await client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken: await adaToken(db.keys[0]?.secret ?? '', { exp: nowSeconds - 3600 }) });
    expect(expired.authenticated).toBe(false);
    expect(db.tickets[1]).toMatchObject({ verification: 'TOKEN_EXPIRED', subject: 'Chat from a visitor' });
    // An anonymous visitor never lands on a verified contact, nor takes one's fields.
    expect(db.contacts.map((c) => c.verified)).toEqual([false, false]);
  });

  it('counts every start per widget, UTC day and outcome, as readiness reads them', async () => {
    const { client, db, widget, key } = setup(enforce);
    const start = (jwtAuthToken?: string) => client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken });
    await start(await adaToken(key.secret));
    await start(await adaToken(key.secret));
    await failure(start());
    await failure(start('not-a-jwt'));
    expect(db.outcomes).toEqual(
      expect.arrayContaining([
        { widgetId: widget.id, day: '2026-11-20', outcome: 'authenticated', count: 2 },
        { widgetId: widget.id, day: '2026-11-20', outcome: 'TOKEN_MISSING', count: 1 },
        { widgetId: widget.id, day: '2026-11-20', outcome: 'TOKEN_MALFORMED', count: 1 },
      ]),
    );
    expect(db.outcomes).toHaveLength(3);
  });

  it('finds a contact by unique_external_id, and drops an email another verified contact has', async () => {
    const { client, db, widget, key } = setup();
    const start = async (claims: Record<string, unknown>) =>
      client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken: await signHs256({ exp: nowSeconds + 60, ...claims }, key.secret) });
    await start({ email: 'ada@example.com' });
    const grace = await start({ unique_external_id: 'cust-1906', contactProperties: { name: 'Grace Hopper', email: 'ada@example.com' } });
    expect(grace.droppedFields).toEqual([{ entity: 'contact', name: 'email' }]);
    const again = await start({ unique_external_id: 'cust-1906', contactProperties: { email: 'grace@example.com' } });
    expect(again.contactId).toBe(grace.contactId);
    expect(db.contacts.find((c) => c.id === grace.contactId)).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com', uniqueExternalId: 'cust-1906' });
  });

  it('answers an unknown widget with NOT_FOUND and bad input with BAD_REQUEST', async () => {
    const { client, widget } = setup();
    const wrongToken = await failure(client.chat.start.mutate({ widgetId: widget.id, widgetToken: 'nope' }));
    expect(wrongToken).toMatchObject({ message: 'No widget with this id and widget token.', data: { code: 'NOT_FOUND' } });
    const bad = await failure(client.chat.start.mutate({ widgetId: widget.id, widgetToken: '' }));
    expect(bad.data.code).toBe('BAD_REQUEST');
  });

  it('accepts a retiring key during its grace window, and names a key past it as revoked', async () => {
    const { client, db, widget, key } = setup(enforce);
    Object.assign(key, { status: 'retiring', retiresAt: new Date(NOW.getTime() + 3_600_000) });
    db.keys.push({ ...key, kid: 'k_new', secret: 'a-new-secret', status: 'active', retiresAt: null });
    const start = async (secret: string) => client.chat.start.mutate({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken: await adaToken(secret) });
    expect((await start(key.secret)).authenticated).toBe(true);
    expect(key.lastUsedAt).toEqual(NOW);
    key.retiresAt = new Date(NOW.getTime() - 1000);
    const refused = await failure(start(key.secret));
    expect(refused.data.reason).toBe('KEY_UNKNOWN');
    expect(refused.data.hint).toBe(`The token was signed with revoked key ${key.kid}. Sign with the active key (kid "k_new").`);
    expect((await start('a-new-secret')).authenticated).toBe(true);
    expect(db.keys.find((k) => k.kid === 'k_new')?.lastUsedAt).toEqual(NOW);
  });
});

describe('POST /webchat/v1/sessions in the demo', () => {
  const post = (body: unknown, contentType = 'application/json') =>
    fetch('http://localhost:3000/webchat/v1/sessions', { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('answers 201 with the chat, 401 with the rejection, 404 and 400 like the server', async () => {
    const { db, widget, key, changes } = setup();
    const created = await post({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken: await adaToken(key.secret) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ authenticated: true, ticketId: db.tickets[0]?.id });
    expect(changes.count).toBe(1);

    enforce(db);
    const refused = await post({ widgetId: widget.id, widgetToken: widget.token });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: { code: 'TOKEN_MISSING', message: 'No token was sent, and this widget requires one.', hint: expect.any(String) },
    });
    expect(changes.count).toBe(2);

    const unknown = await post({ widgetId: 'nope', widgetToken: widget.token });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No widget with this id and widget token.' } });

    const bad = await post({ widgetId: widget.id });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('widgetToken'), fieldErrors: { widgetToken: expect.any(Array) } } });
    expect((await post('{not json')).status).toBe(400);
    expect((await post('{}', 'text/plain')).status).toBe(415);
    expect(changes.count).toBe(2);
    expect(db.tickets).toHaveLength(1);
  });
});

describe('the demo seed', () => {
  it('has verified and unauthenticated chats on both widgets, counted per day as readiness reads them', async () => {
    const db = createMockDb({ now: () => NOW });
    seedDemoChats(db);
    expect(db.tickets).toHaveLength(5);
    expect(new Set(db.tickets.map((t) => t.widgetId))).toEqual(new Set(db.widgets.map((w) => w.id)));
    expect(db.tickets.filter((t) => t.authenticated)).toHaveLength(3);
    expect(db.tickets.map((t) => t.verification).filter((v) => v !== 'authenticated')).toEqual(['unauthenticated', 'TOKEN_EXPIRED']);
    expect(db.contacts.filter((c) => c.verified).map((c) => [c.name, c.email, c.uniqueExternalId])).toEqual([
      ['Ada Lovelace', 'ada@example.com', null],
      ['Grace Hopper', 'grace@example.com', 'cust-1906'],
      ['Linus Torvalds', 'linus@example.com', null],
    ]);
    for (const t of db.tickets) {
      expect(t.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(t.createdAt.getTime()).toBeGreaterThan(NOW.getTime() - 6 * 86_400_000);
      const day = t.createdAt.toISOString().slice(0, 10);
      expect(db.outcomes).toContainEqual({ widgetId: t.widgetId, day, outcome: t.verification, count: 1 });
    }
    expect(db.outcomes.reduce((n, o) => n + o.count, 0)).toBe(5);
    expect(db.keys[0]?.lastUsedAt?.getTime()).toBe(NOW.getTime() - 2 * 3_600_000);

    // The seeded contacts are the ones chat start finds again.
    mockServer.use(...trpcHandlers(db));
    const client = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://localhost:3000/api/trpc' })] });
    const widget = db.widgets[1];
    const secret = db.keys[0]?.secret ?? '';
    const chat = await client.chat.start.mutate({
      widgetId: widget?.id ?? '',
      widgetToken: widget?.token ?? '',
      jwtAuthToken: await signHs256({ unique_external_id: 'cust-1906', exp: nowSeconds + 60 }, secret),
    });
    expect(db.contacts.find((c) => c.id === chat.contactId)?.name).toBe('Grace Hopper');
  });
});
