import { eq } from 'drizzle-orm';
import type { ActionMeta } from '../../server/core/principal.ts';
import type { SecretBox } from '../../server/crypto/secret-box.ts';
import type { Logger } from '../../server/logger.ts';
import { createServices } from '../../server/services/index.ts';
import { signingKeys, users, widgets } from '../../server/store/schema.ts';
import type { Db, Store } from '../../server/store/types.ts';
import { signHs256 } from '../lib/sign-hs256.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * What happened after the first message, minutes after the chat started: a visitor's message or
 * the contact details they typed in the widget, an agent's reply, the visitor closing the chat.
 */
type Step = { minutes: number } & ({ visitor: string } | { types: Record<string, string> } | { agent: string } | { ends: true });

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
  then?: Step[];
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
    then: [
      { minutes: 4, agent: 'Sorry about that, Ada. I can see both charges; I have refunded the second one. It shows on your card within 3 working days.' },
      { minutes: 6, visitor: 'Great, thank you!' },
      { minutes: 7, ends: true },
    ],
  },
  {
    ago: 4 * DAY + 6 * HOUR,
    widget: 1,
    visitor: null,
    message: 'Do you ship to Norway?',
    then: [
      { minutes: 2, agent: 'We do: 3 to 5 working days, and duties are paid at checkout.' },
      { minutes: 3, visitor: 'Perfect, and can I send the parcel to my office address?' },
      // Not signed in, the visitor gives a known customer's email: the agent sees the claim, unverified.
      { minutes: 4, types: { name: 'Ada', email: 'ada@example.com' } },
    ],
  },
  {
    ago: 2 * DAY + 2 * HOUR,
    widget: 1,
    visitor: GRACE,
    message: 'Export of all invoices for 2025\nOur auditors need every invoice as PDF.',
    ticketProperties: { status: 'Pending', priority: 2, type: 'Question', cf_plan: 'Enterprise', cf_project: 'Annual audit' },
    then: [
      { minutes: 5, agent: 'Hi Grace, Billing › Invoices › Export gives you one ZIP of PDFs per year. Shall I prepare it for you?' },
      { minutes: 9, visitor: 'Yes please, for account AC-1906.' },
    ],
  },
  {
    ago: 1 * DAY + 4 * HOUR,
    widget: 0,
    visitor: LINUS,
    expired: true,
    message: 'Where is my order?\nIt said two days and it has been a week.',
    then: [{ minutes: 1, visitor: 'The order number is 20931.' }],
  },
  {
    ago: 2 * HOUR,
    widget: 0,
    visitor: LINUS,
    message: 'The app crashes when I upload a photo\nVersion 4.2 on Android, every time since the update.',
    ticketProperties: { status: 'Open', priority: 4, type: 'Incident', cf_plan: 'Growth' },
    then: [
      { minutes: 3, agent: 'Thanks Linus, we are looking into it. Does it happen with photos taken by the camera app too?' },
      { minutes: 5, visitor: 'Yes, with any photo.' },
    ],
  },
];

/**
 * A fresh demo's history, made the way real chats are: each one a chat start through the
 * server's own chat service at its time in the past, with a token signed by the demo's key (or
 * none), then the visitor's further messages, the demo agent's replies (the service behind
 * `tickets.reply`) and a visitor ending a chat through the session service; so contacts, tickets,
 * conversations, readiness counts, Recent failures and the key's last use are what the product wrote.
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
  const agent = await demoAgent(store.db);
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
    const started = await services.chat.start({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken, message: chat.message }, 'demo seed');
    if (!started.ok) throw new Error(`The demo chat "${chat.message}" was refused: ${started.rejection.code}`);
    const { sessionId, sessionSecret, ticketId } = started.chat;
    const startedAt = at.getTime();
    for (const step of chat.then ?? []) {
      at = new Date(startedAt + step.minutes * MINUTE);
      if ('agent' in step) await services.sessions.reply(agent, { ticketId, text: step.agent });
      else if ('visitor' in step) expectOk(await services.sessions.postMessage(sessionId, { sessionSecret, text: step.visitor }), step.visitor);
      else if ('types' in step) await services.chat.updateFields({ sessionId, actor: 'visitor', sessionSecret, contactFields: step.types, ticketFields: {} }, null);
      else expectOk(await services.sessions.end(sessionId, { sessionSecret }), 'the end of the chat');
    }
  }
  await services.runtime.counters.flush(store.db);
  await services.runtime.keyUsage.flush(store.db);
  await services.runtime.failures.flush(store.db);
}

/** The seed's agent, replying as a signed-in agent would (the principal `tickets.reply` gets). */
async function demoAgent(db: Db): Promise<ActionMeta> {
  const [user] = await db.select().from(users).where(eq(users.role, 'agent'));
  if (!user) throw new Error('The demo seed needs its agent');
  return {
    principal: {
      kind: 'user',
      accountId: user.accountId,
      role: 'agent',
      user: { id: user.id, email: user.email, name: user.name, role: 'agent' },
      session: { idHash: 'demo seed', csrfToken: 'demo seed' },
    },
    requestId: 'demo seed',
  };
}

function expectOk(result: { ok: true } | { ok: false; refusal: { code: string } }, what: string): void {
  if (!result.ok) throw new Error(`The demo seed's ${what} was refused: ${result.refusal.code}`);
}
