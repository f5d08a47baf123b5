/** The seeded users of every e2e server. */
export const ADMIN = { email: 'admin@acme.test', password: 'admin-password-123', name: 'Avery Admin' };
export const AGENT = { email: 'agent@acme.test', password: 'agent-password-123', name: 'Sam Agent' };
export type Who = typeof ADMIN;
