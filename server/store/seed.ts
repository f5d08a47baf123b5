import { count } from 'drizzle-orm';
import type { Field } from '../../shared/schemas/fields.ts';
import {
  CLOCK_LEEWAY_DEFAULT_SECONDS,
  MAX_TOKEN_LIFETIME_DEFAULT_SECONDS,
} from '../../shared/schemas/user-auth.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { newId, randomToken } from '../crypto/random.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { newSigningKey } from '../services/signing-keys.ts';
import type { Db } from './db.ts';
import { accounts, fields, signingKeys, users, widgets } from './schema.ts';

/** The help desk's field catalog (SPEC §1), with two custom fields on each side. */
export const SEED_TICKET_FIELDS: Field[] = [
  { name: 'subject', label: 'Subject', type: 'text', custom: false },
  { name: 'description', label: 'Description', type: 'paragraph', custom: false },
  { name: 'priority', label: 'Priority', type: 'priority', custom: false },
  { name: 'type', label: 'Type', type: 'dropdown', custom: false, choices: ['Question', 'Incident', 'Problem', 'Feature Request', 'Refund'] },
  { name: 'status', label: 'Status', type: 'dropdown', custom: false, choices: ['Open', 'Pending', 'Resolved', 'Closed'] },
  { name: 'cf_order_number', label: 'Order number', type: 'text', custom: true },
  { name: 'cf_plan', label: 'Plan', type: 'dropdown', custom: true, choices: ['Free', 'Growth', 'Pro', 'Enterprise'] },
];

export const SEED_CONTACT_FIELDS: Field[] = [
  { name: 'name', label: 'Full name', type: 'text', custom: false },
  { name: 'email', label: 'Email', type: 'email', custom: false },
  { name: 'mobile', label: 'Mobile phone', type: 'phone', custom: false },
  { name: 'phone', label: 'Work phone', type: 'phone', custom: false },
  { name: 'job_title', label: 'Job title', type: 'text', custom: false },
  { name: 'address', label: 'Address', type: 'paragraph', custom: false },
  { name: 'state', label: 'State', type: 'text', custom: false },
  { name: 'pincode', label: 'Pincode', type: 'text', custom: false },
  { name: 'language', label: 'Language', type: 'language', custom: false },
  { name: 'cf_customer_tier', label: 'Customer tier', type: 'dropdown', custom: true, choices: ['Standard', 'Gold', 'Platinum'] },
  { name: 'cf_account_number', label: 'Account number', type: 'text', custom: true },
];

export interface SeedUsers {
  admin: { email: string; password?: string | undefined };
  agent: { email: string; password?: string | undefined };
}

export interface SeedResult {
  seeded: boolean;
  /** Passwords that were generated (not given by the environment), to be printed once. */
  generated: { role: 'admin' | 'agent'; email: string; password: string }[];
}

/** First start only: one account, two widgets, the field catalog, an admin, an agent, one key. */
export async function seedIfEmpty(db: Db, box: SecretBox, seedUsers: SeedUsers, now: Date): Promise<SeedResult> {
  const [existing] = await db.select({ n: count() }).from(accounts);
  if ((existing?.n ?? 0) > 0) return { seeded: false, generated: [] };

  const generated: SeedResult['generated'] = [];
  const passwordFor = (role: 'admin' | 'agent', given: { email: string; password?: string | undefined }) => {
    if (given.password) return given.password;
    const password = randomToken(12);
    generated.push({ role, email: given.email, password });
    return password;
  };
  const adminPassword = await hashPassword(passwordFor('admin', seedUsers.admin));
  const agentPassword = await hashPassword(passwordFor('agent', seedUsers.agent));

  await db.transaction(async (tx) => {
    const accountId = newId();
    await tx.insert(accounts).values({ id: accountId, name: 'Acme Support', createdAt: now });
    await tx.insert(users).values([
      { id: newId(), accountId, email: seedUsers.admin.email.toLowerCase(), name: 'Avery Admin', role: 'admin', passwordHash: adminPassword, createdAt: now },
      { id: newId(), accountId, email: seedUsers.agent.email.toLowerCase(), name: 'Sam Agent', role: 'agent', passwordHash: agentPassword, createdAt: now },
    ]);
    const settings = {
      enforcement: 'not_enforced' as const,
      allowlistTicketFields: ['subject', 'description'],
      allowlistContactFields: ['name', 'email'],
      clockLeewaySeconds: CLOCK_LEEWAY_DEFAULT_SECONDS,
      maxTokenLifetimeSeconds: MAX_TOKEN_LIFETIME_DEFAULT_SECONDS,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(widgets).values([
      { id: newId(), accountId, name: 'Website chat', token: randomToken(18), host: 'https://www.acme.example', ...settings },
      { id: newId(), accountId, name: 'Customer portal', token: randomToken(18), host: 'https://portal.acme.example', ...settings },
    ]);
    const catalog = [
      ...SEED_TICKET_FIELDS.map((f, i) => ({ ...f, entity: 'ticket' as const, position: i })),
      ...SEED_CONTACT_FIELDS.map((f, i) => ({ ...f, entity: 'contact' as const, position: i })),
    ];
    await tx.insert(fields).values(catalog.map((f) => ({ ...f, accountId, choices: f.choices ?? null })));
    await tx.insert(signingKeys).values(newSigningKey(box, accountId, now));
  });
  return { seeded: true, generated };
}
