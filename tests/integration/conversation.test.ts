import jwt from 'jsonwebtoken';
import { describe, expect, inject, it } from 'vitest';
import type { ChatMessage, SessionUpdatesOutput } from '../../shared/schemas/conversation.ts';
import { SEED_USER_NAMES } from '../../shared/seed.ts';
import { createApiKey, errorOf, signIn, signInAgent, startTestServer, storeKinds, type TestServer } from '../support/server.ts';
import { startInstances, type ServerProcess } from '../support/server-process.ts';

type Body = Record<string, unknown> & { error?: { code: string; message: string } };
interface Started {
  sessionId: string;
  sessionSecret: string;
  ticketId: string;
  contactId: string;
  authenticated: boolean;
  message: { id: string; seq: number } | null;
}

/** The widget's calls, over plain HTTP as widget.js makes them. */
function widgetClient(url: string, widget: { id: string; token: string }) {
  const post = async (route: string, body: Record<string, unknown>) => {
    const res = await fetch(`${url}/webchat/v1/sessions${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://www.acme.example' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Body };
  };
  return {
    post,
    async start(body: Record<string, unknown> = {}): Promise<Started> {
      const res = await post('', { widgetId: widget.id, widgetToken: widget.token, ...body });
      if (res.status !== 201) throw new Error(`chat start answered ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as unknown as Started;
    },
    send: (s: Started, text: string, jwtAuthToken?: string) =>
      post(`/${s.sessionId}/messages`, { sessionSecret: s.sessionSecret, text, ...(jwtAuthToken ? { jwtAuthToken } : {}) }),
    updates: async (s: Started, after = 0, waitSeconds = 0) => {
      const res = await post(`/${s.sessionId}/updates`, { sessionSecret: s.sessionSecret, after, waitSeconds });
      return res as { status: number; body: Body & SessionUpdatesOutput };
    },
    resume: (s: Started, jwtAuthToken?: string) => post(`/${s.sessionId}/resume`, { sessionSecret: s.sessionSecret, ...(jwtAuthToken ? { jwtAuthToken } : {}) }),
    end: (s: Started) => post(`/${s.sessionId}/end`, { sessionSecret: s.sessionSecret }),
  };
}

async function setUp(server: TestServer) {
  const admin = await signIn(server.url);
  const [website] = await admin.client.widgets.list.query();
  if (!website) throw new Error('the seed has a widget');
  const [key] = await admin.client.signingKeys.list.query();
  const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: key?.kid ?? '' });
  const now = () => Math.floor(server.clock.now().getTime() / 1000);
  const sign = (claims: Record<string, unknown>, lifetime = 600) => jwt.sign({ exp: now() + lifetime, ...claims }, secret, { algorithm: 'HS256' });
  const settings = await admin.client.userAuth.get.query({ widgetId: website.id });
  const enforce = async () => {
    const { version } = await admin.client.userAuth.get.query({ widgetId: website.id });
    await admin.client.userAuth.enforce.mutate({ widgetId: website.id, expectedVersion: version });
  };
  return { admin, website, sign, enforce, leeway: settings.clockLeewaySeconds, widget: widgetClient(server.url, website) };
}

const texts = (messages: ChatMessage[]) => messages.map((m) => [m.author, m.text, m.authenticated]);

