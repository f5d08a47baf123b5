import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { codeOf, createApiKey, errorOf, rawCall, signIn, signInAgent, startTestServer, storeKinds, type TestServer } from '../support/server.ts';

/** A test's view of the seed: both widgets, the key's secret, and a signer like a customer's server. */
async function setUp(server: TestServer) {
  const admin = await signIn(server.url);
  const [website, portal] = await admin.client.widgets.list.query();
  if (!website || !portal) throw new Error('the seed has two widgets');
  const [key] = await admin.client.signingKeys.list.query();
  const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: key?.kid ?? '' });
  const now = () => Math.floor(server.clock.now().getTime() / 1000);
  const sign = (claims: Record<string, unknown>, options: { secret?: string; kid?: string } = {}) =>
    jwt.sign({ exp: now() + 600, ...claims }, options.secret ?? secret, { algorithm: 'HS256', ...(options.kid ? { keyid: options.kid } : {}) });
  /** The widget's own call: the plain route, as widget.js makes it. */
  const start = async (body: Record<string, unknown>, widget = website, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/webchat/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://www.acme.example', ...headers },
      body: JSON.stringify({ widgetId: widget.id, widgetToken: widget.token, ...body }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; hint: string } } };
  };
  const enforce = async (widget = website) => {
    const { version } = await admin.client.userAuth.get.query({ widgetId: widget.id });
    await admin.client.userAuth.enforce.mutate({ widgetId: widget.id, expectedVersion: version });
  };
  return { admin, website, portal, secret, kid: key?.kid ?? '', sign, start, enforce, now };
}

