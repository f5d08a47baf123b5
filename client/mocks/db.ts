import type { AuthSettings } from '../../shared/domain/settings.ts';
import type { Role } from '../../shared/schemas/auth.ts';
import type { FieldCatalog } from '../../shared/schemas/fields.ts';
import type { SigningKeyStatus } from '../../shared/schemas/signing-keys.ts';
import { SEED_CONTACT_FIELDS, SEED_SETTINGS, SEED_TICKET_FIELDS, SEED_USER_NAMES, SEED_WIDGETS } from '../../shared/seed.ts';

/**
 * The browser's stand-in for the server's store: the same seed, held in memory. The msw handlers
 * run the shared domain rules over it, so component tests (and the demo) see the product's
 * behaviour, not an imitation of it.
 */
export interface MockUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface MockWidget {
  id: string;
  name: string;
  token: string;
  host: string;
  createdAt: Date;
  settings: AuthSettings & { updatedAt: Date };
}

export interface MockSigningKey {
  kid: string;
  secret: string;
  status: SigningKeyStatus;
  createdAt: Date;
  retiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface MockApiKey {
  id: string;
  name: string;
  key: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface MockContact {
  id: string;
  name: string | null;
  email: string | null;
  uniqueExternalId: string | null;
  /**
   * Identified by a signed-in visitor's token (as the server's `contacts.verified`): only verified
   * contacts are found again by email or unique_external_id. Absent means false (an anonymous visitor).
   */
  verified?: boolean;
  properties: Record<string, unknown>;
}

export interface MockTicket {
  id: string;
  widgetId: string;
  contactId: string;
  authenticated: boolean;
  verification: string;
  subject: string;
  description: string;
  status: string;
  priority: number | null;
  type: string | null;
  properties: Record<string, unknown>;
  createdAt: Date;
}

export interface MockDb {
  now(): Date;
  users: MockUser[];
  widgets: MockWidget[];
  keys: MockSigningKey[];
  apiKeys: MockApiKey[];
  catalog: FieldCatalog;
  contacts: MockContact[];
  tickets: MockTicket[];
  /** Chat starts per widget, UTC day (YYYY-MM-DD) and outcome, as readiness reads them. */
  outcomes: { widgetId: string; day: string; outcome: string; count: number }[];
  /** The one browser's session: who signed in, and the CSRF token their mutations must carry. */
  session: { userId: string; csrfToken: string } | null;
}

export const MOCK_USERS = {
  admin: { email: 'admin@example.com', password: 'demo-admin-password' },
  agent: { email: 'agent@example.com', password: 'demo-agent-password' },
} as const;

/** A first start's data: the seed's account, widgets, catalog and users, and one active key. */
export function createMockDb(options: { now?: () => Date } = {}): MockDb {
  const now = options.now ?? (() => new Date());
  const at = now();
  return {
    now,
    users: (['admin', 'agent'] as const).map((role) => ({
      id: randomId(),
      email: MOCK_USERS[role].email,
      password: MOCK_USERS[role].password,
      name: SEED_USER_NAMES[role],
      role,
    })),
    widgets: SEED_WIDGETS.map((w) => ({
      id: randomId(),
      name: w.name,
      host: w.host,
      token: randomToken(18),
      createdAt: at,
      settings: { ...structuredClone(SEED_SETTINGS), version: 1, updatedAt: at },
    })),
    keys: [newSigningKey(at)],
    apiKeys: [],
    contacts: [],
    tickets: [],
    outcomes: [],
    catalog: { ticketFields: structuredClone(SEED_TICKET_FIELDS), contactFields: structuredClone(SEED_CONTACT_FIELDS) },
    session: null,
  };
}

export function newSigningKey(at: Date): MockSigningKey {
  return { kid: `k_${randomToken(9)}`, secret: randomToken(32), status: 'active', createdAt: at, retiresAt: null, revokedAt: null, lastUsedAt: null };
}

/** CSPRNG bytes as base64url, as the server makes its secrets. */
export function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomId(): string {
  return crypto.randomUUID();
}
