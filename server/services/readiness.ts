import { and, desc, eq, gte } from 'drizzle-orm';
import type { ChatFailure, ChatFailures, Readiness } from '../../shared/schemas/readiness.ts';
import { rejectionCodeSchema } from '../../shared/token/codes.ts';
import { DROPPED_FIELDS_OUTCOME, utcDay, type OutcomeCounters } from '../chat/counters.ts';
import type { FailureLog } from '../chat/failure-log.ts';
import type { Clock } from '../core/clock.ts';
import { chatFailures, verificationDaily } from '../store/schema.ts';
import type { Db } from '../store/types.ts';
import { findWidget } from './widgets.ts';

/** Chat starts per UTC day and outcome for the last `days` days, today included, oldest first. */
export function createReadinessService(deps: { db: Db; clock: Clock; counters: OutcomeCounters; failures: FailureLog }) {
  const { db, clock, counters, failures } = deps;
  return {
    async get(accountId: string, widgetId: string, days: number): Promise<Readiness> {
      await findWidget(db, accountId, widgetId);
      const today = clock.now();
      const dates = Array.from({ length: days }, (_, i) => utcDay(new Date(today.getTime() - (days - 1 - i) * 86_400_000)));
      const first = dates[0] ?? utcDay(today);
      const rows = await db
        .select()
        .from(verificationDaily)
        .where(and(eq(verificationDaily.widgetId, widgetId), gte(verificationDaily.day, first)));
      const byDay = new Map(dates.map((d) => [d, {} as Record<string, number>]));
      // Stored counts plus this instance's counts not written yet: a chat start shows at once here.
      for (const r of [...rows, ...counters.unflushed(widgetId)]) {
        const day = byDay.get(r.day);
        if (day) day[r.outcome] = (day[r.outcome] ?? 0) + r.count;
      }
      return {
        days: dates.map((date) => {
          const { [DROPPED_FIELDS_OUTCOME]: droppedFields = 0, ...byOutcome } = byDay.get(date) ?? {};
          return { date, byOutcome, droppedFields };
        }),
      };
    },

    /** The newest failures first: this instance's unwritten ones, then the stored ones. */
    async failures(accountId: string, widgetId: string, limit: number): Promise<ChatFailures> {
      await findWidget(db, accountId, widgetId);
      const rows = await db
        .select()
        .from(chatFailures)
        .where(eq(chatFailures.widgetId, widgetId))
        .orderBy(desc(chatFailures.id))
        .limit(limit);
      const pending = [...failures.unflushed(widgetId)].reverse().map(
        (e, i): ChatFailure => ({
          id: `pending-${e.occurredAt.getTime()}-${i}`,
          occurredAt: e.occurredAt.toISOString(),
          code: e.rejection.code,
          outcome: e.outcome,
          message: e.rejection.message,
          hint: e.rejection.hint,
          kid: e.kid,
          claims: e.claims,
        }),
      );
      const stored = rows.map(
        (r): ChatFailure => ({
          id: String(r.id),
          occurredAt: r.occurredAt.toISOString(),
          code: rejectionCodeSchema.parse(r.code),
          outcome: r.outcome,
          message: r.message,
          hint: r.hint,
          kid: r.kid,
          claims: r.claims,
        }),
      );
      return { items: [...pending, ...stored].slice(0, limit) };
    },
  };
}
