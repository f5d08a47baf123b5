import { and, eq } from 'drizzle-orm';
import { CONFLICT_MESSAGE, DomainError } from '../../shared/errors.ts';
import {
  planAllowlist,
  planDisable,
  planEnforce,
  planPolicy,
  type AuthSettings,
  type SettingsPlan,
} from '../../shared/domain/settings.ts';
import type { AuditAction } from '../../shared/schemas/audit.ts';
import type { Allowlist, UserAuthSettings } from '../../shared/schemas/user-auth.ts';
import type { Clock } from '../core/clock.ts';
import type { ActionMeta } from '../core/principal.ts';
import type { ConfigChanges } from '../settings/config-changes.ts';
import { loadCatalog } from '../store/field-catalog.ts';
import { widgets } from '../store/schema.ts';
import { hasActiveKey } from '../store/signing-keys.ts';
import type { Db, Tx } from '../store/types.ts';
import { recordAudit } from './audit.ts';
import { findWidget, toSettings, toUserAuth } from './widgets.ts';

interface Versioned {
  widgetId: string;
  expectedVersion: number;
}

export function createUserAuthService(deps: { db: Db; clock: Clock; changes: ConfigChanges }) {
  const { db, clock, changes } = deps;

  /**
   * One versioned write: read the row under lock, let the domain rule plan the change, write it
   * only if the version is still the one planned from, and append the audit event in the same
   * transaction. A stale writer gets CONFLICT and nothing is written.
   */
  async function write(
    meta: ActionMeta,
    input: Versioned,
    action: AuditAction,
    decide: (current: AuthSettings, tx: Tx) => Promise<SettingsPlan>,
  ): Promise<UserAuthSettings> {
    const { accountId } = meta.principal;
    const result = await db.transaction(async (tx) => {
      const now = clock.now();
      const row = await findWidget(tx, accountId, input.widgetId, true);
      const { next, before, after } = await decide(toSettings(row), tx);
      const [updated] = await tx
        .update(widgets)
        .set({
          enforcement: next.enforcement,
          allowlistTicketFields: next.allowlist.ticketFields,
          allowlistContactFields: next.allowlist.contactFields,
          clockLeewaySeconds: next.clockLeewaySeconds,
          maxTokenLifetimeSeconds: next.maxTokenLifetimeSeconds,
          version: next.version,
          updatedAt: now,
        })
        .where(and(eq(widgets.id, row.id), eq(widgets.version, input.expectedVersion)))
        .returning();
      if (!updated) throw new DomainError('CONFLICT', CONFLICT_MESSAGE);
      await recordAudit(tx, meta, now, { action, widgetId: row.id, before, after });
      await changes.announce(tx, accountId);
      return toUserAuth(updated);
    });
    changes.applied(accountId);
    return result;
  }

  return {
    async get(accountId: string, widgetId: string): Promise<UserAuthSettings> {
      return toUserAuth(await findWidget(db, accountId, widgetId));
    },

    enforce(meta: ActionMeta, input: Versioned) {
      return write(meta, input, 'user_auth.enforced', async (current, tx) =>
        planEnforce(current, {
          expectedVersion: input.expectedVersion,
          hasActiveKey: await hasActiveKey(tx, meta.principal.accountId),
        }),
      );
    },

    disable(meta: ActionMeta, input: Versioned & { allowlist: Allowlist }) {
      return write(meta, input, 'user_auth.disabled', async (current, tx) =>
        planDisable(current, { ...input, catalog: await loadCatalog(tx, meta.principal.accountId) }),
      );
    },

    updateAllowlist(meta: ActionMeta, input: Versioned & { allowlist: Allowlist }) {
      return write(meta, input, 'user_auth.allowlist_updated', async (current, tx) =>
        planAllowlist(current, { ...input, catalog: await loadCatalog(tx, meta.principal.accountId) }),
      );
    },

    updatePolicy(
      meta: ActionMeta,
      input: Versioned & { clockLeewaySeconds?: number | undefined; maxTokenLifetimeSeconds?: number | undefined },
    ) {
      return write(meta, input, 'user_auth.policy_updated', async (current) => planPolicy(current, input));
    },
  };
}
