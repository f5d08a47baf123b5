import { and, eq } from 'drizzle-orm';
import {
  assertRevealable,
  effectiveStatus,
  planRevoke,
  planRotation,
  sortKeysForDisplay,
  summarizeKey,
} from '../../shared/domain/signing-keys.ts';
import type { SigningKeySummary } from '../../shared/schemas/signing-keys.ts';
import type { Clock } from '../core/clock.ts';
import type { ActionMeta } from '../core/principal.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { ConfigChanges } from '../settings/config-changes.ts';
import { accounts, signingKeys } from '../store/schema.ts';
import { loadKeys, newSigningKey } from '../store/signing-keys.ts';
import type { Db, Queryable } from '../store/types.ts';
import { recordAudit } from './audit.ts';

type KeyRow = typeof signingKeys.$inferSelect;

export function toSummary(row: KeyRow, now: Date): SigningKeySummary {
  return summarizeKey(row, now);
}

export function createSigningKeyService(deps: { db: Db; box: SecretBox; clock: Clock; changes: ConfigChanges }) {
  const { db, box, clock, changes } = deps;

  /** Serialises key changes of one account across connections and instances. */
  const lockAccount = (q: Queryable, accountId: string) =>
    q.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('no key update');

  return {
    async list(accountId: string): Promise<SigningKeySummary[]> {
      const now = clock.now();
      const rows = await loadKeys(db, accountId);
      return sortKeysForDisplay(rows.map((r) => toSummary(r, now)));
    },

    /** Rotation is one transaction: a crash leaves either the old keys or the new set, never half. */
    async generate(meta: ActionMeta, graceSeconds: number): Promise<SigningKeySummary> {
      const { accountId } = meta.principal;
      const summary = await db.transaction(async (tx) => {
        const now = clock.now();
        await lockAccount(tx, accountId);
        const keys = await loadKeys(tx, accountId);
        const plan = planRotation(keys, now, graceSeconds);
        for (const kid of plan.expired) {
          const key = keys.find((k) => k.kid === kid);
          await tx
            .update(signingKeys)
            .set({ status: 'revoked', revokedAt: key?.retiresAt ?? now })
            .where(eq(signingKeys.kid, kid));
        }
        if (plan.previous) {
          await tx
            .update(signingKeys)
            .set(
              plan.previous.status === 'revoked'
                ? { status: 'revoked', revokedAt: now }
                : { status: 'retiring', retiresAt: plan.previous.retiresAt },
            )
            .where(eq(signingKeys.kid, plan.previous.kid));
        }
        const [created] = await tx.insert(signingKeys).values(newSigningKey(box, accountId, now)).returning();
        if (!created) throw new Error('Inserting the new signing key returned nothing');
        await recordAudit(tx, meta, now, {
          action: 'signing_key.generated',
          kid: created.kid,
          after: {
            graceSeconds,
            previousKid: plan.previous?.kid ?? null,
            previousStatus: plan.previous?.status ?? null,
            previousRetiresAt: plan.previous?.retiresAt?.toISOString() ?? null,
          },
        });
        await changes.announce(tx, accountId);
        return toSummary(created, now);
      });
      changes.applied(accountId);
      return summary;
    },

    async reveal(meta: ActionMeta, kid: string): Promise<{ kid: string; secret: string }> {
      const { accountId } = meta.principal;
      return db.transaction(async (tx) => {
        const now = clock.now();
        const [row] = await tx
          .select()
          .from(signingKeys)
          .where(and(eq(signingKeys.accountId, accountId), eq(signingKeys.kid, kid)));
        const key = assertRevealable(row, kid, now);
        const secret = box.open(key.sealedSecret, { accountId, kid });
        await recordAudit(tx, meta, now, { action: 'signing_key.revealed', kid });
        return { kid, secret };
      });
    },

    async revoke(meta: ActionMeta, kid: string): Promise<SigningKeySummary> {
      const { accountId } = meta.principal;
      const summary = await db.transaction(async (tx) => {
        const now = clock.now();
        await lockAccount(tx, accountId);
        const keys = await loadKeys(tx, accountId);
        const key = planRevoke(keys, kid, now);
        const [updated] = await tx
          .update(signingKeys)
          .set({ status: 'revoked', revokedAt: now })
          .where(eq(signingKeys.kid, key.kid))
          .returning();
        if (!updated) throw new Error('Revoking the key updated nothing');
        await recordAudit(tx, meta, now, {
          action: 'signing_key.revoked',
          kid,
          before: { status: effectiveStatus(key, now) },
          after: { status: 'revoked' },
        });
        await changes.announce(tx, accountId);
        return toSummary(updated, now);
      });
      changes.applied(accountId);
      return summary;
    },
  };
}
