/**
 * Counts failures per key in a fixed window. Kept in memory: with several instances each keeps
 * its own count, so the effective limit is per instance (written down in docs/decisions).
 */
export class FailureWindow {
  readonly #entries = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it is not blocked. */
  blockedFor(key: string, nowMs: number): number {
    const entry = this.#entries.get(key);
    if (!entry || entry.resetAt <= nowMs) return 0;
    return entry.count >= this.limit ? entry.resetAt - nowMs : 0;
  }

  /** Records one failure and returns the count in the current window. */
  fail(key: string, nowMs: number): number {
    const entry = this.#entries.get(key);
    if (!entry || entry.resetAt <= nowMs) {
      this.#entries.set(key, { count: 1, resetAt: nowMs + this.windowMs });
      this.#sweep(nowMs);
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  /** Takes back one counted attempt (it turned out to succeed). */
  undo(key: string): void {
    const entry = this.#entries.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
  }

  clear(key: string): void {
    this.#entries.delete(key);
  }

  #sweep(nowMs: number): void {
    if (this.#entries.size < 10_000) return;
    for (const [key, entry] of this.#entries) if (entry.resetAt <= nowMs) this.#entries.delete(key);
  }
}
