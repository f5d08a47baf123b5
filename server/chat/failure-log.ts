import { sql } from 'drizzle-orm';
import type { ChatFailure } from '../../shared/schemas/readiness.ts';
import { REJECTION_HINTS, REJECTION_MESSAGES, type Rejection, type RejectionCode } from '../../shared/token/codes.ts';
import { isJsonObject } from '../../shared/token/json.ts';
import type { Db } from '../store/types.ts';

/** Recent failures kept per widget (SPEC §4.8). */
export const FAILURES_KEPT = 100;
const MAX_CLAIM_NAMES = 40;
const MAX_NAME_LENGTH = 80;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A name from an unverified token as the store can hold it: anyone can send a token, and a NUL
 * or an unpaired surrogate would make the batch's insert fail (text and jsonb refuse both).
 */
export function storableName(name: string): string {
  const clean = name.replaceAll('\u0000', '\uFFFD').replace(UNPAIRED_SURROGATE, '\uFFFD');
  return clean.length > MAX_NAME_LENGTH ? `${clean.slice(0, MAX_NAME_LENGTH)}…` : clean;
}

/**
 * What Recent failures says of a refusal: the code's own sentence and fix. The verifier's
 * detailed message and hint quote claim values (an email, an id, a time), and SPEC §4.8 lists
 * names only; the token tester gives the detail to the admin who has the token.
 */
export function failureOf(code: RejectionCode): Rejection {
  return { code, message: REJECTION_MESSAGES[code], hint: REJECTION_HINTS[code] };
}

export interface FailureEntry {
  widgetId: string;
  occurredAt: Date;
  outcome: ChatFailure['outcome'];
  rejection: Rejection;
  kid: string | null;
  claims: string[];
}

/**
 * The names of the claims a refused token carried, never their values: top-level names, then
 * `contactProperties.x` and `ticketProperties.y`. Bounded, since anyone can send a token.
 */
export function claimNames(payload: Record<string, unknown> | undefined): string[] {
  if (!payload) return [];
  const names: string[] = [];
  for (const [name, value] of Object.entries(payload)) {
    names.push(name);
    if ((name === 'contactProperties' || name === 'ticketProperties') && isJsonObject(value)) {
      for (const field of Object.keys(value)) names.push(`${name}.${field}`);
    }
    if (names.length >= MAX_CLAIM_NAMES) break;
  }
  return names.slice(0, MAX_CLAIM_NAMES).map(storableName);
}

/**
 * Refused and unauthenticated chat starts, kept in memory and written with the outcome counts
 * every few seconds (a refusal costs no write of its own), then trimmed to the newest 100 per
 * widget. In memory too only the newest 100 per widget wait, so a flood costs bounded memory.
 */
export class FailureLog {
  #pending = new Map<string, FailureEntry[]>();

  add(entry: FailureEntry): void {
    const list = this.#pending.get(entry.widgetId) ?? [];
    list.push(entry);
    if (list.length > FAILURES_KEPT) list.shift();
    this.#pending.set(entry.widgetId, list);
  }

  /** This instance's failures not written yet, oldest first. */
  unflushed(widgetId: string): readonly FailureEntry[] {
    return this.#pending.get(widgetId) ?? [];
  }

  async flush(db: Db): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      const rows = [...batch.values()].flat().map(
        (e) =>
          sql`(${e.widgetId}, ${e.occurredAt.toISOString()}::timestamptz, ${e.rejection.code}, ${e.outcome}, ${e.rejection.message}, ${e.rejection.hint}, ${e.kid}, ${JSON.stringify(e.claims)}::jsonb)`,
      );
      await db.transaction(async (tx) => {
        await tx.execute(sql`
          insert into chat_failures (widget_id, occurred_at, code, outcome, message, hint, kid, claims)
          values ${sql.join(rows, sql`, `)}`);
        for (const widgetId of batch.keys()) {
          await tx.execute(sql`
            delete from chat_failures where widget_id = ${widgetId} and id < (
              select id from chat_failures where widget_id = ${widgetId} order by id desc offset ${FAILURES_KEPT - 1} limit 1)`);
        }
      });
    } catch (error) {
      // Keep them for the next try, before those that came in meanwhile (newest 100 per widget).
      const newer = this.#pending;
      this.#pending = batch;
      for (const entries of newer.values()) for (const e of entries) this.add(e);
      throw error;
    }
  }
}