describe.each(storeKinds)('the widget session, on %s', (kind) => {
  it('carries a conversation both ways: visitor messages, agent replies seen live, in order, each with its verification', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget } = await setUp(server);
    const chat = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com', contactProperties: { name: 'Ada' } }), message: 'My invoice is wrong' });
    expect(chat.message).toMatchObject({ id: expect.any(String), seq: expect.any(Number) });

    const second = await widget.send(chat, 'It shows twice');
    expect(second).toMatchObject({ status: 201, body: { authenticated: true, messageId: expect.any(String), seq: expect.any(Number) } });

    // A poll waits for the agent's reply and answers as soon as it is written.
    const agent = await signInAgent(server.url);
    const seq = Number(second.body.seq);
    const waiting = widget.updates(chat, seq, 20);
    await new Promise((r) => setTimeout(r, 200));
    const sentAt = Date.now();
    const { message: reply } = await agent.client.tickets.reply.mutate({ ticketId: chat.ticketId, text: 'Sorry! Refunding one now.' });
    const heard = await waiting;
    expect(Date.now() - sentAt).toBeLessThan(2000);
    expect(heard.status).toBe(200);
    expect(heard.body).toMatchObject({ state: 'open', endedReason: null, authenticated: true });
    expect(heard.body.messages).toEqual([reply]);
    expect(reply).toMatchObject({ author: 'agent', authorName: SEED_USER_NAMES.agent, authenticated: true });

    await widget.send(chat, 'Thanks');
    await agent.client.tickets.reply.mutate({ ticketId: chat.ticketId, text: 'Anything else?' });
    const all = await widget.updates(chat);
    const expected = [
      ['visitor', 'My invoice is wrong', true],
      ['visitor', 'It shows twice', true],
      ['agent', 'Sorry! Refunding one now.', true],
      ['visitor', 'Thanks', true],
      ['agent', 'Anything else?', true],
    ];
    expect(texts(all.body.messages)).toEqual(expected);
    const seqs = all.body.messages.map((m) => m.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    // The agent sees the same conversation on the ticket.
    const ticket = await agent.client.tickets.get.query({ id: chat.ticketId });
    expect(texts(ticket.messages)).toEqual(expected);
    expect(ticket.session).toMatchObject({ id: chat.sessionId, state: 'open', endedReason: null });
  });

  it('a token expiring mid-conversation and renewed by the page: nothing lost, nothing duplicated', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, leeway } = await setUp(server);
    const chat = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }, 60), message: 'Hello' });
    expect((await widget.send(chat, 'Still me')).body.authenticated).toBe(true);

    server.clock.advance((60 + leeway + 1) * 1000);
    expect((await widget.updates(chat)).body.authenticated).toBe(false);
    // The page's onAuthTokenExpiring answered: the message goes with the fresh token.
    const renewed = await widget.send(chat, 'After renewal', sign({ email: 'ADA@example.com' }, 60));
    expect(renewed).toMatchObject({ status: 201, body: { authenticated: true } });
    // The fresh token now carries the session: later messages need no token.
    expect((await widget.send(chat, 'And again')).body.authenticated).toBe(true);

    const { body } = await widget.updates(chat);
    expect(texts(body.messages)).toEqual([
      ['visitor', 'Hello', true],
      ['visitor', 'Still me', true],
      ['visitor', 'After renewal', true],
      ['visitor', 'And again', true],
    ]);
  });

  it('not enforced: once the token has expired and none came, messages are kept but marked unverified', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, leeway, admin } = await setUp(server);
    const chat = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }, 60), message: 'Hello' });
    server.clock.advance((60 + leeway + 1) * 1000);
    expect(await widget.send(chat, 'No token now')).toMatchObject({ status: 201, body: { authenticated: false } });
    const ticket = await admin.client.tickets.get.query({ id: chat.ticketId });
    expect(texts(ticket.messages)).toEqual([
      ['visitor', 'Hello', true],
      ['visitor', 'No token now', false],
    ]);
  });

  it('enforced: without a renewal the message is refused TOKEN_EXPIRED and nothing is stored; with one it goes through', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, leeway, admin, enforce } = await setUp(server);
    await enforce();
    const chat = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }, 60), message: 'Hello' });
    server.clock.advance((60 + leeway + 1) * 1000);
    const refused = await widget.send(chat, 'Waiting for a token');
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'TOKEN_EXPIRED' } } });
    const badToken = await widget.send(chat, 'Waiting for a token', jwt.sign({ email: 'ada@example.com', exp: 1 }, 'not-the-secret', { algorithm: 'HS256' }));
    expect(badToken).toMatchObject({ status: 401, body: { error: { code: 'SIGNATURE_INVALID' } } });
    expect(texts((await admin.client.tickets.get.query({ id: chat.ticketId })).messages)).toEqual([['visitor', 'Hello', true]]);

    expect(await widget.send(chat, 'Waiting for a token', sign({ email: 'ada@example.com' }))).toMatchObject({ status: 201, body: { authenticated: true } });
    expect(texts((await admin.client.tickets.get.query({ id: chat.ticketId })).messages)).toEqual([
      ['visitor', 'Hello', true],
      ['visitor', 'Waiting for a token', true],
    ]);
  });

  it('a token for someone else never joins the open conversation: refused, and a new chat starts apart', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, admin } = await setUp(server);
    const ada = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }), message: 'I am Ada' });
    const grace = sign({ unique_external_id: 'cust-1906' });
    expect(await widget.send(ada, 'I am Grace', grace)).toMatchObject({ status: 401, body: { error: { code: 'IDENTITY_MISMATCH' } } });
    expect(await widget.resume(ada, grace)).toMatchObject({ status: 401, body: { error: { code: 'IDENTITY_MISMATCH' } } });
    // A page without a token (signed out) cannot pick up a signed-in conversation either.
    expect(await widget.resume(ada)).toMatchObject({ status: 401, body: { error: { code: 'IDENTITY_MISMATCH' } } });
    // The same person, after a reload, gets the whole conversation back.
    const resumed = await widget.resume(ada, sign({ email: 'ada@example.com' }));
    expect(resumed.status).toBe(200);
    expect(texts((resumed.body as unknown as SessionUpdatesOutput).messages)).toEqual([['visitor', 'I am Ada', true]]);

    const graceChat = await widget.start({ jwtAuthToken: grace, message: 'I am Grace' });
    expect(graceChat.ticketId).not.toBe(ada.ticketId);
    expect(graceChat.contactId).not.toBe(ada.contactId);
    expect(texts((await admin.client.tickets.get.query({ id: ada.ticketId })).messages)).toEqual([['visitor', 'I am Ada', true]]);
    expect(texts((await admin.client.tickets.get.query({ id: graceChat.ticketId })).messages)).toEqual([['visitor', 'I am Grace', true]]);
  });

  it('ends: the visitor’s end is final, a wrong secret proves nothing, and the agent can no longer reply', async () => {
    await using server = await startTestServer(kind);
    const { widget, admin } = await setUp(server);
    const chat = await widget.start({ message: 'hi' });
    const wrong = { ...chat, sessionSecret: 'x'.repeat(43) };
    expect(await widget.send(wrong, 'guess')).toMatchObject({ status: 401, body: { error: { code: 'SESSION_INVALID' } } });
    expect(await widget.send({ ...chat, sessionId: 'no-such-session' }, 'guess')).toMatchObject({ status: 401, body: { error: { code: 'SESSION_INVALID' } } });
    expect((await widget.updates(wrong)).status).toBe(401);

    expect((await widget.end(chat)).status).toBe(204);
    expect((await widget.end(chat)).status).toBe(204);
    expect(await widget.send(chat, 'hello?')).toMatchObject({ status: 401, body: { error: { code: 'SESSION_ENDED' } } });
    expect((await widget.updates(chat)).body).toMatchObject({ state: 'ended', endedReason: 'ended' });
    const error = await errorOf(admin.client.tickets.reply.mutate({ ticketId: chat.ticketId, text: 'Still there?' }));
    expect(error.data?.code).toBe('PRECONDITION_FAILED');
    expect((await admin.client.tickets.get.query({ id: chat.ticketId })).session).toMatchObject({ state: 'ended', endedReason: 'ended' });
  });

  it('signs a person out of every open chat from the server: audited, polls told at once, admins and API keys only', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, admin } = await setUp(server);
    const first = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }), message: 'tab one' });
    const second = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }), message: 'tab two' });
    const other = await widget.start({ jwtAuthToken: sign({ unique_external_id: 'cust-1906' }), message: 'Grace' });

    const agent = await signInAgent(server.url);
    expect((await errorOf(agent.client.sessions.revokeForIdentity.mutate({ email: 'ada@example.com' }))).data?.code).toBe('FORBIDDEN');
    const bad = await errorOf(admin.client.sessions.revokeForIdentity.mutate({ email: 'not an email' }));
    expect(bad.data?.code).toBe('BAD_REQUEST');

    const waiting = widget.updates(first, first.message?.seq ?? 0, 20);
    await new Promise((r) => setTimeout(r, 200));
    expect(await admin.client.sessions.revokeForIdentity.mutate({ email: 'ADA@example.com' })).toEqual({ revoked: 2 });
    expect((await waiting).body).toMatchObject({ state: 'ended', endedReason: 'revoked', messages: [] });
    expect(await widget.send(second, 'still here?')).toMatchObject({ status: 401, body: { error: { code: 'SESSION_ENDED' } } });
    expect(await widget.send(other, 'unaffected')).toMatchObject({ status: 201 });
    expect((await admin.client.tickets.get.query({ id: first.ticketId })).session).toMatchObject({ state: 'ended', endedReason: 'revoked' });

    const [event] = (await admin.client.audit.list.query({ action: 'sessions.revoked' })).items;
    expect(event).toMatchObject({ actor: { label: 'admin@acme.test' }, after: { email: 'ada@example.com', revoked: 2 } });

    const api = await createApiKey(server.url);
    expect(await api.client.sessions.revokeForIdentity.mutate({ unique_external_id: 'cust-1906' })).toEqual({ revoked: 1 });
    expect(await api.client.sessions.revokeForIdentity.mutate({ unique_external_id: 'cust-1906' })).toEqual({ revoked: 0 });
  });

  it('limits messages per session (429) and stores none over the limit', async () => {
    await using server = await startTestServer(kind, { env: { CHAT_RATE_LIMIT: '3' } });
    const { widget, admin } = await setUp(server);
    const chat = await widget.start({ message: 'hi' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await widget.send(chat, `message ${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await admin.client.tickets.get.query({ id: chat.ticketId })).messages).toHaveLength(4);
    // Another session has its own allowance.
    const other = await widget.start({ message: 'hello' });
    expect((await widget.send(other, 'mine')).status).toBe(201);
  });

  it('fields follow the token too: once it has expired the allowlist applies, and an ended chat changes nothing', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, leeway, admin, enforce } = await setUp(server);
    const chat = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }, 60), message: 'Hello' });
    const update = (ticketFields: Record<string, unknown>) =>
      admin.client.chat.updateFields.mutate({ sessionId: chat.sessionId, sessionSecret: chat.sessionSecret, ticketFields });
    expect((await update({ cf_plan: 'Pro' })).applied.ticketFields).toEqual(['cf_plan']);

    server.clock.advance((60 + leeway + 1) * 1000);
    const expired = await update({ cf_plan: 'Free', subject: 'Still here' });
    expect(expired.applied.ticketFields).toEqual(['subject']);
    expect(expired.refused).toEqual([{ entity: 'ticket', name: 'cf_plan', reason: 'not editable by unauthenticated visitors on this widget' }]);
    await enforce();
    expect((await errorOf(update({ subject: 'Again' }))).data?.code).toBe('FORBIDDEN');

    const other = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }) });
    await widget.end(other);
    const ended = await errorOf(admin.client.chat.updateFields.mutate({ sessionId: other.sessionId, sessionSecret: other.sessionSecret, ticketFields: { subject: 'x' } }));
    expect(ended.data?.code).toBe('UNAUTHORIZED');
  });

  it('shows the conversation to its own person only: not after the end, not after a sign-out, not once an enforced token ran out', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, leeway, admin, enforce } = await setUp(server);
    // An anonymous chat resumes without a token.
    const anonymous = await widget.start({ message: 'anonymous hello' });
    expect(await widget.resume(anonymous)).toMatchObject({ status: 200, body: { state: 'open', messages: [{ text: 'anonymous hello' }] } });
    await widget.end(anonymous);
    expect((await widget.updates(anonymous, 0)).body).toEqual({ state: 'ended', endedReason: 'ended', authenticated: false, messages: [] });

    const ada = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }), message: 'private' });
    await admin.client.sessions.revokeForIdentity.mutate({ email: 'ada@example.com' });
    expect((await widget.updates(ada, 0)).body).toMatchObject({ state: 'ended', endedReason: 'revoked', messages: [] });

    await enforce();
    const grace = await widget.start({ jwtAuthToken: sign({ unique_external_id: 'cust-1906' }, 60), message: 'mine' });
    server.clock.advance((60 + leeway + 1) * 1000);
    expect(await widget.updates(grace, 0)).toMatchObject({ status: 401, body: { error: { code: 'TOKEN_EXPIRED' } } });
    // The page's renewal, handed over by resume, opens it again.
    expect((await widget.resume(grace, sign({ unique_external_id: 'cust-1906' }))).status).toBe(200);
    expect(await widget.updates(grace, 0)).toMatchObject({ status: 200, body: { authenticated: true, messages: [{ text: 'mine' }] } });
  });

  it('signs out by email also the person who signed in by unique_external_id with that email', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, admin } = await setUp(server);
    const chat = await widget.start({ jwtAuthToken: sign({ unique_external_id: 'cust-7', contactProperties: { email: 'jo@example.com' } }), message: 'hi' });
    // An anonymous visitor who merely typed the email is not that person.
    const typed = await widget.start({ message: 'I am Jo, honest' });
    await admin.client.chat.updateFields.mutate({ sessionId: typed.sessionId, sessionSecret: typed.sessionSecret, contactFields: { email: 'jo@example.com' } });
    expect(await admin.client.sessions.revokeForIdentity.mutate({ email: 'jo@example.com' })).toEqual({ revoked: 1 });
    expect((await widget.updates(chat)).body).toMatchObject({ state: 'ended', endedReason: 'revoked' });
    expect((await widget.updates(typed)).body).toMatchObject({ state: 'open' });
  });

  it('refuses text the store cannot keep in fields and messages, naming it, never a 500', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, admin } = await setUp(server);
    const chat = await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com' }), message: 'hi' });
    const update = await admin.client.chat.updateFields.mutate({ sessionId: chat.sessionId, sessionSecret: chat.sessionSecret, ticketFields: { cf_order_number: 'A-\ud800' } });
    expect(update.refused).toEqual([{ entity: 'ticket', name: 'cf_order_number', reason: 'must be text without NUL characters or unpaired surrogates' }]);
    expect(await widget.send(chat, 'lone \udfff')).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(server.logs.filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('a session keeps a bounded number of waiting polls: the oldest answers when one too many waits, the rest hear the reply', async () => {
    await using server = await startTestServer(kind);
    const { widget, admin } = await setUp(server);
    const chat = await widget.start({ message: 'hi' });
    const after = chat.message?.seq ?? 0;
    const first = widget.updates(chat, after, 20);
    await new Promise((r) => setTimeout(r, 200));
    const others = Array.from({ length: 8 }, () => widget.updates(chat, after, 20));
    // The ninth poll takes the first one's place: it answers with nothing new, and does not wait again.
    expect(await first).toMatchObject({ status: 200, body: { state: 'open', messages: [] } });
    await new Promise((r) => setTimeout(r, 200));
    await admin.client.tickets.reply.mutate({ ticketId: chat.ticketId, text: 'Hello all tabs' });
    for (const poll of await Promise.all(others)) expect(poll.body.messages.map((m) => m.text)).toEqual(['Hello all tabs']);
  });

  it('a shutdown answers the waiting polls at once instead of holding them', async () => {
    await using server = await startTestServer(kind);
    const { widget } = await setUp(server);
    const chat = await widget.start({ message: 'hi' });
    const waiting = widget.updates(chat, chat.message?.seq ?? 0, 20);
    await new Promise((r) => setTimeout(r, 200));
    const closing = server.app.close();
    // Answered, not cut off when the drain gives up (that would be a network error here).
    expect(await waiting).toMatchObject({ status: 200, body: { state: 'open', messages: [] } });
    await closing;
  });

  it('tells the agent where each value came from: the token (verified) or the visitor (typed), with when', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, admin } = await setUp(server);
    const chat = await widget.start({
      jwtAuthToken: sign({ unique_external_id: 'cust-1906', contactProperties: { name: 'Grace', email: 'grace@example.com', cf_customer_tier: 'Gold' }, ticketProperties: { cf_plan: 'Pro' } }),
      message: 'hello',
    });
    const setAt = server.clock.now().toISOString();
    const ticket = await admin.client.tickets.get.query({ id: chat.ticketId });
    expect(ticket.contact).toMatchObject({
      verified: true,
      provenance: {
        unique_external_id: { source: 'token', setAt },
        name: { source: 'token', setAt },
        email: { source: 'token', setAt },
        cf_customer_tier: { source: 'token', setAt },
      },
    });
    expect(ticket.provenance).toEqual({ cf_plan: { source: 'token', setAt } });

    server.clock.advance(5000);
    // A signed-in visitor may fill in the rest; what they type is theirs, not the token's.
    await admin.client.chat.updateFields.mutate({ sessionId: chat.sessionId, sessionSecret: chat.sessionSecret, contactFields: { language: 'de' }, ticketFields: { subject: 'Refund' } });
    const typedAt = server.clock.now().toISOString();
    const after = await admin.client.tickets.get.query({ id: chat.ticketId });
    expect(after.contact.provenance).toMatchObject({ name: { source: 'token', setAt }, language: { source: 'visitor', setAt: typedAt } });
    expect(after.provenance).toEqual({ cf_plan: { source: 'token', setAt }, subject: { source: 'visitor', setAt: typedAt } });
  });

  it('gives an anonymous visitor the same answer for a customer’s email as for an unknown one', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, admin } = await setUp(server);
    await widget.start({ jwtAuthToken: sign({ email: 'ada@example.com', contactProperties: { name: 'Ada' } }), message: 'hi' });
    const probe = async (email: string) => {
      const chat = await widget.start({ message: 'hello' });
      return admin.client.chat.updateFields.mutate({ sessionId: chat.sessionId, sessionSecret: chat.sessionSecret, contactFields: { email, name: 'Probe' } });
    };
    const known = await probe('ada@example.com');
    const unknown = await probe('nobody@example.com');
    expect(known).toEqual(unknown);
    expect(known).toEqual({ applied: { contactFields: ['email', 'name'], ticketFields: [] }, refused: [], mergedIntoContactId: null });
  });

  it('refuses claims no database keeps as they are: NUL and unpaired surrogates are CLAIM_INVALID, U+FFFD is its own person', async () => {
    await using server = await startTestServer(kind);
    const { sign, widget, enforce, admin } = await setUp(server);
    await enforce();
    for (const id of ['victim-\u0000', 'victim-\ud800', 'victim-\udfff']) {
      const res = await widget.post('', { widgetId: (await admin.client.widgets.list.query())[0]?.id, widgetToken: (await admin.client.widgets.list.query())[0]?.token, jwtAuthToken: sign({ unique_external_id: id }) });
      expect(res).toMatchObject({ status: 401, body: { error: { code: 'CLAIM_INVALID' } } });
    }
    const replacement = await widget.start({ jwtAuthToken: sign({ unique_external_id: 'victim-\ufffd' }) });
    const plain = await widget.start({ jwtAuthToken: sign({ unique_external_id: 'victim-' }) });
    expect(replacement.contactId).not.toBe(plain.contactId);
    expect((await admin.client.tickets.get.query({ id: replacement.ticketId })).contact.uniqueExternalId).toBe('victim-\ufffd');
    // And nothing failed on the server's side.
    expect(server.logs.filter((line) => line.includes('"level":50'))).toEqual([]);
  });
});

const template = inject('postgresTemplate');

describe.runIf(template)('the widget session across instances on one PostgreSQL', () => {
  it('an admin’s sign-out and an agent’s reply on one instance reach a visitor polling the other within 2 s', async () => {
    await using instances = await startInstances(template ?? '', 2);
    const [a, b] = instances.servers as [ServerProcess, ServerProcess];
    const admin = await signIn(a.url);
    const [website] = await admin.client.widgets.list.query();
    if (!website) throw new Error('no widget');
    const [key] = await admin.client.signingKeys.list.query();
    const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: key?.kid ?? '' });
    const token = jwt.sign({ email: 'ada@example.com', exp: Math.floor(Date.now() / 1000) + 600 }, secret, { algorithm: 'HS256' });
    const onB = widgetClient(b.url, website);
    const chat = await onB.start({ jwtAuthToken: token, message: 'hello from B' });

    const replyWait = onB.updates(chat, chat.message?.seq ?? 0, 20);
    await new Promise((r) => setTimeout(r, 300));
    let sentAt = Date.now();
    await admin.client.tickets.reply.mutate({ ticketId: chat.ticketId, text: 'Hello from A' });
    const reply = await replyWait;
    expect(Date.now() - sentAt).toBeLessThan(2000);
    expect(reply.body.messages.map((m) => m.text)).toEqual(['Hello from A']);

    const revokeWait = onB.updates(chat, reply.body.messages[0]?.seq ?? 0, 20);
    await new Promise((r) => setTimeout(r, 300));
    sentAt = Date.now();
    expect(await admin.client.sessions.revokeForIdentity.mutate({ email: 'ada@example.com' })).toEqual({ revoked: 1 });
    expect((await revokeWait).body).toMatchObject({ state: 'ended', endedReason: 'revoked' });
    expect(Date.now() - sentAt).toBeLessThan(2000);
    expect(await onB.send(chat, 'still there?')).toMatchObject({ status: 401, body: { error: { code: 'SESSION_ENDED' } } });
  });
});
