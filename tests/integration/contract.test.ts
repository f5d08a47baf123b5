import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/stores.ts';
import { codeOf, errorOf, rawCall, signIn, startTestServer, storeKinds } from '../support/server.ts';

describe.each(storeKinds)('API contract on %s', (kind) => {
  it('signs in over raw HTTP and answers with the user and a CSRF token, setting an HttpOnly SameSite cookie', async () => {
    await using server = await startTestServer(kind);
    const res = await rawCall(server.url, 'auth.login', { input: ADMIN });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      result: {
        data: {
          user: { id: expect.any(String), email: ADMIN.email, name: expect.any(String), role: 'admin' },
          csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
        },
      },
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^wca_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('gives a new session at each sign-in and keeps several sessions of one user alive at once', async () => {
    await using server = await startTestServer(kind);
    const first = await signIn(server.url);
    const second = await signIn(server.url);
    expect(first.cookie).not.toBe(second.cookie);
    expect((await first.client.auth.me.query()).user?.email).toBe(ADMIN.email);
    expect((await second.client.auth.me.query()).user?.email).toBe(ADMIN.email);
    await first.client.auth.logout.mutate();
    expect(await codeOf(first.client.auth.me.query())).toBe('UNAUTHORIZED');
    expect((await second.client.auth.me.query()).csrfToken).toBe(second.csrfToken);
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    await using server = await startTestServer(kind);
    const unknown = await rawCall(server.url, 'auth.login', { input: { email: 'nobody@acme.test', password: 'whatever-123' } });
    const wrong = await rawCall(server.url, 'auth.login', { input: { email: ADMIN.email, password: 'wrong-password-1' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
  });

  it('limits failed sign-ins per account and audits the burst', async () => {
    await using server = await startTestServer(kind);
    for (let i = 0; i < 5; i++) {
      const res = await rawCall(server.url, 'auth.login', { input: { email: ADMIN.email, password: `wrong-${i}-password` } });
      expect(res.status).toBe(401);
    }
    const blocked = await rawCall(server.url, 'auth.login', { input: ADMIN });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(JSON.stringify(blocked.json)).toContain('Too many failed sign-in attempts');
    server.clock.advance(16 * 60 * 1000);
    const admin = await signIn(server.url);
    const page = await admin.client.audit.list.query({ action: 'user.sign_in_failed_burst' });
    expect(page.items).toHaveLength(1);
    // The burst is the system's finding about the user, not something the user did.
    expect(page.items[0]).toMatchObject({ actor: { type: 'system', label: 'Sign-in protection' }, after: { email: ADMIN.email, failures: 5 } });
  });

  it('counts every sign-in of a batch against the limit, so a batch of guesses cannot slip past it', async () => {
    await using server = await startTestServer(kind);
    const guesses = Array.from({ length: 19 }, (_, i) => ({ email: ADMIN.email, password: `guess-${i}-password` }));
    const batch = [...guesses, ADMIN];
    const paths = batch.map(() => 'auth.login').join(',');
    const input = Object.fromEntries(batch.map((b, i) => [String(i), b]));
    const res = await fetch(`${server.url}/api/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const answers = (await res.json()) as { error?: { data: { code: string } }; result?: unknown }[];
    const codes = answers.map((a) => a.error?.data.code ?? 'OK');
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(5);
    expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('treats a malformed session cookie as no session', async () => {
    await using server = await startTestServer(kind);
    const res = await rawCall(server.url, 'auth.me', { method: 'GET', headers: { cookie: 'wca_session=%E0%A4%A' } });
    expect(res.status).toBe(401);
  });

  it('lists widgets, fields and settings in the shapes API clients rely on', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const widgets = await client.widgets.list.query();
    expect(widgets).toHaveLength(2);
    for (const w of widgets) {
      expect(w).toMatchObject({ id: expect.any(String), name: expect.any(String), token: expect.any(String), enforcement: 'not_enforced' });
    }
    const fields = await client.fields.list.query();
    expect(fields.ticketFields.map((f) => f.name)).toEqual(expect.arrayContaining(['priority', 'type', 'subject', 'status', 'description']));
    expect(fields.contactFields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['name', 'email', 'mobile', 'phone', 'job_title', 'address', 'state', 'pincode', 'language']),
    );
    expect(fields.ticketFields.filter((f) => f.custom).length).toBeGreaterThanOrEqual(2);
    expect(fields.contactFields.filter((f) => f.custom).length).toBeGreaterThanOrEqual(2);
    for (const f of [...fields.ticketFields, ...fields.contactFields]) {
      expect(f).toMatchObject({ name: expect.any(String), label: expect.any(String), type: expect.any(String), custom: expect.any(Boolean) });
      if (f.custom) expect(f.name.startsWith('cf_')).toBe(true);
    }
    const widgetId = widgets[0]?.id ?? '';
    const settings = await client.userAuth.get.query({ widgetId });
    expect(settings).toEqual({
      widgetId,
      enforcement: 'not_enforced',
      allowlist: { ticketFields: expect.any(Array), contactFields: expect.any(Array) },
      clockLeewaySeconds: 60,
      maxTokenLifetimeSeconds: 86400,
      version: 1,
      updatedAt: expect.any(String),
    });
    const keys = await client.signingKeys.list.query();
    expect(keys).toEqual([
      { kid: expect.any(String), status: 'active', createdAt: expect.any(String), retiresAt: null, revokedAt: null, lastUsedAt: null, last4: expect.stringMatching(/^[\w-]{4}$/) },
    ]);
  });

  it('takes queries by GET and mutations by POST in plain JSON, with ISO-8601 times', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const widgets = await rawCall(server.url, 'widgets.list', { method: 'GET', headers: { cookie: admin.cookie } });
    expect(widgets.status).toBe(200);
    const list = (widgets.json?.result as { data: { id: string }[] }).data;
    const widgetId = list[0]?.id;
    const get = await rawCall(server.url, 'userAuth.get', { method: 'GET', input: { widgetId }, headers: { cookie: admin.cookie } });
    const settings = (get.json?.result as { data: { version: number; updatedAt: string } }).data;
    expect(new Date(settings.updatedAt).toISOString()).toBe(settings.updatedAt);
    const update = await rawCall(server.url, 'userAuth.updatePolicy', {
      input: { widgetId, expectedVersion: settings.version, clockLeewaySeconds: 30 },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    });
    expect(update.status).toBe(200);
    expect((update.json?.result as { data: { clockLeewaySeconds: number; version: number } }).data).toMatchObject({
      clockLeewaySeconds: 30,
      version: settings.version + 1,
    });
  });

  it('names the bad field in a clear BAD_REQUEST and leaks no stack trace', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const [widget] = await admin.client.widgets.list.query();
    const error = await errorOf(
      admin.client.userAuth.updatePolicy.mutate({ widgetId: widget?.id ?? '', expectedVersion: 1, clockLeewaySeconds: 900 }),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('clockLeewaySeconds: Clock leeway is at most 300 seconds');
    expect((error.data as { fieldErrors?: Record<string, string[]> }).fieldErrors).toEqual({
      clockLeewaySeconds: ['Clock leeway is at most 300 seconds'],
    });
    const raw = await rawCall(server.url, 'userAuth.updatePolicy', {
      input: { widgetId: widget?.id, expectedVersion: 1, clockLeewaySeconds: 'soon' },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    });
    expect(raw.status).toBe(400);
    expect(raw.text).not.toMatch(/stack|at \w+ \(|node_modules/);
    expect((await admin.client.userAuth.get.query({ widgetId: widget?.id ?? '' })).version).toBe(1);
  });

  it('answers NOT_FOUND for a widget that is not in the account', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    expect(await codeOf(client.userAuth.get.query({ widgetId: 'no-such-widget' }))).toBe('NOT_FOUND');
  });
});
