import { platformCrypto } from '#platform/crypto';
import type { MigrationMeta } from 'drizzle-orm/migrator';
import journal from './migrations/meta/_journal.json' with { type: 'json' };
import type { Db } from './types.ts';

/**
 * The migrations as drizzle's migrator wants them, from SQL text the host supplies: read from the
 * migrations folder on the server, bundled into the build in demo mode. Same statements, same
 * hashes (drizzle hashes each file's text), so both hosts record the same history.
 */
export function migrationsFrom(sqlOf: (tag: string) => string): MigrationMeta[] {
  return journal.entries.map((entry) => {
    const text = sqlOf(entry.tag);
    return { sql: text.split('--> statement-breakpoint'), bps: entry.breakpoints, folderMillis: entry.when, hash: platformCrypto.sha256Hex(text) };
  });
}

/** The tags in order, so a host can tell whether a snapshot has every migration. */
export const MIGRATION_TAGS: readonly string[] = journal.entries.map((e) => e.tag);

/** Applies what is missing, in one transaction (drizzle's own migrator, fed by the host). */
export async function applyMigrations(db: Db, migrations: MigrationMeta[]): Promise<void> {
  // drizzle's `migrate()` helpers only read the folder and call this; the folder is the part a browser lacks.
  const internals = db as unknown as { dialect: { migrate(m: MigrationMeta[], session: unknown, config: object): Promise<void> }; session: unknown };
  await internals.dialect.migrate(migrations, internals.session, {});
}
