import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

type ProvenanceMap = Record<string, { source: 'token' | 'visitor' | 'ai_agent'; setAt: string }>;

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'agent'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value: a leaked table does not hand out sessions. */
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_key').on(t.keyHash)],
);

export const widgets = pgTable(
  'widgets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    name: text('name').notNull(),
    token: text('token').notNull(),
    host: text('host').notNull(),
    createdAt: ts('created_at').notNull(),
    enforcement: text('enforcement', { enum: ['enforced', 'not_enforced'] }).notNull(),
    allowlistTicketFields: jsonb('allowlist_ticket_fields').$type<string[]>().notNull(),
    allowlistContactFields: jsonb('allowlist_contact_fields').$type<string[]>().notNull(),
    clockLeewaySeconds: integer('clock_leeway_seconds').notNull(),
    maxTokenLifetimeSeconds: integer('max_token_lifetime_seconds').notNull(),
    version: integer('version').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('widgets_token_key').on(t.token), index('widgets_account_idx').on(t.accountId)],
);

export const signingKeys = pgTable(
  'signing_keys',
  {
    kid: text('kid').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    status: text('status', { enum: ['active', 'retiring', 'revoked'] }).notNull(),
    /** AES-256-GCM envelope (see server/crypto/secret-box.ts); the plaintext is never stored. */
    sealedSecret: text('sealed_secret').notNull(),
    last4: text('last4').notNull(),
    createdAt: ts('created_at').notNull(),
    retiresAt: ts('retires_at'),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [
    // The database itself holds the line: at most one active and one retiring key per account.
    uniqueIndex('signing_keys_one_active').on(t.accountId).where(sql`status = 'active'`),
    uniqueIndex('signing_keys_one_retiring').on(t.accountId).where(sql`status = 'retiring'`),
  ],
);

export const fields = pgTable(
  'fields',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    entity: text('entity', { enum: ['ticket', 'contact'] }).notNull(),
    name: text('name').notNull(),
    label: text('label').notNull(),
    type: text('type').notNull(),
    custom: boolean('custom').notNull(),
    choices: jsonb('choices').$type<string[]>(),
    position: integer('position').notNull(),
    version: integer('version').notNull().default(1),
    /** An archived custom field leaves the catalog (tokens carrying it drop it); its name stays taken. */
    archivedAt: ts('archived_at'),
  },
  (t) => [uniqueIndex('fields_account_entity_name_key').on(t.accountId, t.entity, t.name)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    occurredAt: ts('occurred_at').notNull(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system'] }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    widgetId: text('widget_id'),
    kid: text('kid'),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
  },
  (t) => [index('audit_events_account_id_idx').on(t.accountId, t.id)],
);

/**
 * People who chat. A verified contact comes from a token's identity and is found again by its
 * email or unique_external_id (each unique among the account's verified contacts). An anonymous
 * visitor's contact is unverified: an email they type is a detail, not an identity, so it can
 * never be claimed by, or take over, the person who really owns it.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    email: text('email'),
    uniqueExternalId: text('unique_external_id'),
    name: text('name'),
    verified: boolean('verified').notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull(),
    /** Where each value came from (the token or the visitor's typing) and when it was set. */
    provenance: jsonb('provenance').$type<ProvenanceMap>().notNull().default({}),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('contacts_email_key').on(t.accountId, t.email).where(sql`email is not null and verified`),
    index('contacts_unverified_email_idx').on(t.accountId, t.email).where(sql`email is not null and not verified`),
    uniqueIndex('contacts_external_id_key').on(t.accountId, t.uniqueExternalId).where(sql`unique_external_id is not null`),
  ],
);

