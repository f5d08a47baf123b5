import { z } from 'zod';
import { ACCESS_MESSAGES, DomainError, type DomainErrorCode } from '../../shared/errors.ts';
import { planAllowlist, planDisable, planEnforce, planPolicy, type SettingsPlan } from '../../shared/domain/settings.ts';
import { assertRevealable, planRevoke, planRotation, sortKeysForDisplay, summarizeKey } from '../../shared/domain/signing-keys.ts';
import { apiKeySummary, createApiKeyInput, createdApiKey, revokeApiKeyInput } from '../../shared/schemas/api-keys.ts';
import { loginInput, loginOutput, meOutput, type Role } from '../../shared/schemas/auth.ts';
import { fieldCatalog } from '../../shared/schemas/fields.ts';
import { readinessInput, readinessOutput } from '../../shared/schemas/readiness.ts';
import { ticketDetail, ticketGetInput, ticketsListInput, ticketsPage } from '../../shared/schemas/tickets.ts';
import { generateKeyInput, kidInput, revealedKey, signingKeySummary } from '../../shared/schemas/signing-keys.ts';
import { allowlistInput, enforceInput, updatePolicyInput, userAuthSettings } from '../../shared/schemas/user-auth.ts';
import { widgetDetail, widgetGetInput, widgetIdInput, widgetListItem } from '../../shared/schemas/widgets.ts';
import { chatProcedures } from './chat.ts';
import { newSigningKey, randomId, randomToken, type MockApiKey, type MockDb, type MockSigningKey, type MockTicket, type MockWidget } from './db.ts';

/** An error in tRPC's terms: what the server would answer for the same call. */
export class MockCallError extends Error {
  constructor(
    readonly code: DomainErrorCode | 'UNAUTHORIZED' | 'METHOD_NOT_SUPPORTED' | 'PARSE_ERROR' | 'TOO_MANY_REQUESTS',
    message: string,
    readonly fieldErrors?: Record<string, string[] | undefined>,
  ) {
    super(message);
  }
}

interface CallContext {
  db: MockDb;
  csrfHeader: string | null;
}

interface Procedure {
  type: 'query' | 'mutation';
  /** Who may call: anyone, any signed-in user, agents too (`agent`), or admins only. */
  access: 'public' | 'agent' | 'admin';
  input?: z.ZodType;
  output: z.ZodType;
  run(ctx: CallContext, input: never): unknown;
}

const define = <I extends z.ZodType | undefined>(p: {
  type: Procedure['type'];
  access: Procedure['access'];
  input?: I;
  output: z.ZodType;
  run(ctx: CallContext, input: I extends z.ZodType ? z.output<I> : undefined): unknown;
}): Procedure => p as Procedure;

/**
 * The console's procedures over the in-memory store, with the server's access rules and the
 * shared domain rules. Inputs and outputs go through the same zod schemas as the server's.
 */
