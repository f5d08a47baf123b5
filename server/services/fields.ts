import { and, eq } from 'drizzle-orm';
import { CONFLICT_MESSAGE, DomainError } from '../../shared/errors.ts';
import type { z } from 'zod';
import type { FieldKind, ManagedField, fieldsArchiveInput, fieldsCreateInput, fieldsUpdateInput } from '../../shared/schemas/fields.ts';
import type { Clock } from '../core/clock.ts';
import type { ActionMeta } from '../core/principal.ts';
import type { ConfigChanges } from '../settings/config-changes.ts';
import { findField, nextPosition, toManagedField } from '../store/field-catalog.ts';
import { fields, widgets } from '../store/schema.ts';
import type { Db, Tx } from '../store/types.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { recordAudit } from './audit.ts';

type CreateInput = z.output<typeof fieldsCreateInput>;
type UpdateInput = z.output<typeof fieldsUpdateInput>;
type ArchiveInput = z.output<typeof fieldsArchiveInput>;

const KIND_NAMES: Record<FieldKind, string> = { ticket: 'ticket', contact: 'contact' };

function taken(kind: FieldKind, name: string, archived: boolean): DomainError {
  const message = archived
    ? `A ${KIND_NAMES[kind]} field named ${name} exists, archived; its name stays taken so old tickets keep their values. Choose another name.`
    : `A ${KIND_NAMES[kind]} field named ${name} already exists. Choose another name.`;
  return new DomainError('CONFLICT', message, { name: [message] });
}

/**
 * The field catalog's custom fields (SPEC §4.9): added, relabelled and archived like settings,
 * versioned and audited, and announced so every instance's chat start sees the new catalog.
 */
export function createFieldService(deps: { db: Db; clock: Clock; changes: ConfigChanges }) {
  const { db, clock, changes } = deps;

  async function change<T>(meta: ActionMeta, work: (tx: Tx, now: Date) => Promise<T>): Promise<T> {
    const { accountId } = meta.principal;
    const result = await db.transaction(async (tx) => {
      const value = await work(tx, clock.now());
      await changes.announce(tx, accountId);
      return value;
    });
    changes.applied(accountId);
    return result;
  }

  async function lockedField(tx: Tx, meta: ActionMeta, kind: FieldKind, name: string, expectedVersion: number | undefined) {
    const row = await findField(tx, meta.principal.accountId, kind, name, true);
    if (!row) throw new DomainError('NOT_FOUND', `There is no ${KIND_NAMES[kind]} field named ${name}.`);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw new DomainError('CONFLICT', CONFLICT_MESSAGE);
    return row;
  }

  return {
    create(meta: ActionMeta, input: CreateInput): Promise<ManagedField> {
      const { accountId } = meta.principal;
      return change(meta, async (tx, now) => {
        const existing = await findField(tx, accountId, input.kind, input.name);
        if (existing) throw taken(input.kind, input.name, existing.archivedAt !== null);
        const values = {
          accountId,
          entity: input.kind,
          name: input.name,
          label: input.label,
          type: input.type,
          custom: true,
          choices: input.choices ?? null,
          position: await nextPosition(tx, accountId, input.kind),
        };
        const [row] = await tx
          .insert(fields)
          .values(values)
          .returning()
          .catch((error: unknown) => {
            // Two admins added the same name at once: the later one is told, as if it had been first seen.
            throw isUniqueViolation(error) ? taken(input.kind, input.name, false) : error;
          });
        if (!row) throw new Error('insert returned no row');
        const after = { kind: input.kind, name: input.name, label: input.label, type: input.type, ...(input.choices ? { choices: input.choices } : {}) };
        await recordAudit(tx, meta, now, { action: 'field.created', after });
        return toManagedField(row);
      });
    },

    update(meta: ActionMeta, input: UpdateInput): Promise<ManagedField> {
      return change(meta, async (tx, now) => {
        const row = await lockedField(tx, meta, input.kind, input.name, input.expectedVersion);
        if (!row.custom) {
          throw new DomainError('PRECONDITION_FAILED', `${row.name} is a built-in field; only custom fields (cf_*) can be relabelled.`);
        }
        if (row.archivedAt) throw new DomainError('PRECONDITION_FAILED', `${row.name} is archived; archived fields cannot be changed.`);
        const [updated] = await tx
          .update(fields)
          .set({ label: input.label, version: row.version + 1 })
          .where(and(eq(fields.id, row.id), eq(fields.version, row.version)))
          .returning();
        if (!updated) throw new DomainError('CONFLICT', CONFLICT_MESSAGE);
        await recordAudit(tx, meta, now, {
          action: 'field.updated',
          before: { kind: row.entity, name: row.name, label: row.label },
          after: { kind: row.entity, name: row.name, label: input.label },
        });
        return toManagedField(updated);
      });
    },

    archive(meta: ActionMeta, input: ArchiveInput): Promise<ManagedField> {
      const { accountId } = meta.principal;
      return change(meta, async (tx, now) => {
        const row = await lockedField(tx, meta, input.kind, input.name, input.expectedVersion);
        if (row.archivedAt) throw new DomainError('PRECONDITION_FAILED', `${row.name} is archived already.`);
        const [updated] = await tx
          .update(fields)
          .set({ archivedAt: now, version: row.version + 1 })
          .where(and(eq(fields.id, row.id), eq(fields.version, row.version)))
          .returning();
        if (!updated) throw new DomainError('CONFLICT', CONFLICT_MESSAGE);
        await recordAudit(tx, meta, now, { action: 'field.archived', before: { kind: row.entity, name: row.name, label: row.label } });
        await dropFromAllowlists(tx, meta, now, input.kind, input.name);
        return toManagedField(updated);
      });

      /**
       * An archived field leaves every widget's editable-fields allowlist in the same
       * transaction: each widget's settings get a new version and an audit event of their own.
       */
      async function dropFromAllowlists(tx: Tx, meta: ActionMeta, now: Date, kind: FieldKind, name: string) {
        // Every widget of the account is locked, not only those whose list holds the name now: a
        // settings write under way may be about to add it, and would otherwise commit after us.
        const all = await tx.select().from(widgets).where(eq(widgets.accountId, accountId)).for('update');
        const holders = all.filter((w) => (kind === 'ticket' ? w.allowlistTicketFields : w.allowlistContactFields).includes(name));
        for (const w of holders) {
          const before = { ticketFields: w.allowlistTicketFields, contactFields: w.allowlistContactFields };
          const after = {
            ticketFields: kind === 'ticket' ? before.ticketFields.filter((n) => n !== name) : before.ticketFields,
            contactFields: kind === 'contact' ? before.contactFields.filter((n) => n !== name) : before.contactFields,
          };
          await tx
            .update(widgets)
            .set({ allowlistTicketFields: after.ticketFields, allowlistContactFields: after.contactFields, version: w.version + 1, updatedAt: now })
            .where(eq(widgets.id, w.id));
          await recordAudit(tx, meta, now, { action: 'user_auth.allowlist_updated', widgetId: w.id, before: { allowlist: before }, after: { allowlist: after } });
        }
      }
    },
  };
}
