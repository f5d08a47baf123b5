import { sql } from 'drizzle-orm';
import type { Queryable } from '../store/types.ts';

/** Every instance LISTENs here; the payload is the ids of sessions with news, comma-separated. */
export const CHAT_CHANNEL = 'wca_chat';

/** Polls one session may have waiting at once (a visitor's tabs); more answer the oldest. */
const MAX_WAITERS = 8;

export interface Subscription {
  /** Resolves on news since the subscription began, after `ms`, or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  /** A newer poll of the session took this one's place: answer now, do not wait again. */
  readonly evicted: boolean;
  close(): void;
}

interface Waiter {
  news(): void;
  evict(): void;
}

/** NOTIFY payloads must stay under 8000 bytes; ids are at most 100 characters. */
const IDS_PER_NOTIFY = 60;

/**
 * Wakes the widget's long polls (SPEC §7): a poll waits on its session here; a reply, a message
 * or an ending NOTIFYs the session's id, and every instance that hears it wakes that session's
 * polls, which then read the database. While the listener is down no news can be heard, so a
 * poll waits a second at most.
 */
export class SessionEvents {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private listening = true;
  /** Shutting down: no poll waits any more. */
  closed = false;

  /**
   * Starts listening for news of this session before the caller reads the database, so news that
   * lands between the read and the wait is not missed: `wait` then resolves at once. A session
   * keeps at most MAX_WAITERS polls; a newer one answers the oldest, which simply polls again.
   */
  subscribe(sessionId: string): Subscription {
    let set = this.waiters.get(sessionId);
    if (!set) this.waiters.set(sessionId, (set = new Set()));
    if (set.size >= MAX_WAITERS) [...set][0]?.evict();
    let fired = this.closed;
    let evicted = false;
    let wake: (() => void) | null = null;
    const waiter: Waiter = {
      news: () => {
        fired = true;
        wake?.();
      },
      evict: () => {
        evicted = true;
        waiter.news();
      },
    };
    set.add(waiter);
    return {
      wait: (ms, signal) =>
        new Promise<void>((resolve) => {
          if (fired || this.closed || signal?.aborted) return resolve();
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            wake = null;
            resolve();
          };
          const timer = setTimeout(done, this.listening ? ms : Math.min(ms, 1000));
          signal?.addEventListener('abort', done, { once: true });
          wake = done;
        }),
      get evicted() {
        return evicted;
      },
      close: () => {
        set.delete(waiter);
        if (set.size === 0 && this.waiters.get(sessionId) === set) this.waiters.delete(sessionId);
      },
    };
  }

  /** Heard from any instance (this one included): wake these sessions' polls. */
  heard(payload: string): void {
    for (const id of payload.split(',')) for (const waiter of [...(this.waiters.get(id) ?? [])]) waiter.news();
  }

  /** The listener was lost or is back: every poll re-reads now. */
  setListening(listening: boolean): void {
    this.listening = listening;
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.news();
  }

  /** Shutting down: every poll answers now with what it has, and none waits again. */
  close(): void {
    this.closed = true;
    this.setListening(this.listening);
  }
}

/** Tells every instance these sessions have news; inside a transaction it goes out only if it commits. */
export async function announceSessions(q: Queryable, sessionIds: readonly string[]): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += IDS_PER_NOTIFY) {
    await q.execute(sql`select pg_notify(${CHAT_CHANNEL}, ${sessionIds.slice(i, i + IDS_PER_NOTIFY).join(',')})`);
  }
}
