import { sql } from 'drizzle-orm';
import type { Db } from '../store/types.ts';

/**
 * Counted beside the outcomes: an authenticated chat that lost token fields the catalog does not
 * know. Not an outcome itself (such a chat is counted as authenticated too).
 */
export const DROPPED_FIELDS_OUTCOME = 'fields_dropped';

/** UTC day of a time, as readiness groups chat starts. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * Chat-start outcomes counted in memory and added to `verification_daily` in one statement every
 * few seconds: a refused token costs a map increment, not a write.
 */
export class OutcomeCounters {
  #pending = new Map<string, number>();

  add(widgetId: string, outcome: string, at: Date): void {
    const key = `${widgetId}\u0000${utcDay(at)}\u0000${outcome}`;
    this.#pending.set(key, (this.#pending.get(key) ?? 0) + 1);
  }

  /** Counts not written yet for a widget, so readiness is current on this instance. */
  unflushed(widgetId: string): { day: string; outcome: string; count: number }[] {
    const out: { day: string; outcome: string; count: number }[] = [];
    for (const [key, count] of this.#pending) {
      const [w, day, outcome] = key.split('\u0000');
      if (w === widgetId && day && outcome) out.push({ day, outcome, count });
    }
    return out;
  }

  async flush(db: Db): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    const rows = [...batch].map(([key, count]) => {
      const [widgetId, day, outcome] = key.split('\u0000');
      return sql`(${widgetId}, ${day}::date, ${outcome}, ${count})`;
    });
    try {
      await db.execute(sql`
        insert into verification_daily (widget_id, day, outcome, count)
        values ${sql.join(rows, sql`, `)}
        on conflict (widget_id, day, outcome) do update set count = verification_daily.count + excluded.count`);
    } catch (error) {
      // Keep the counts for the next try rather than lose them.
      for (const [key, count] of batch) this.#pending.set(key, (this.#pending.get(key) ?? 0) + count);
      throw error;
    }
  }
}

/** When each key last verified a token, written at most every few seconds (not a write per chat). */
export class KeyUsage {
  #pending = new Map<string, Date>();

  touch(kid: string, at: Date): void {
    this.#pending.set(kid, at);
  }

  async flush(db: Db): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    for (const [kid, at] of batch) {
      batch.delete(kid);
      await this.#write(db, kid, at).catch((error: unknown) => {
        // Keep what was not written (and is not newer already) for the next try.
        for (const [k, t] of [[kid, at] as const, ...batch]) if (!this.#pending.has(k)) this.#pending.set(k, t);
        throw error;
      });
    }
  }

  #write(db: Db, kid: string, at: Date) {
    return db.execute(sql`
      update signing_keys set last_used_at = ${at.toISOString()}::timestamptz
      where kid = ${kid} and (last_used_at is null or last_used_at < ${at.toISOString()}::timestamptz)`);
  }
}
