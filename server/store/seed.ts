import { count } from 'drizzle-orm';
import { SEED_ACCOUNT_NAME, SEED_CONTACT_FIELDS, SEED_TICKET_FIELDS, SEED_USER_NAMES, SEED_WIDGETS } from '../../shared/seed.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { newId, randomToken } from '../crypto/random.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { widgetRow } from './factories.ts';
import { accounts, fields, signingKeys, users, widgets } from './schema.ts';
import { newSigningKey } from './signing-keys.ts';
import type { Db } from './types.ts';

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
  // Side by side: scrypt runs off the main thread, and a first start waits for both.
  const [adminPassword, agentPassword] = await Promise.all([
    hashPassword(passwordFor('admin', seedUsers.admin)),
    hashPassword(passwordFor('agent', seedUsers.agent)),
  ]);

  await db.transaction(async (tx) => {
    const accountId = newId();
    await tx.insert(accounts).values({ id: accountId, name: SEED_ACCOUNT_NAME, createdAt: now });
    await tx.insert(users).values([
      { id: newId(), accountId, email: seedUsers.admin.email.toLowerCase(), name: SEED_USER_NAMES.admin, role: 'admin', passwordHash: adminPassword, createdAt: now },
      { id: newId(), accountId, email: seedUsers.agent.email.toLowerCase(), name: SEED_USER_NAMES.agent, role: 'agent', passwordHash: agentPassword, createdAt: now },
    ]);
    await tx.insert(widgets).values(SEED_WIDGETS.map((w) => widgetRow(accountId, now, { name: w.name, host: w.host })));
    const catalog = [
      ...SEED_TICKET_FIELDS.map((f, i) => ({ ...f, entity: 'ticket' as const, position: i })),
      ...SEED_CONTACT_FIELDS.map((f, i) => ({ ...f, entity: 'contact' as const, position: i })),
    ];
    await tx.insert(fields).values(catalog.map((f) => ({ ...f, accountId, choices: f.choices ?? null })));
    await tx.insert(signingKeys).values(newSigningKey(box, accountId, now));
  });
  return { seeded: true, generated };
}
