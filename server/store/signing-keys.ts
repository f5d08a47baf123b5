import { and, asc, eq } from 'drizzle-orm';
import { randomToken } from '../crypto/random.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { signingKeys } from './schema.ts';
import type { Queryable } from './types.ts';

/** A new active key: 32 bytes from the CSPRNG, base64url, sealed before it reaches the store. */
export function newSigningKey(box: SecretBox, accountId: string, now: Date): typeof signingKeys.$inferInsert {
  const kid = `k_${randomToken(9)}`;
  const secret = randomToken(32);
  return {
    kid,
    accountId,
    status: 'active',
    sealedSecret: box.seal(secret, { accountId, kid }),
    last4: secret.slice(-4),
    createdAt: now,
  };
}

/** Every key of an account, oldest first. */
export function loadKeys(q: Queryable, accountId: string) {
  return q.select().from(signingKeys).where(eq(signingKeys.accountId, accountId)).orderBy(asc(signingKeys.createdAt));
}

export async function hasActiveKey(q: Queryable, accountId: string): Promise<boolean> {
  const rows = await q
    .select({ kid: signingKeys.kid })
    .from(signingKeys)
    .where(and(eq(signingKeys.accountId, accountId), eq(signingKeys.status, 'active')))
    .limit(1);
  return rows.length > 0;
}

/**
 * Whether this master key opens the stored signing keys (a store with none says yes): a wrong
 * MASTER_KEY is found at start, not at the first reveal or chat.
 */
export async function masterKeyOpensKeys(q: Queryable, box: SecretBox): Promise<boolean> {
  const [key] = await q.select().from(signingKeys).limit(1);
  if (!key) return true;
  try {
    box.open(key.sealedSecret, { accountId: key.accountId, kid: key.kid });
    return true;
  } catch {
    return false;
  }
}
