import jwt from 'jsonwebtoken';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode } from '../../shared/base64url.ts';
import { errorOf, signIn, signInAgent, startTestServer, storeKinds, type TestServer } from '../support/server.ts';

/** The help desk's documented example payloads (SPEC §2), with `exp` to be set before signing. */
const PAYLOADS = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../shared/testdata/seed-payloads/payloads.json'), 'utf8')) as Record<
  'email_only' | 'external_id_with_properties' | 'email_with_properties',
  Record<string, unknown>
>;

/** A token no library would sign (jsonwebtoken refuses a string exp): signed by hand, as a careless integration might. */
function signRaw(claims: Record<string, unknown>, secret: string): string {
  const input = `${base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64UrlEncode(JSON.stringify(claims))}`;
  return `${input}.${base64UrlEncode(createHmac('sha256', secret).update(input).digest())}`;
}

async function setUp(server: TestServer) {
  const admin = await signIn(server.url);
  const [website] = await admin.client.widgets.list.query();
  if (!website) throw new Error('the seed has widgets');
  const [key] = await admin.client.signingKeys.list.query();
  const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: key?.kid ?? '' });
  const now = () => Math.floor(server.clock.now().getTime() / 1000);
  const sign = (claims: Record<string, unknown>, options: { key?: string | Buffer; kid?: string } = {}) =>
    jwt.sign({ exp: now() + 600, ...claims }, options.key ?? secret, { algorithm: 'HS256', ...(options.kid ? { keyid: options.kid } : {}) });
  const inspect = (token: string) => admin.client.tokens.inspect.mutate({ widgetId: website.id, token });
  const start = async (jwtAuthToken?: string) => {
    const res = await fetch(`${server.url}/webchat/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ widgetId: website.id, widgetToken: website.token, jwtAuthToken }),
    });
    return { status: res.status, body: (await res.json()) as { ticketId?: string; error?: { code: string } } };
  };
  const enforce = async () => {
    const { version } = await admin.client.userAuth.get.query({ widgetId: website.id });
    await admin.client.userAuth.enforce.mutate({ widgetId: website.id, expectedVersion: version });
  };
  return { admin, website, secret, kid: key?.kid ?? '', sign, inspect, start, enforce, now };
}

describe.each(storeKinds)('the token tester, on %s', (kind) => {
  it('passes every check of a valid token, names the key that matched, and says what chat start would do', async () => {
    await using server = await startTestServer(kind);
    const { sign, inspect, kid } = await setUp(server);
    const result = await inspect(sign({ email: 'ada@example.com', ticketProperties: { priority: 2 } }));
    expect(result).toMatchObject({ valid: true, outcome: 'authenticated', errors: [], key: { kid, status: 'active' } });
    expect(result.checks.map((c) => [c.name, c.status])).toEqual([
      ['size', 'passed'],
      ['structure', 'passed'],
      ['header', 'passed'],
      ['key', 'passed'],
      ['signature', 'passed'],
      ['expiry', 'passed'],
      ['not_before', 'passed'],
      ['identity', 'passed'],
      ['properties', 'passed'],
    ]);
    expect(result.payload).toMatchObject({ email: 'ada@example.com' });
    expect(result.header).toMatchObject({ alg: 'HS256' });
  });

  it('diagnoses the mistakes people make, each with its code and a specific hint', async () => {
    await using server = await startTestServer(kind);
    const { sign, inspect, secret, now } = await setUp(server);
    const firstFailure = async (token: string) => {
      const result = await inspect(token);
      const failed = result.checks.find((c) => c.status === 'failed');
      // The first failed check is the code chat start answers.
      expect(failed?.code).toBe(result.errors[0]?.code);
      return { ...result.errors[0], check: failed?.name, result };
    };

    const expired = await firstFailure(sign({ email: 'ada@example.com', exp: now() - 3600 }));
    expect(expired).toMatchObject({ code: 'TOKEN_EXPIRED', check: 'expiry' });
    expect(expired.hint).toContain('expired 3600 s ago');

    const skew = await firstFailure(sign({ email: 'ada@example.com', iat: now() + 400 }));
    expect(skew).toMatchObject({ code: 'TOKEN_NOT_YET_VALID' });
    expect(skew.hint).toContain('400 s in the future');

    const both = await firstFailure(sign({ email: 'ada@example.com', unique_external_id: 'u-1' }));
    expect(both).toMatchObject({ code: 'IDENTITY_CONFLICT', check: 'identity' });

    const ms = await firstFailure(sign({ email: 'ada@example.com', exp: Date.now() + 600_000 }));
    expect(ms).toMatchObject({ code: 'LIFETIME_TOO_LONG' });
    expect(ms.hint).toContain('seconds, not milliseconds');

    const stringExp = await firstFailure(signRaw({ email: 'ada@example.com', exp: String(now() + 600) }, secret));
    expect(stringExp).toMatchObject({ code: 'CLAIM_INVALID' });
    expect(stringExp.hint).toContain('without quotes');

    const numericId = await firstFailure(sign({ unique_external_id: 12345 }));
    expect(numericId).toMatchObject({ code: 'CLAIM_INVALID' });
    expect(numericId.hint).toContain('"12345"');

    const decoded = await firstFailure(sign({ email: 'ada@example.com' }, { key: Buffer.from(base64UrlDecode(secret)) }));
    expect(decoded).toMatchObject({ code: 'SIGNATURE_INVALID', check: 'signature' });
    expect(decoded.hint).toContain('not base64-decoded');
    expect(decoded.message).toContain('base64url-decoded bytes');

    const newline = await firstFailure(sign({ email: 'ada@example.com' }, { key: `${secret}\n` }));
    expect(newline).toMatchObject({ code: 'SIGNATURE_INVALID' });
    expect(newline.hint).toContain('trailing newline');

    const foreign = await firstFailure(sign({ email: 'ada@example.com' }, { key: 'another-accounts-secret', kid: 'k_elsewhere' }));
    expect(foreign).toMatchObject({ code: 'KEY_UNKNOWN', check: 'key' });
    expect(foreign.hint).toContain("another account's key");

    // The claims are still read after a bad signature: every problem at once.
    expect(newline.result.checks.find((c) => c.name === 'identity')?.status).toBe('passed');
  });

  it('warns of unknown fields with the field meant, and of a retiring key', async () => {
    await using server = await startTestServer(kind);
    const { sign, inspect, admin, secret, kid } = await setUp(server);
    const result = await inspect(sign({ email: 'ada@example.com', ticketProperties: { cf_projct: 'Alpha', language: 'en' } }));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ kind: 'unknown_field', entity: 'ticket', field: 'cf_projct', suggestion: 'cf_project', message: expect.stringContaining('did you mean cf_project?') }),
      expect.objectContaining({ kind: 'unknown_field', entity: 'ticket', field: 'language', message: expect.stringContaining('language is a contact field') }),
    ]);

    await admin.client.signingKeys.generate.mutate({ graceSeconds: 3600 });
    const retiring = await inspect(sign({ email: 'ada@example.com' }, { key: secret, kid }));
    expect(retiring).toMatchObject({ valid: true, key: { kid, status: 'retiring', retiresAt: expect.any(String) } });
    expect(retiring.warnings).toEqual([expect.objectContaining({ kind: 'retiring_key' })]);
  });

  it('never stores, audits or logs the token it checks', async () => {
    await using server = await startTestServer(kind);
    const { sign, inspect, admin } = await setUp(server);
    const before = await admin.client.audit.list.query({ limit: 100 });
    const token = sign({ email: 'secret-person@example.com' });
    await inspect(token);
    const after = await admin.client.audit.list.query({ limit: 100 });
    expect(after.items.length).toBe(before.items.length);
    const signature = token.split('.')[2] ?? '';
    expect(server.logs.some((line) => line.includes(signature) || line.includes('secret-person'))).toBe(false);
  });

  it('is for admins only', async () => {
    await using server = await startTestServer(kind);
    const { website, sign } = await setUp(server);
    const agent = await signInAgent(server.url);
    const error = await errorOf(agent.client.tokens.inspect.mutate({ widgetId: website.id, token: sign({ email: 'a@example.com' }) }));
    expect(error.data?.code).toBe('FORBIDDEN');
  });
});

describe.each(storeKinds)('test tokens and test chats, on %s', (kind) => {
  it('signs a test token with the active key that chat start accepts, audited without the token', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, kid, start, now } = await setUp(server);
    const signed = await admin.client.tokens.signTest.mutate({
      widgetId: website.id,
      payload: { email: 'grace@example.com', contactProperties: { name: 'Grace Hopper' }, ticketProperties: { priority: 4, cf_project: 'Compiler' } },
    });
    expect(signed.kid).toBe(kid);
    expect(new Date(signed.expiresAt).getTime() / 1000 - now()).toBe(600);
    const res = await start(signed.token);
    expect(res.status).toBe(201);
    const ticket = await admin.client.tickets.get.query({ id: res.body.ticketId ?? '' });
    expect(ticket).toMatchObject({ authenticated: true, priority: 4, properties: { cf_project: 'Compiler' }, contact: { email: 'grace@example.com', name: 'Grace Hopper' } });

    const [event] = (await admin.client.audit.list.query({ action: 'token.test_signed' })).items;
    expect(event).toMatchObject({ widgetId: website.id, kid, after: { identity: 'email', claims: ['email', 'contactProperties', 'ticketProperties', 'iat', 'exp'] } });
    expect(JSON.stringify(event)).not.toContain(signed.token.split('.')[2]);
    expect(JSON.stringify(event)).not.toContain('grace@example.com');
  });

  it('refuses claims that do not fit: a wrong type, an expiry beyond the policy, both identities', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, now } = await setUp(server);
    const wrong = await errorOf(admin.client.tokens.signTest.mutate({ widgetId: website.id, payload: { email: 'a@example.com', ticketProperties: { priority: 7 } } }));
    expect(wrong.data?.code).toBe('BAD_REQUEST');
    expect(wrong.message).toContain('payload.ticketProperties.priority: Priority must be an integer from 1 (low) to 4 (urgent)');
    const long = await errorOf(admin.client.tokens.signTest.mutate({ widgetId: website.id, payload: { email: 'a@example.com', exp: now() + 90_000 } }));
    expect(long.message).toContain("payload.exp: exp is at most 86400 s ahead: this widget's maximum token lifetime");
    const tooLong = await errorOf(admin.client.tokens.signTest.mutate({ widgetId: website.id, payload: { email: 'a@example.com', expiresInSeconds: 86_401 } }));
    expect(tooLong.message).toContain('payload.expiresInSeconds: exp is at most 86400 s ahead');
    const signed = await admin.client.tokens.signTest.mutate({ widgetId: website.id, payload: { email: 'a@example.com', expiresInSeconds: 86_400 } });
    expect(new Date(signed.expiresAt).getTime() / 1000 - now()).toBe(86_400);
    const both = await errorOf(admin.client.tokens.signTest.mutate({ widgetId: website.id, payload: { email: 'a@example.com', unique_external_id: 'x' } }));
    expect(both.message).toContain('Give exactly one identity');
  });

  it('starts a test chat that is marked as a test and never counts toward readiness or Recent failures', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, sign } = await setUp(server);
    const chat = await admin.client.chat.startTest.mutate({ widgetId: website.id, jwtAuthToken: sign({ unique_external_id: 'u-42' }), message: 'Testing' });
    expect(chat.authenticated).toBe(true);
    const ticket = await admin.client.tickets.get.query({ id: chat.ticketId });
    expect(ticket).toMatchObject({ test: true, authenticated: true, contact: { uniqueExternalId: 'u-42' } });
    expect((await admin.client.tickets.list.query({})).items.find((t) => t.id === chat.ticketId)?.test).toBe(true);

    await admin.client.chat.startTest.mutate({ widgetId: website.id });
    const readiness = await admin.client.readiness.get.query({ widgetId: website.id, days: 1 });
    expect(readiness.days[0]?.byOutcome).toEqual({});
    expect((await admin.client.readiness.failures.query({ widgetId: website.id })).items).toEqual([]);
    expect((await admin.client.audit.list.query({ action: 'chat.test_started' })).items).toHaveLength(2);
  });
});

describe.each(storeKinds)('recent failures and dropped fields, on %s', (kind) => {
  it('lists refused and unauthenticated chat starts, newest first, with claim names but never values', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, sign, start, now, enforce } = await setUp(server);
    await start();
    await start(sign({ email: 'hidden@example.com', exp: now() - 7200, contactProperties: { name: 'Very Secret' } }, { kid: 'k_nope' }));
    await enforce();
    await start(sign({ email: 'late@example.com', exp: now() - 7200 }));
    await server.app.flush();
    await start();

    const { items } = await admin.client.readiness.failures.query({ widgetId: website.id });
    expect(items.map((f) => [f.code, f.outcome])).toEqual([
      ['TOKEN_MISSING', 'refused'],
      ['TOKEN_EXPIRED', 'refused'],
      ['KEY_UNKNOWN', 'unauthenticated'],
      ['TOKEN_MISSING', 'unauthenticated'],
    ]);
    expect(items[2]).toMatchObject({ kid: 'k_nope', claims: ['exp', 'email', 'contactProperties', 'contactProperties.name', 'iat'], hint: expect.stringContaining('active key') });
    expect(JSON.stringify(items)).not.toContain('hidden@example.com');
    expect(JSON.stringify(items)).not.toContain('Very Secret');
  });

  it('keeps no claim value even where the verifier quotes one, and stores names no database would take', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, sign, start } = await setUp(server);
    await start(sign({ email: 'jane.doe@example' }));
    await start(sign({ unique_external_id: 90210 }));
    await start(sign({ email: 'a@example.com', 'bad\u0000claim': 1, ['lone\ud800']: 2 }, { kid: 'k_\u0000nul' }));
    await server.app.flush();
    const { items } = await admin.client.readiness.failures.query({ widgetId: website.id });
    expect(items.map((f) => f.code)).toEqual(['KEY_UNKNOWN', 'CLAIM_INVALID', 'EMAIL_INVALID']);
    expect(JSON.stringify(items)).not.toMatch(/jane\.doe|90210/);
    expect(items[0]).toMatchObject({ kid: 'k_\ufffdnul', claims: ['exp', 'email', 'bad\ufffdclaim', 'lone\ufffd', 'iat'] });
    // Nothing was held back: the next failures are written too.
    await start();
    await server.app.flush();
    expect((await admin.client.readiness.failures.query({ widgetId: website.id })).items).toHaveLength(4);
  });

  it('keeps the newest 100 per widget', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, start } = await setUp(server);
    for (let i = 0; i < 105; i++) await start();
    await server.app.flush();
    const { items } = await admin.client.readiness.failures.query({ widgetId: website.id });
    expect(items).toHaveLength(100);
  });

  it('lands the documented example payloads whole, cf_project included, and tells the agent which fields were dropped', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, sign, start } = await setUp(server);
    // Its exp is a placeholder: sign() sets one in the future.
    const example = Object.fromEntries(Object.entries(PAYLOADS.external_id_with_properties).filter(([claim]) => claim !== 'exp'));
    const res = await start(sign(example));
    expect(res.status).toBe(201);
    const ticket = await admin.client.tickets.get.query({ id: res.body.ticketId ?? '' });
    expect(ticket).toMatchObject({
      subject: 'Inquiry about product pricing',
      priority: 2,
      type: 'Question',
      properties: { cf_project: 'Project Alpha' },
      droppedFields: [],
      contact: {
        uniqueExternalId: 'user_12345',
        name: 'John Doe',
        email: 'john.doe@example.com',
        properties: { mobile: '15551234567', phone: '15559876543', job_title: 'Product Manager', address: '123 Main Street', state: 'California', pincode: '94016', language: 'en' },
      },
    });

    const dropped = await start(sign({ email: 'ada@example.com', ticketProperties: { cf_projct: 'x' } }));
    const droppedTicket = await admin.client.tickets.get.query({ id: dropped.body.ticketId ?? '' });
    expect(droppedTicket.droppedFields).toEqual([{ entity: 'ticket', name: 'cf_projct', reason: 'not_in_catalog' }]);
    const readiness = await admin.client.readiness.get.query({ widgetId: website.id, days: 1 });
    expect(readiness.days[0]).toMatchObject({ byOutcome: { authenticated: 2 }, droppedFields: 1 });
  });
});

describe.each(storeKinds)('custom fields, on %s', (kind) => {
  it('adds, relabels and archives a custom field, versioned and audited; chat start follows at once', async () => {
    await using server = await startTestServer(kind);
    const { admin, website, sign, start } = await setUp(server);
    const created = await admin.client.fields.create.mutate({ kind: 'ticket', name: 'cf_region', label: 'Region', type: 'dropdown', choices: ['EU', 'US'] });
    expect(created).toMatchObject({ kind: 'ticket', name: 'cf_region', custom: true, version: 1, archivedAt: null, choices: ['EU', 'US'] });
    const catalog = await admin.client.fields.list.query();
    expect(catalog.ticketFields.at(-1)).toMatchObject({ name: 'cf_region', label: 'Region' });

    const withRegion = await start(sign({ email: 'ada@example.com', ticketProperties: { cf_region: 'EU' } }));
    expect((await admin.client.tickets.get.query({ id: withRegion.body.ticketId ?? '' })).properties).toMatchObject({ cf_region: 'EU' });

    const relabelled = await admin.client.fields.update.mutate({ kind: 'ticket', name: 'cf_region', label: 'Sales region', expectedVersion: 1 });
    expect(relabelled).toMatchObject({ label: 'Sales region', version: 2 });
    const stale = await errorOf(admin.client.fields.update.mutate({ kind: 'ticket', name: 'cf_region', label: 'Area', expectedVersion: 1 }));
    expect(stale.data?.code).toBe('CONFLICT');

    const settings = await admin.client.userAuth.get.query({ widgetId: website.id });
    await admin.client.userAuth.updateAllowlist.mutate({
      widgetId: website.id,
      expectedVersion: settings.version,
      allowlist: { ...settings.allowlist, ticketFields: [...settings.allowlist.ticketFields, 'cf_region'] },
    });
    const archived = await admin.client.fields.archive.mutate({ kind: 'ticket', name: 'cf_region', expectedVersion: 2 });
    expect(archived.archivedAt).not.toBeNull();
    expect((await admin.client.fields.list.query()).ticketFields.map((f) => f.name)).not.toContain('cf_region');
    expect((await admin.client.fields.list.query({ includeArchived: true })).archived?.map((f) => f.name)).toEqual(['cf_region']);
    const after = await admin.client.userAuth.get.query({ widgetId: website.id });
    expect(after.allowlist.ticketFields).not.toContain('cf_region');
    expect(after.version).toBe(settings.version + 2);

    const withArchived = await start(sign({ email: 'ada@example.com', ticketProperties: { cf_region: 'EU' } }));
    expect((await admin.client.tickets.get.query({ id: withArchived.body.ticketId ?? '' })).droppedFields).toEqual([
      { entity: 'ticket', name: 'cf_region', reason: 'not_in_catalog' },
    ]);

    const actions = (await admin.client.audit.list.query({ limit: 10 })).items.map((e) => e.action);
    expect(actions.slice(0, 5)).toEqual(['user_auth.allowlist_updated', 'field.archived', 'user_auth.allowlist_updated', 'field.updated', 'field.created']);
  });

  it('refuses what is not allowed, naming the problem', async () => {
    await using server = await startTestServer(kind);
    const { admin } = await setUp(server);
    const duplicate = await errorOf(admin.client.fields.create.mutate({ kind: 'ticket', name: 'cf_project', label: 'Project', type: 'text' }));
    expect(duplicate.data).toMatchObject({ code: 'CONFLICT', fieldErrors: { name: [expect.stringContaining('cf_project already exists')] } });
    const noPrefix = await errorOf(admin.client.fields.create.mutate({ kind: 'ticket', name: 'region', label: 'Region', type: 'text' }));
    expect(noPrefix.message).toContain('name: Custom field names start with cf_');
    const noChoices = await errorOf(admin.client.fields.create.mutate({ kind: 'contact', name: 'cf_size', label: 'Size', type: 'dropdown' }));
    expect(noChoices.message).toContain('choices: A dropdown needs at least one choice');
    const builtIn = await errorOf(admin.client.fields.update.mutate({ kind: 'ticket', name: 'subject', label: 'Topic' }));
    expect(builtIn.data?.code).toBe('PRECONDITION_FAILED');
    const agent = await signInAgent(server.url);
    expect((await errorOf(agent.client.fields.create.mutate({ kind: 'ticket', name: 'cf_x', label: 'X', type: 'text' }))).data?.code).toBe('FORBIDDEN');
  });
});
