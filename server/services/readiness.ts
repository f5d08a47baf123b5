import { and, eq, gte } from 'drizzle-orm';
import type { Readiness } from '../../shared/schemas/readiness.ts';
import type { OutcomeCounters } from '../chat/counters.ts';
import { utcDay } from '../chat/counters.ts';
import type { Clock } from '../core/clock.ts';
import { verificationDaily } from '../store/schema.ts';
import type { Db } from '../store/types.ts';
import { findWidget } from './widgets.ts';

/** Chat starts per UTC day and outcome for the last `days` days, today included, oldest first. */
export function createReadinessService(deps: { db: Db; clock: Clock; counters: OutcomeCounters }) {
  const { db, clock, counters } = deps;
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
      return { days: dates.map((date) => ({ date, byOutcome: byDay.get(date) ?? {} })) };
    },
  };
}