describe.each(storeKinds)('chat start, on %s', (kind) => {
  it('starts an authenticated chat from a valid token: contact by email, ticket fields from the token, no tag', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, admin } = await setUp(server);
    const token = sign({
      email: 'Ada@Example.com',
      contactProperties: { name: 'Ada Lovelace', cf_customer_tier: 'Gold', language: 'en', shoe_size: 9 },
      ticketProperties: { cf_plan: 'Pro', priority: 3, cf_order_number: 'A-1001' },
    });
    const res = await start({ jwtAuthToken: token, message: 'My invoice is wrong\nIt shows twice.' });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.body).toMatchObject({ authenticated: true, droppedFields: [{ entity: 'contact', name: 'shoe_size' }] });

    const agent = await signInAgent(server.url);
    const ticket = await agent.client.tickets.get.query({ id: String(res.body.ticketId) });
    expect(ticket).toMatchObject({
      authenticated: true,
      verification: 'authenticated',
      subject: 'My invoice is wrong',
      description: 'My invoice is wrong\nIt shows twice.',
      priority: 3,
      properties: { cf_plan: 'Pro', cf_order_number: 'A-1001' },
      contact: { email: 'ada@example.com', name: 'Ada Lovelace', properties: { cf_customer_tier: 'Gold', language: 'en' } },
    });
    const list = await agent.client.tickets.list.query({ limit: 10 });
    expect(list.items.map((t) => [t.id, t.authenticated])).toEqual([[res.body.ticketId, true]]);
    expect((await admin.client.readiness.get.query({ widgetId: ticket.widget.id, days: 7 })).days.at(-1)?.byOutcome).toEqual({ authenticated: 1 });
  });

  it('not enforced: no token or a bad one starts an unauthenticated chat (tagged), and the bad token’s code is recorded', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, admin, website } = await setUp(server);
    const anonymous = await start({ message: 'hi' });
    expect(anonymous.status).toBe(201);
    expect(anonymous.body.authenticated).toBe(false);
    const expired = await start({ jwtAuthToken: sign({ email: 'a@example.com', exp: 1_000 }) });
    expect(expired.status).toBe(201);
    expect(expired.body.authenticated).toBe(false);

    const ticket = await admin.client.tickets.get.query({ id: String(expired.body.ticketId) });
    expect(ticket).toMatchObject({ authenticated: false, verification: 'TOKEN_EXPIRED', contact: { email: null, name: null } });
    const readiness = await admin.client.readiness.get.query({ widgetId: website.id, days: 7 });
    expect(readiness.days).toHaveLength(7);
    expect(readiness.days.at(-1)?.byOutcome).toEqual({ unauthenticated: 1, TOKEN_EXPIRED: 1 });
  });

  it('enforced: refuses without a valid token with the code, message and hint, and creates nothing', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, enforce, admin, secret, website } = await setUp(server);
    await enforce();
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'TOKEN_MISSING'],
      [{ jwtAuthToken: 'not.a.jwt' }, 'TOKEN_MALFORMED'],
      [{ jwtAuthToken: sign({ email: 'a@example.com', exp: 1_000 }) }, 'TOKEN_EXPIRED'],
      [{ jwtAuthToken: sign({ email: 'a@example.com' }, { secret: `${secret}x` }) }, 'SIGNATURE_INVALID'],
      [{ jwtAuthToken: sign({ unique_external_id: 42 }) }, 'CLAIM_INVALID'],
      [{ jwtAuthToken: sign({ email: 'a@example.com', exp: Date.now() + 600_000 }) }, 'LIFETIME_TOO_LONG'],
    ];
    for (const [body, code] of cases) {
      const res = await start(body);
      expect([res.status, res.body.error?.code]).toEqual([401, code]);
      expect(res.body.error?.message).toEqual(expect.any(String));
      expect(res.body.error?.hint).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toContain(secret);
    }
    const ms = await start({ jwtAuthToken: sign({ email: 'a@example.com', exp: Date.now() + 600_000 }) });
    expect(ms.body.error?.hint).toMatch(/seconds, not milliseconds/);

    // The tRPC door says the same, as UNAUTHORIZED with data.reason.
    const viaTrpc = await errorOf(admin.client.chat.start.mutate({ widgetId: website.id, widgetToken: website.token }));
    expect(viaTrpc.data).toMatchObject({ code: 'UNAUTHORIZED', reason: 'TOKEN_MISSING' });

    expect((await admin.client.tickets.list.query({ limit: 50 })).items).toEqual([]);
    const today = (await admin.client.readiness.get.query({ widgetId: website.id, days: 1 })).days[0]?.byOutcome;
    expect(today).toMatchObject({ TOKEN_MISSING: 2, TOKEN_MALFORMED: 1, TOKEN_EXPIRED: 1, SIGNATURE_INVALID: 1, CLAIM_INVALID: 1, LIFETIME_TOO_LONG: 2 });

    const ok = await start({ jwtAuthToken: sign({ unique_external_id: 'cust-1' }) });
    expect([ok.status, ok.body.authenticated]).toEqual([201, true]);
  });

  it('answers the widget’s door as a browser expects: preflight, JSON only, big tokens as TOKEN_TOO_LARGE, unknown widgets 404', async () => {
    await using server = await startTestServer(kind);
    const { start, website, enforce } = await setUp(server);
    const preflight = await fetch(`${server.url}/webchat/v1/sessions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');

    const text = await fetch(`${server.url}/webchat/v1/sessions`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);

    await enforce();
    const big = await start({ jwtAuthToken: `${'a'.repeat(9000)}.b.c` });
    expect([big.status, big.body.error?.code]).toEqual([401, 'TOKEN_TOO_LARGE']);
    const sixteen = await start({ jwtAuthToken: 'x'.repeat(16 * 1024) });
    expect([sixteen.status, sixteen.body.error?.code]).toEqual([401, 'TOKEN_TOO_LARGE']);

    const unknown = await start({}, { ...website, token: 'wrong-token' });
    expect(unknown.status).toBe(404);
    const bad = await start({ widgetToken: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('widgetToken');

    const script = await fetch(`${server.url}/webchat/js/widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('fdWidget');
  });

  it('limits chat starts per widget and address, with Retry-After', async () => {
    await using server = await startTestServer(kind, { env: { CHAT_RATE_LIMIT: '3' } });
    const { start, portal } = await setUp(server);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await start({})).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await start({});
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another widget has its own allowance.
    expect((await start({}, portal)).status).toBe(201);
  });

  it('after a rotation with grace, old-key tokens work until the old key is revoked', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, enforce, admin, kid } = await setUp(server);
    await enforce();
    const oldToken = sign({ email: 'ada@example.com' });
    const oldWithKid = sign({ email: 'ada@example.com' }, { kid });
    const fresh = await admin.client.signingKeys.generate.mutate({ graceSeconds: 3600 });
    const { secret: newSecret } = await admin.client.signingKeys.reveal.mutate({ kid: fresh.kid });
    expect((await start({ jwtAuthToken: oldToken })).status).toBe(201);
    expect((await start({ jwtAuthToken: oldWithKid })).status).toBe(201);
    expect((await start({ jwtAuthToken: sign({ email: 'ada@example.com' }, { secret: newSecret }) })).status).toBe(201);

    await admin.client.signingKeys.revoke.mutate({ kid });
    const refused = await start({ jwtAuthToken: oldToken });
    expect([refused.status, refused.body.error?.code]).toEqual([401, 'KEY_UNKNOWN']);
    expect(refused.body.error?.hint).toContain(kid);
    expect((await start({ jwtAuthToken: oldWithKid })).body.error?.code).toBe('KEY_UNKNOWN');
    expect((await start({ jwtAuthToken: sign({ email: 'ada@example.com' }, { secret: newSecret, kid: fresh.kid }) })).status).toBe(201);
  });

  it('the grace window ends by itself: an old-key token is refused once retiresAt has passed', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, enforce, admin } = await setUp(server);
    await enforce();
    await admin.client.signingKeys.generate.mutate({ graceSeconds: 3600 });
    server.clock.advance(3601 * 1000);
    const token = sign({ email: 'ada@example.com' });
    expect((await start({ jwtAuthToken: token })).body.error?.code).toBe('KEY_UNKNOWN');
  });

  it('records when a key was last used, without a write per chat', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, admin, kid } = await setUp(server);
    expect((await admin.client.signingKeys.list.query()).find((k) => k.kid === kid)?.lastUsedAt).toBeNull();
    await start({ jwtAuthToken: sign({ email: 'ada@example.com' }) });
    await start({ jwtAuthToken: sign({ email: 'ada@example.com' }) });
    await server.restart(); // closing writes what is pending
    const again = await signIn(server.url);
    expect((await again.client.signingKeys.list.query()).find((k) => k.kid === kid)?.lastUsedAt).toEqual(expect.any(String));
  });
});

