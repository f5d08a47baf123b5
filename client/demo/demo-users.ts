/** The demo's sign-in, shown on its sign-in screen: the seed's admin and agent with known passwords. */
export const DEMO_USERS = {
  admin: { email: 'admin@example.com', password: 'demo-admin-password' },
  agent: { email: 'agent@example.com', password: 'demo-agent-password' },
} as const;
