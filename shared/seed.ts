import type { Field } from './schemas/fields.ts';
import type { UserAuthSettings } from './schemas/user-auth.ts';
import { CLOCK_LEEWAY_DEFAULT_SECONDS, MAX_TOKEN_LIFETIME_DEFAULT_SECONDS } from './schemas/user-auth.ts';

/**
 * What a first start creates, as plain data: the server's seed and the browser's mock store
 * both start from it, so the console looks the same against either.
 */
export const SEED_ACCOUNT_NAME = 'Acme Support';

export const SEED_USER_NAMES = { admin: 'Avery Admin', agent: 'Sam Agent' } as const;

export const SEED_WIDGETS = [
  { name: 'Website chat', host: 'https://www.acme.example' },
  { name: 'Customer portal', host: 'https://portal.acme.example' },
] as const;

/** Every widget starts open to everyone, with a small allowlist and the default policy. */
export const SEED_SETTINGS: Pick<UserAuthSettings, 'enforcement' | 'allowlist' | 'clockLeewaySeconds' | 'maxTokenLifetimeSeconds'> = {
  enforcement: 'not_enforced',
  allowlist: { ticketFields: ['subject', 'description'], contactFields: ['name', 'email'] },
  clockLeewaySeconds: CLOCK_LEEWAY_DEFAULT_SECONDS,
  maxTokenLifetimeSeconds: MAX_TOKEN_LIFETIME_DEFAULT_SECONDS,
};

/** The help desk's field catalog (SPEC §1), with the custom fields its example payloads use. */
export const SEED_TICKET_FIELDS: Field[] = [
  { name: 'subject', label: 'Subject', type: 'text', custom: false },
  { name: 'description', label: 'Description', type: 'paragraph', custom: false },
  { name: 'priority', label: 'Priority', type: 'priority', custom: false },
  { name: 'type', label: 'Type', type: 'dropdown', custom: false, choices: ['Question', 'Incident', 'Problem', 'Feature Request', 'Refund'] },
  { name: 'status', label: 'Status', type: 'dropdown', custom: false, choices: ['Open', 'Pending', 'Resolved', 'Closed'] },
  { name: 'cf_order_number', label: 'Order number', type: 'text', custom: true },
  { name: 'cf_plan', label: 'Plan', type: 'dropdown', custom: true, choices: ['Free', 'Growth', 'Pro', 'Enterprise'] },
  // The help desk's documented example payloads carry it (testdata/seed-payloads), so they land whole.
  { name: 'cf_project', label: 'Project', type: 'text', custom: true },
];

export const SEED_CONTACT_FIELDS: Field[] = [
  { name: 'name', label: 'Full name', type: 'text', custom: false },
  { name: 'email', label: 'Email', type: 'email', custom: false },
  { name: 'mobile', label: 'Mobile phone', type: 'phone', custom: false },
  { name: 'phone', label: 'Work phone', type: 'phone', custom: false },
  { name: 'job_title', label: 'Job title', type: 'text', custom: false },
  { name: 'address', label: 'Address', type: 'paragraph', custom: false },
  { name: 'state', label: 'State', type: 'text', custom: false },
  { name: 'pincode', label: 'Pincode', type: 'text', custom: false },
  { name: 'language', label: 'Language', type: 'language', custom: false },
  { name: 'cf_customer_tier', label: 'Customer tier', type: 'dropdown', custom: true, choices: ['Standard', 'Gold', 'Platinum'] },
  { name: 'cf_account_number', label: 'Account number', type: 'text', custom: true },
];

