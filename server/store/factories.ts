import { eq } from 'drizzle-orm';
import { SEED_SETTINGS } from '../../shared/seed.ts';
import { newId, randomToken, sha256 } from '../crypto/random.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { newSigningKey } from './signing-keys.ts';
import { accounts, apiKeys, contacts, sessions, signingKeys, tickets, users, verificationDaily, widgets } from './schema.ts';
import type { Db } from './types.ts';

/**
 * Rows as the product writes them, with overrides: one module feeds the seed, the unit,
 * integration and component tests and the demo, so test data never drifts from real data.
 * Each returns the row it wrote (and, where there is one, the secret that is stored only hashed).
 */

const SESSION_MS = 12 * 60 * 60 * 1000;

/** The one account of a store (the seed makes exactly one). */
export async function theAccount(db: Db) {
  const [account] = await db.select().from(accounts).limit(1);
  if (!account) throw new Error('The store has no account: seed it first');
  return account;
}

export async function widgetNamed(db: Db, name: string) {
  const [row] = await db.select().from(widgets).where(eq(widgets.name, name));
  if (!row) throw new Error(`No widget named ${name}`);
  return row;
}

export async function userWithRole(db: Db, role: 'admin' | 'agent') {
  const [row] = await db.select().from(users).where(eq(users.role, role)).limit(1);
  if (!row) throw new Error(`No ${role} in the store`);
  return row;
}

/** A widget as a first start makes it: open to everyone, the seed's allowlist and policy, version 1. */
export function widgetRow(accountId: string, now: Date, overrides: Partial<typeof widgets.$inferInsert> = {}): typeof widgets.$inferInsert {
  return {
    id: newId(),
    accountId,
    name: 'Help widget',
    token: randomToken(18),
    host: 'https://www.acme.example',
    enforcement: SEED_SETTINGS.enforcement,
    allowlistTicketFields: [...SEED_SETTINGS.allowlist.ticketFields],
    allowlistContactFields: [...SEED_SETTINGS.allowlist.contactFields],
    clockLeewaySeconds: SEED_SETTINGS.clockLeewaySeconds,
    maxTokenLifetimeSeconds: SEED_SETTINGS.maxTokenLifetimeSeconds,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export async function createWidget(db: Db, accountId: string, overrides: Partial<typeof widgets.$inferInsert> = {}) {
  const [row] = await db.insert(widgets).values(widgetRow(accountId, new Date(), overrides)).returning();
  if (!row) throw new Error('Inserting the widget returned nothing');
  return row;
}

/** Changes a widget behind the console's back (another admin, an old state), bumping its version. */
export async function updateWidget(db: Db, widgetId: string, changes: Partial<Omit<typeof widgets.$inferInsert, 'id'>>) {
  const [current] = await db.select().from(widgets).where(eq(widgets.id, widgetId));
  if (!current) throw new Error(`No widget ${widgetId}`);
  const [row] = await db
    .update(widgets)
    .set({ version: current.version + 1, updatedAt: new Date(), ...changes })
    .where(eq(widgets.id, widgetId))
    .returning();
  if (!row) throw new Error('Updating the widget returned nothing');
  return row;
}

/** A signing key as rotation makes it (active unless overridden); `secret` is the opened value. */
export async function createSigningKey(db: Db, box: SecretBox, accountId: string, overrides: Partial<typeof signingKeys.$inferInsert> = {}) {
  const [row] = await db.insert(signingKeys).values({ ...newSigningKey(box, accountId, new Date()), ...overrides }).returning();
  if (!row) throw new Error('Inserting the signing key returned nothing');
  return { ...row, secret: box.open(row.sealedSecret, { accountId, kid: row.kid }) };
}

export async function createContact(db: Db, accountId: string, overrides: Partial<typeof contacts.$inferInsert> = {}) {
  const now = new Date();
  const [row] = await db
    .insert(contacts)
    .values({ id: newId(), accountId, email: null, uniqueExternalId: null, name: null, verified: false, properties: {}, createdAt: now, updatedAt: now, ...overrides })
    .returning();
  if (!row) throw new Error('Inserting the contact returned nothing');
  return row;
}

export async function createTicket(
  db: Db,
  ids: { accountId: string; widgetId: string; contactId: string },
  overrides: Partial<typeof tickets.$inferInsert> = {},
) {
  const authenticated = overrides.authenticated ?? false;
  const [row] = await db
    .insert(tickets)
    .values({
      id: newId(),
      ...ids,
      authenticated,
      verification: authenticated ? 'authenticated' : 'unauthenticated',
      subject: 'Question about my order',
      description: 'Question about my order',
      status: 'Open',
      priority: null,
      type: null,
      properties: {},
      createdAt: new Date(),
      ...overrides,
    })
    .returning();
  if (!row) throw new Error('Inserting the ticket returned nothing');
  return row;
}

/** Chat starts counted for readiness, as the flush writes them. */
export async function countOutcome(db: Db, widgetId: string, outcome: string, count: number, day = new Date().toISOString().slice(0, 10)) {
  await db.insert(verificationDaily).values({ widgetId, day, outcome, count });
}

/** An API key; `key` is the value shown once (stored only as its hash). */
export async function createApiKey(db: Db, accountId: string, overrides: Partial<typeof apiKeys.$inferInsert> = {}) {
  const key = `wca_${randomToken(32)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ id: newId(), accountId, name: 'Script', prefix: key.slice(0, 10), keyHash: sha256(key), createdBy: null, createdAt: new Date(), ...overrides })
    .returning();
  if (!row) throw new Error('Inserting the API key returned nothing');
  return { ...row, key };
}

/** A signed-in browser session of a user: the cookie's value and its CSRF token. */
export async function createSession(db: Db, userId: string) {
  const cookie = randomToken(32);
  const csrfToken = randomToken(32);
  const now = new Date();
  await db.insert(sessions).values({ idHash: sha256(cookie), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_MS) });
  return { cookie, csrfToken };
}