describe.each(storeKinds)('contacts and fields, on %s', (kind) => {
  it('reuses a contact found by email or by unique_external_id, updating it from the token', async () => {
    await using server = await startTestServer(kind);
    const { sign, start } = await setUp(server);
    const first = await start({ jwtAuthToken: sign({ email: 'ada@example.com', contactProperties: { name: 'Ada' } }) });
    const second = await start({ jwtAuthToken: sign({ email: 'ADA@example.com', contactProperties: { name: 'Ada Lovelace', language: 'en' } }) });
    expect(second.body.contactId).toBe(first.body.contactId);
    const byId1 = await start({ jwtAuthToken: sign({ unique_external_id: 'cust-7', contactProperties: { name: 'Grace' } }) });
    const byId2 = await start({ jwtAuthToken: sign({ unique_external_id: 'cust-7' }) });
    expect(byId2.body.contactId).toBe(byId1.body.contactId);
    expect(byId1.body.contactId).not.toBe(first.body.contactId);

    const admin = await signIn(server.url);
    const ticket = await admin.client.tickets.get.query({ id: String(second.body.ticketId) });
    expect(ticket.contact).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', properties: { language: 'en' } });
  });

  it('does not give a contact an email another contact already has', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, admin } = await setUp(server);
    await start({ jwtAuthToken: sign({ email: 'taken@example.com' }) });
    const res = await start({ jwtAuthToken: sign({ unique_external_id: 'cust-9', contactProperties: { email: 'taken@example.com', name: 'Nine' } }) });
    expect(res.status).toBe(201);
    expect(res.body.droppedFields).toContainEqual({ entity: 'contact', name: 'email', reason: 'email_in_use' });
    const ticket = await admin.client.tickets.get.query({ id: String(res.body.ticketId) });
    expect(ticket.contact).toMatchObject({ uniqueExternalId: 'cust-9', email: null, name: 'Nine' });
  });

  it('an anonymous visitor who types a known contact’s email stays on their own contact; the agent is warned of the claim', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, admin } = await setUp(server);
    const known = await start({ jwtAuthToken: sign({ email: 'ada@example.com', contactProperties: { name: 'Ada' } }) });
    await admin.client.userAuth.updateAllowlist.mutate({
      widgetId: (await admin.client.widgets.list.query())[0]?.id ?? '',
      expectedVersion: 1,
      allowlist: { ticketFields: ['subject'], contactFields: ['name', 'email'] },
    });
    const visitor = await start({ message: 'hello' });
    const asVisitor = (contactFields: Record<string, unknown>) =>
      admin.client.chat.updateFields.mutate({ sessionId: String(visitor.body.sessionId), sessionSecret: String(visitor.body.sessionSecret), contactFields });
    const update = await asVisitor({ email: 'ADA@example.com', name: 'Not Ada' });
    // The visitor learns nothing about who owns the email: the answer any email gets.
    expect(update).toEqual({ applied: { contactFields: ['email', 'name'], ticketFields: [] }, refused: [], mergedIntoContactId: null });
    const ticket = await admin.client.tickets.get.query({ id: String(visitor.body.ticketId) });
    // Not attached to the known contact: the agent sees an unverified contact claiming the email.
    expect(ticket.contact.id).not.toBe(known.body.contactId);
    expect(ticket).toMatchObject({
      authenticated: false,
      contact: { verified: false, email: 'ada@example.com', name: 'Not Ada', provenance: { email: { source: 'visitor' }, name: { source: 'visitor' } } },
      claimedEmail: { email: 'ada@example.com', verifiedContactId: known.body.contactId },
    });
    // The known contact and its tickets are untouched.
    const after = await admin.client.tickets.get.query({ id: String(known.body.ticketId) });
    expect(after.contact).toMatchObject({ id: known.body.contactId, name: 'Ada', email: 'ada@example.com', verified: true });
    expect(after.claimedEmail).toBeNull();
  });

  it('an email an anonymous visitor typed is not an identity: its owner signing in later gets their own verified contact', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, admin } = await setUp(server);
    const squatter = await start({});
    await admin.client.chat.updateFields.mutate({
      sessionId: String(squatter.body.sessionId),
      sessionSecret: String(squatter.body.sessionSecret),
      contactFields: { email: 'future@example.com', name: 'Squatter' },
    });
    const owner = await start({ jwtAuthToken: sign({ email: 'future@example.com', contactProperties: { name: 'Owner' } }) });
    expect(owner.body.contactId).not.toBe(squatter.body.contactId);
    await admin.client.chat.updateFields.mutate({ sessionId: String(squatter.body.sessionId), sessionSecret: String(squatter.body.sessionSecret), contactFields: { name: 'Still me' } });
    const ownerTicket = await admin.client.tickets.get.query({ id: String(owner.body.ticketId) });
    expect(ownerTicket.contact).toMatchObject({ name: 'Owner', email: 'future@example.com' });
  });

  it('refuses field changes from an unauthenticated chat once the widget enforces sign-in, and from a cookie without its CSRF token', async () => {
    await using server = await startTestServer(kind);
    const { start, enforce, admin } = await setUp(server);
    const visitor = await start({});
    await enforce();
    const sessionId = String(visitor.body.sessionId);
    expect(await codeOf(admin.client.chat.updateFields.mutate({ sessionId, sessionSecret: String(visitor.body.sessionSecret), ticketFields: { subject: 'x' } }))).toBe('FORBIDDEN');
    const noCsrf = await rawCall(server.url, 'chat.updateFields', { input: { sessionId, actor: 'ai_agent', ticketFields: { priority: 2 } }, headers: { cookie: admin.cookie } });
    expect(noCsrf.status).toBe(403);
  });

  it('refuses a NUL character with a clear 400, and logs no visitor data', async () => {
    await using server = await startTestServer(kind);
    const { start } = await setUp(server);
    const res = await start({ message: 'hello\u0000world' });
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toContain('NUL');
    expect(server.logs.join('\n')).not.toContain('hello');
  });

  it('never merges two existing contacts', async () => {
    await using server = await startTestServer(kind);
    const { sign, start } = await setUp(server);
    const apiKey = await createApiKey(server.url);
    await start({ jwtAuthToken: sign({ email: 'b@example.com' }) });
    const a = await start({ jwtAuthToken: sign({ unique_external_id: 'cust-a' }) });
    const update = await apiKey.client.chat.updateFields.mutate({ sessionId: String(a.body.sessionId), actor: 'ai_agent', contactFields: { email: 'b@example.com' } });
    expect(update.mergedIntoContactId).toBeNull();
    expect(update.refused).toEqual([{ entity: 'contact', name: 'email', reason: 'another contact already has this email' }]);
  });

  it('holds unauthenticated visitors to the allowlist field by field; AI agents are exempt; verified visitors keep their identity', async () => {
    await using server = await startTestServer(kind);
    const { sign, start, admin } = await setUp(server);
    const visitor = await start({});
    const call = (body: Record<string, unknown>) =>
      admin.client.chat.updateFields.mutate({ sessionId: String(visitor.body.sessionId), sessionSecret: String(visitor.body.sessionSecret), ...body });
    // The seed's allowlist: subject, description; name, email.
    const result = await call({ ticketFields: { subject: 'Refund', priority: 4 }, contactFields: { name: 'Vee', cf_customer_tier: 'Gold', nope: 1 } });
    expect(result.applied).toEqual({ ticketFields: ['subject'], contactFields: ['name'] });
    expect(result.refused).toEqual([
      { entity: 'ticket', name: 'priority', reason: 'not editable by unauthenticated visitors on this widget' },
      { entity: 'contact', name: 'cf_customer_tier', reason: 'not editable by unauthenticated visitors on this widget' },
      { entity: 'contact', name: 'nope', reason: 'unknown field' },
    ]);
    expect(await codeOf(call({ sessionSecret: 'wrong', ticketFields: { subject: 'x' } }))).toBe('UNAUTHORIZED');

    const bot = await admin.client.chat.updateFields.mutate({ sessionId: String(visitor.body.sessionId), actor: 'ai_agent', ticketFields: { priority: 4, cf_plan: 'Pro' } });
    expect(bot.applied.ticketFields).toEqual(['priority', 'cf_plan']);
    expect(await codeOf(signInAgent(server.url).then((a) => a.client.chat.updateFields.mutate({ sessionId: String(visitor.body.sessionId), actor: 'ai_agent', ticketFields: { priority: 1 } })))).toBe('FORBIDDEN');

    const verified = await start({ jwtAuthToken: sign({ email: 'v@example.com' }) });
    const own = await admin.client.chat.updateFields.mutate({
      sessionId: String(verified.body.sessionId),
      sessionSecret: String(verified.body.sessionSecret),
      ticketFields: { priority: 2 },
      contactFields: { email: 'other@example.com', language: 'fr' },
    });
    expect(own.applied).toEqual({ ticketFields: ['priority'], contactFields: ['language'] });
    expect(own.refused).toEqual([{ entity: 'contact', name: 'email', reason: 'the email of a verified visitor comes from their token' }]);

    const ticket = await admin.client.tickets.get.query({ id: String(visitor.body.ticketId) });
    expect(ticket).toMatchObject({ subject: 'Refund', priority: 4, properties: { cf_plan: 'Pro' }, contact: { name: 'Vee' } });
  });
});
