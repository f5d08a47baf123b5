import { and, eq, inArray } from 'drizzle-orm';
import { effectiveStatus } from '../../shared/domain/signing-keys.ts';
import type { FieldCatalog } from '../../shared/schemas/fields.ts';
import type { Enforcement } from '../../shared/schemas/widgets.ts';
import type { VerifierKey, VerifierPolicy, VerifyContext } from '../../shared/token/verify-types.ts';
import type { Clock } from '../core/clock.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { loadCatalog } from '../store/field-catalog.ts';
import { signingKeys, widgets } from '../store/schema.ts';
import type { Db } from '../store/types.ts';

/** What a chat start needs of its widget, read once and kept. */
export interface WidgetConfig {
  widgetId: string;
  accountId: string;
  name: string;
  token: string;
  enforcement: Enforcement;
  allowlist: { ticketFields: ReadonlySet<string>; contactFields: ReadonlySet<string> };
  policy: VerifierPolicy;
}

/** What a chat start needs of its account: the opened keys and the field catalog. */
export interface AccountConfig {
  keys: VerifierKey[];
  catalog: FieldCatalog;
  verifyCatalog: VerifyContext['catalog'];
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

/** An entry's life while this instance cannot hear other instances' changes. */
const DEAF_TTL_MS = 1000;

/** Revoked keys are kept (opened) only to tell "signed with a revoked key" from a wrong secret. */
const REVOKED_KEYS_FOR_HINTS = 3;

/**
 * The hot path's view of the settings: widgets and accounts read from the store once and kept
 * until they change. A change made here drops the entry at once; a change made by another
 * instance arrives by NOTIFY (see config-changes.ts); and every entry expires after `ttlMs` anyway, or
 * when a retiring key's grace window ends, whichever comes first.
 */
export class ConfigCache {
  readonly #widgets = new Map<string, Entry<WidgetConfig | null>>();
  readonly #accounts = new Map<string, Entry<AccountConfig>>();
  /** Which account each cached widget belongs to, so an account's change drops its widgets. */
  readonly #accountOfWidget = new Map<string, string>();

  /** Bumped by every invalidation: a load that started before it is not kept. */
  #generation = 0;
  #listening = true;

  constructor(
    private readonly deps: { db: Db; box: SecretBox; clock: Clock },
    private readonly ttlMs = 30_000,
  ) {}

  /** How long an entry lives: long while other instances' changes reach us, a second otherwise. */
  get #ttl(): number {
    return this.#listening ? this.ttlMs : DEAF_TTL_MS;
  }

  setListening(listening: boolean): void {
    this.#listening = listening;
    this.invalidateAll();
  }

  widget(widgetId: string): Promise<WidgetConfig | null> {
    const now = this.deps.clock.now().getTime();
    const hit = this.#widgets.get(widgetId);
    if (hit && hit.expiresAt > now) return hit.value;
    const generation = this.#generation;
    const entry: Entry<WidgetConfig | null> = { value: this.#loadWidget(widgetId), expiresAt: now + this.#ttl };
    this.#widgets.set(widgetId, entry);
    const forget = () => {
      if (this.#widgets.get(widgetId) === entry) this.#widgets.delete(widgetId);
    };
    entry.value.then(
      // Unknown ids are not kept (anyone can send any id), nor a load a change overtook.
      (widget) => {
        if (!widget || generation !== this.#generation) forget();
      },
      forget,
    );
    return entry.value;
  }

  account(accountId: string): Promise<AccountConfig> {
    const now = this.deps.clock.now().getTime();
    const hit = this.#accounts.get(accountId);
    if (hit && hit.expiresAt > now) return hit.value;
    const generation = this.#generation;
    const entry: Entry<AccountConfig> = { value: Promise.resolve(null as never), expiresAt: now + this.#ttl };
    entry.value = this.#loadAccount(accountId, (retiresAt) => {
      entry.expiresAt = Math.min(entry.expiresAt, retiresAt);
    });
    this.#accounts.set(accountId, entry);
    const forget = () => {
      if (this.#accounts.get(accountId) === entry) this.#accounts.delete(accountId);
    };
    entry.value.then(() => {
      if (generation !== this.#generation) forget();
    }, forget);
    return entry.value;
  }

  /** Drops everything known of an account: its keys, catalog and widgets. */
  invalidateAccount(accountId: string): void {
    this.#generation += 1;
    this.#accounts.delete(accountId);
    for (const [widgetId, owner] of this.#accountOfWidget) {
      if (owner === accountId) {
        this.#widgets.delete(widgetId);
        this.#accountOfWidget.delete(widgetId);
      }
    }
  }

  invalidateAll(): void {
    this.#generation += 1;
    this.#accounts.clear();
    this.#widgets.clear();
    this.#accountOfWidget.clear();
  }

  async #loadWidget(widgetId: string): Promise<WidgetConfig | null> {
    const [row] = await this.deps.db.select().from(widgets).where(eq(widgets.id, widgetId)).limit(1);
    if (!row) return null;
    this.#accountOfWidget.set(widgetId, row.accountId);
    return {
      widgetId: row.id,
      accountId: row.accountId,
      name: row.name,
      token: row.token,
      enforcement: row.enforcement,
      allowlist: { ticketFields: new Set(row.allowlistTicketFields), contactFields: new Set(row.allowlistContactFields) },
      policy: { clockLeewaySeconds: row.clockLeewaySeconds, maxTokenLifetimeSeconds: row.maxTokenLifetimeSeconds },
    };
  }

  async #loadAccount(accountId: string, expiresBy: (ms: number) => void): Promise<AccountConfig> {
    const { db, box, clock } = this.deps;
    const now = clock.now();
    const rows = await db
      .select()
      .from(signingKeys)
      .where(and(eq(signingKeys.accountId, accountId), inArray(signingKeys.status, ['active', 'retiring', 'revoked'])));
    const live = rows.filter((r) => effectiveStatus(r, now) !== 'revoked');
    const revoked = rows
      .filter((r) => effectiveStatus(r, now) === 'revoked')
      .sort((a, b) => (b.revokedAt ?? b.retiresAt ?? b.createdAt).getTime() - (a.revokedAt ?? a.retiresAt ?? a.createdAt).getTime())
      .slice(0, REVOKED_KEYS_FOR_HINTS);
    for (const r of live) if (r.retiresAt) expiresBy(r.retiresAt.getTime());
    const keys: VerifierKey[] = [...live, ...revoked].map((r) => ({
      kid: r.kid,
      status: effectiveStatus(r, now),
      secret: box.open(r.sealedSecret, { accountId, kid: r.kid }),
    }));
    // Active first, then retiring: the order the verifier tries them without a kid.
    const order = { active: 0, retiring: 1, revoked: 2 } as const;
    keys.sort((a, b) => order[a.status] - order[b.status]);
    const catalog = await loadCatalog(db, accountId);
    return { keys, catalog, verifyCatalog: { ticketFields: catalog.ticketFields, contactFields: catalog.contactFields } };
  }
}
