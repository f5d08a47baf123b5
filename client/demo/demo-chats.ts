import { eq } from 'drizzle-orm';
import type { SecretBox } from '../../server/crypto/secret-box.ts';
import type { Logger } from '../../server/logger.ts';
import { createServices } from '../../server/services/index.ts';
import { signingKeys, widgets } from '../../server/store/schema.ts';
import type { Store } from '../../server/store/types.ts';
import { signHs256 } from '../lib/sign-hs256.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoChat {
  /** How long before now the chat started. */
  ago: number;
  widget: 0 | 1;
  /** The signed-in visitor's claims, or null for an anonymous visitor. */
  visitor: Record<string, unknown> | null;
  /** The visitor's token had expired (signed, but `exp` in the past). */
  expired?: boolean;
  message: string;
  ticketProperties?: Record<string, unknown>;
}

const ADA = { email: 'ada@example.com', contactProperties: { name: 'Ada Lovelace', cf_customer_tier: 'Gold', job_title: 'Analyst', language: 'en' } };
const GRACE = {
  unique_external_id: 'cust-1906',
  contactProperties: { name: 'Grace Hopper', email: 'grace@example.com', cf_customer_tier: 'Platinum', cf_account_number: 'AC-1906', language: 'en' },
};
const LINUS = { email: 'linus@example.com', contactProperties: { name: 'Linus Torvalds', cf_customer_tier: 'Standard', language: 'fi', state: 'Oregon' } };

/** A week of chats, oldest first: three verified visitors, two anonymous ones (one with an expired token). */
const CHATS: DemoChat[] = [
  {
    ago: 5 * DAY + 3 * HOUR,
    widget: 0,
    visitor: ADA,
    message: 'I was charged twice for order 10452\nBoth charges show on my card statement from Tuesday.',
    ticketProperties: { status: 'Resolved', priority: 3, type: 'Refund', cf_order_number: '10452', cf_plan: 'Pro' },
  },
  { ago: 4 * DAY + 6 * HOUR, widget: 1, visitor: null, message: 'Do you ship to Norway?' },
  {
    ago: 2 * DAY + 2 * HOUR,
    widget: 1,
    visitor: GRACE,
    message: 'Export of all invoices for 2025\nOur auditors need every invoice as PDF.',
    ticketProperties: { status: 'Pending', priority: 2, type: 'Question', cf_plan: 'Enterprise', cf_project: 'Annual audit' },
  },
  { ago: 1 * DAY + 4 * HOUR, widget: 0, visitor: LINUS, expired: true, message: 'Where is my order?\nIt said two days and it has been a week.' },
  {
    ago: 2 * HOUR,
    widget: 0,
    visitor: LINUS,
    message: 'The app crashes when I upload a photo\nVersion 4.2 on Android, every time since the update.',
    ticketProperties: { status: 'Open', priority: 4, type: 'Incident', cf_plan: 'Growth' },
  },
];

/**
 * A fresh demo's history, made the way real chats are: each one a chat start through the
 * server's own chat service at its time in the past, with a token signed by the demo's key (or
 * none), so contacts, tickets, readiness counts, Recent failures and the key's last use are what the
 * product wrote.
 */
export async function seedDemoChats(store: Store, box: SecretBox, logger: Logger): Promise<void> {
  const now = Date.now();
  let at = new Date(now - 7 * DAY);
  const services = createServices({ db: store.db, box, clock: { now: () => at }, logger, chatRateLimitPerMinute: 0 });
  // The account was set up before its first chat.
  await store.db.update(widgets).set({ createdAt: at, updatedAt: at });
  await store.db.update(signingKeys).set({ createdAt: at });
  const [key] = await store.db.select().from(signingKeys).where(eq(signingKeys.status, 'active'));
  if (!key) throw new Error('The demo seed needs the active signing key');
  const secret = box.open(key.sealedSecret, { accountId: key.accountId, kid: key.kid });
  const rows = await store.db.select().from(widgets).orderBy(widgets.name);
  // Website chat first, as SEED_WIDGETS lists it; the names sort the other way round.
  const ordered = [...rows].reverse();
  for (const chat of CHATS) {
    const widget = ordered[chat.widget];
    if (!widget) throw new Error(`The demo seed needs widget ${chat.widget}`);
    at = new Date(now - chat.ago);
    const seconds = Math.floor(at.getTime() / 1000);
    const jwtAuthToken = chat.visitor
      ? await signHs256({ ...chat.visitor, ticketProperties: chat.ticketProperties, iat: seconds - 3600, exp: chat.expired ? seconds - 600 : seconds + 3600 }, secret, { kid: key.kid })
      : undefined;
    await services.chat.start({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken, message: chat.message }, 'demo seed');
  }
  await services.runtime.counters.flush(store.db);
  await services.runtime.keyUsage.flush(store.db);
  await services.runtime.failures.flush(store.db);
}