export const procedures: Record<string, Procedure> = {
  'auth.login': define({
    type: 'mutation',
    access: 'public',
    input: loginInput,
    output: loginOutput,
    run: ({ db }, input) => {
      const user = db.users.find((u) => u.email === input.email && u.password === input.password);
      if (!user) throw new MockCallError('UNAUTHORIZED', 'Email or password is incorrect.');
      db.session = { userId: user.id, csrfToken: randomToken(32) };
      return { user: publicUser(user), csrfToken: db.session.csrfToken };
    },
  }),
  'auth.logout': define({
    type: 'mutation',
    access: 'agent',
    output: z.object({ ok: z.literal(true) }),
    run: ({ db }) => {
      db.session = null;
      return { ok: true };
    },
  }),
  'auth.me': define({
    type: 'query',
    access: 'agent',
    output: meOutput,
    run: ({ db }) => {
      const user = signedInUser(db);
      return { user: publicUser(user), apiKey: null, role: user.role, csrfToken: db.session?.csrfToken ?? null };
    },
  }),

  'widgets.list': define({
    type: 'query',
    access: 'agent',
    output: z.array(widgetListItem),
    run: ({ db }) => db.widgets.map(listItem),
  }),
  'widgets.get': define({
    type: 'query',
    access: 'admin',
    input: widgetGetInput,
    output: widgetDetail,
    run: ({ db }, input) => {
      const widget = findWidget(db, input.id);
      return { ...listItem(widget), createdAt: widget.createdAt.toISOString() };
    },
  }),
  'fields.list': define({ type: 'query', access: 'agent', output: fieldCatalog, run: ({ db }) => db.catalog }),

  'userAuth.get': define({
    type: 'query',
    access: 'admin',
    input: widgetIdInput,
    output: userAuthSettings,
    run: ({ db }, input) => settingsOf(findWidget(db, input.widgetId)),
  }),
  'userAuth.enforce': define({
    type: 'mutation',
    access: 'admin',
    input: enforceInput,
    output: userAuthSettings,
    run: ({ db }, input) =>
      apply(db, input.widgetId, (current) => planEnforce(current, { ...input, hasActiveKey: db.keys.some((k) => k.status === 'active') })),
  }),
  'userAuth.disable': define({
    type: 'mutation',
    access: 'admin',
    input: allowlistInput,
    output: userAuthSettings,
    run: ({ db }, input) => apply(db, input.widgetId, (current) => planDisable(current, { ...input, catalog: db.catalog })),
  }),
  'userAuth.updateAllowlist': define({
    type: 'mutation',
    access: 'admin',
    input: allowlistInput,
    output: userAuthSettings,
    run: ({ db }, input) => apply(db, input.widgetId, (current) => planAllowlist(current, { ...input, catalog: db.catalog })),
  }),
  'userAuth.updatePolicy': define({
    type: 'mutation',
    access: 'admin',
    input: updatePolicyInput,
    output: userAuthSettings,
    run: ({ db }, input) => apply(db, input.widgetId, (current) => planPolicy(current, input)),
  }),

  'signingKeys.list': define({
    type: 'query',
    access: 'admin',
    output: z.array(signingKeySummary),
    run: ({ db }) => sortKeysForDisplay(db.keys.map((k) => keySummary(k, db.now()))),
  }),
  'signingKeys.generate': define({
    type: 'mutation',
    access: 'admin',
    input: generateKeyInput,
    output: signingKeySummary,
    run: ({ db }, input) => {
      const now = db.now();
      const plan = planRotation(db.keys, now, input.graceSeconds);
      for (const kid of plan.expired) update(db, kid, (k) => ({ status: 'revoked', revokedAt: k.retiresAt ?? now }));
      if (plan.previous) {
        const previous = plan.previous;
        update(db, previous.kid, () =>
          previous.status === 'revoked' ? { status: 'revoked', revokedAt: now } : { status: 'retiring', retiresAt: previous.retiresAt },
        );
      }
      const created = newSigningKey(now);
      db.keys.push(created);
      return keySummary(created, now);
    },
  }),
  'signingKeys.reveal': define({
    type: 'mutation',
    access: 'admin',
    input: kidInput,
    output: revealedKey,
    run: ({ db }, input) => {
      const key = assertRevealable(db.keys.find((k) => k.kid === input.kid), input.kid, db.now());
      return { kid: key.kid, secret: key.secret };
    },
  }),
  'signingKeys.revoke': define({
    type: 'mutation',
    access: 'admin',
    input: kidInput,
    output: signingKeySummary,
    run: ({ db }, input) => {
      const now = db.now();
      const key = planRevoke(db.keys, input.kid, now);
      return keySummary(update(db, key.kid, () => ({ status: 'revoked', revokedAt: now })), now);
    },
  }),

  'tickets.list': define({
    type: 'query',
    access: 'agent',
    input: ticketsListInput,
    output: ticketsPage,
    run: ({ db }, input) => {
      const sorted = db.tickets
        .filter((t) => input.authenticated === undefined || t.authenticated === input.authenticated)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
      const start = input.cursor ? sorted.findIndex((t) => t.id === input.cursor) + 1 : 0;
      const page = sorted.slice(start, start + input.limit);
      const more = sorted.length > start + input.limit;
      return { items: page.map((t) => ticketListItemOf(db, t)), nextCursor: more ? (page.at(-1)?.id ?? null) : null };
    },
  }),
  'tickets.get': define({
    type: 'query',
    access: 'agent',
    input: ticketGetInput,
    output: ticketDetail,
    run: ({ db }, input) => {
      const t = db.tickets.find((x) => x.id === input.id);
      if (!t) throw new DomainError('NOT_FOUND', `No ticket ${input.id} in this account`);
      const { contact, widget } = ticketListItemOf(db, t);
      const full = db.contacts.find((c) => c.id === t.contactId);
      return {
        ...t,
        createdAt: t.createdAt.toISOString(),
        widget,
        contact: { ...contact, properties: full?.properties ?? {} },
      };
    },
  }),
  'readiness.get': define({
    type: 'query',
    access: 'admin',
    input: readinessInput,
    output: readinessOutput,
    run: ({ db }, input) => {
      findWidget(db, input.widgetId);
      const today = db.now().getTime();
      const dates = Array.from({ length: input.days }, (_, i) => new Date(today - (input.days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
      return {
        days: dates.map((date) => ({
          date,
          byOutcome: Object.fromEntries(
            db.outcomes.filter((o) => o.widgetId === input.widgetId && o.day === date).map((o) => [o.outcome, o.count]),
          ),
        })),
      };
    },
  }),

  'apiKeys.list': define({
    type: 'query',
    access: 'admin',
    output: z.array(apiKeySummary),
    run: ({ db }) => db.apiKeys.map(apiKeyView),
  }),
  'apiKeys.create': define({
    type: 'mutation',
    access: 'admin',
    input: createApiKeyInput,
    output: createdApiKey,
    run: ({ db }, input) => {
      const key: MockApiKey = { id: randomId(), name: input.name, key: `wca_${randomToken(32)}`, createdAt: db.now(), lastUsedAt: null, revokedAt: null };
      db.apiKeys.push(key);
      return { ...apiKeyView(key), key: key.key };
    },
  }),
  'apiKeys.revoke': define({
    type: 'mutation',
    access: 'admin',
    input: revokeApiKeyInput,
    output: apiKeySummary,
    run: ({ db }, input) => {
      const key = db.apiKeys.find((k) => k.id === input.id);
      if (!key) throw new DomainError('NOT_FOUND', `No API key ${input.id} in this account`);
      if (key.revokedAt) throw new DomainError('PRECONDITION_FAILED', `API key “${key.name}” is already revoked`);
      key.revokedAt = db.now();
      return apiKeyView(key);
    },
  }),

  ...chatProcedures,
};

/** The server's access rules: a session (or nothing, for public calls), CSRF on mutations, the role. */
export function authorize(procedure: Procedure, ctx: CallContext): void {
  if (procedure.access === 'public') return;
  const user = signedInUser(ctx.db);
  if (procedure.type === 'mutation' && ctx.csrfHeader !== ctx.db.session?.csrfToken) {
    throw new MockCallError('FORBIDDEN', ACCESS_MESSAGES.csrf);
  }
  if (procedure.access === 'admin' && user.role !== 'admin') throw new MockCallError('FORBIDDEN', ACCESS_MESSAGES.adminOnly);
}

function signedInUser(db: MockDb) {
  const user = db.session && db.users.find((u) => u.id === db.session?.userId);
  if (!user) throw new MockCallError('UNAUTHORIZED', ACCESS_MESSAGES.unauthorized);
  return user;
}

const publicUser = (u: { id: string; email: string; name: string; role: Role }) => ({ id: u.id, email: u.email, name: u.name, role: u.role });

function findWidget(db: MockDb, id: string): MockWidget {
  const widget = db.widgets.find((w) => w.id === id);
  if (!widget) throw new DomainError('NOT_FOUND', `No widget ${id} in this account`);
  return widget;
}

const listItem = (w: MockWidget) => ({ id: w.id, name: w.name, token: w.token, host: w.host, enforcement: w.settings.enforcement });

function settingsOf(w: MockWidget) {
  const { updatedAt, ...settings } = w.settings;
  return { widgetId: w.id, ...settings, updatedAt: updatedAt.toISOString() };
}

function apply(db: MockDb, widgetId: string, plan: (current: MockWidget['settings']) => SettingsPlan) {
  const widget = findWidget(db, widgetId);
  widget.settings = { ...plan(widget.settings).next, updatedAt: db.now() };
  return settingsOf(widget);
}

const keySummary = (k: MockSigningKey, now: Date) => summarizeKey({ ...k, last4: k.secret.slice(-4) }, now);

function update(db: MockDb, kid: string, change: (key: MockSigningKey) => Partial<MockSigningKey>): MockSigningKey {
  const key = db.keys.find((k) => k.kid === kid);
  if (!key) throw new Error(`no key ${kid}`);
  Object.assign(key, change(key));
  return key;
}

function ticketListItemOf(db: MockDb, t: MockTicket) {
  const contact = db.contacts.find((c) => c.id === t.contactId);
  return {
    id: t.id,
    subject: t.subject,
    authenticated: t.authenticated,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
    widget: { id: t.widgetId, name: db.widgets.find((w) => w.id === t.widgetId)?.name ?? '' },
    contact: { id: t.contactId, name: contact?.name ?? null, email: contact?.email ?? null, uniqueExternalId: contact?.uniqueExternalId ?? null },
  };
}

const apiKeyView = (k: MockApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.key.slice(0, 10),
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});