/** A ticket opened by a chat; `authenticated` is what agents trust (no tag) or not (the tag). */
export const tickets = pgTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    widgetId: text('widget_id').notNull().references(() => widgets.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    authenticated: boolean('authenticated').notNull(),
    verification: text('verification').notNull(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    status: text('status').notNull(),
    priority: integer('priority'),
    type: text('type'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull(),
    /** Started from the console's token tester: never counted in readiness. */
    test: boolean('test').notNull().default(false),
    /** Token fields that were not applied, and why (shown to the agent). */
    droppedFields: jsonb('dropped_fields').$type<{ entity: 'contact' | 'ticket'; name: string; reason: 'not_in_catalog' | 'email_in_use' }[]>().notNull().default([]),
    /** Where each ticket field came from and when it was set. */
    provenance: jsonb('provenance').$type<ProvenanceMap>().notNull().default({}),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('tickets_account_created_idx').on(t.accountId, t.createdAt, t.id)],
);

/** One chat: which widget, contact and ticket, how it was verified, and until when. */
export const chatSessions = pgTable(
  'chat_sessions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull().references(() => accounts.id),
    widgetId: text('widget_id').notNull().references(() => widgets.id),
    contactId: text('contact_id').notNull().references(() => contacts.id),
    ticketId: text('ticket_id').notNull().references(() => tickets.id),
    authenticated: boolean('authenticated').notNull(),
    kid: text('kid'),
    /** SHA-256 of the session secret the widget holds for chat.updateFields. */
    secretHash: text('secret_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    /** The token's person (`email:…` or `external:…`, see shared/domain/session.ts); null for an anonymous chat. */
    identity: text('identity'),
    /** The latest token's `exp`: the identity holds until then, plus the widget's leeway. */
    tokenExpiresAt: ts('token_expires_at'),
    endedAt: ts('ended_at'),
    endReason: text('end_reason', { enum: ['ended', 'revoked'] }),
  },
  (t) => [index('chat_sessions_open_identity_idx').on(t.accountId, t.identity).where(sql`ended_at is null and identity is not null`)],
);

/** The conversation of a chat: the visitor's messages and the agents' replies, in `seq` order. */
export const chatMessages = pgTable(
  'chat_messages',
  {
    id: text('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    sessionId: text('session_id').notNull().references(() => chatSessions.id),
    ticketId: text('ticket_id').notNull().references(() => tickets.id),
    author: text('author', { enum: ['visitor', 'agent'] }).notNull(),
    /** The replying agent; null for the visitor. */
    authorUserId: text('author_user_id'),
    authorName: text('author_name'),
    body: text('body').notNull(),
    /** Whether the session's token was valid when the visitor sent it (true for agents' replies). */
    authenticated: boolean('authenticated').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('chat_messages_session_seq_idx').on(t.sessionId, t.seq), index('chat_messages_ticket_seq_idx').on(t.ticketId, t.seq)],
);

/**
 * Chat starts per widget, UTC day and outcome, for readiness. Counted in memory and added here
 * every few seconds, so a refused token costs no write of its own.
 */
export const verificationDaily = pgTable(
  'verification_daily',
  {
    widgetId: text('widget_id').notNull().references(() => widgets.id),
    day: date('day', { mode: 'string' }).notNull(),
    outcome: text('outcome').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.widgetId, t.day, t.outcome] })],
);

/**
 * The last rejected or unauthenticated chat starts per widget (SPEC §4.8), kept to the newest 100:
 * the code and hint, the key id, and the claim names. Never a claim value, never the token.
 */
export const chatFailures = pgTable(
  'chat_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    widgetId: text('widget_id').notNull().references(() => widgets.id),
    occurredAt: ts('occurred_at').notNull(),
    code: text('code').notNull(),
    outcome: text('outcome', { enum: ['refused', 'unauthenticated'] }).notNull(),
    message: text('message').notNull(),
    hint: text('hint').notNull(),
    kid: text('kid'),
    claims: jsonb('claims').$type<string[]>().notNull(),
  },
  (t) => [index('chat_failures_widget_idx').on(t.widgetId, t.id)],
);
