import type { Role, User } from '../../shared/schemas/auth.ts';

/** Who is acting. The account always comes from here, never from input. */
export type Principal =
  | { kind: 'user'; accountId: string; role: Role; user: User; session: { idHash: string; csrfToken: string } }
  | { kind: 'api_key'; accountId: string; role: 'admin'; apiKey: { id: string; name: string } };

/** What every audited action carries besides its own facts. */
export interface ActionMeta {
  principal: Principal;
  requestId: string;
}

export function actorOf(principal: Principal) {
  return principal.kind === 'user'
    ? { actorType: 'user' as const, actorId: principal.user.id, actorLabel: principal.user.email }
    : { actorType: 'api_key' as const, actorId: principal.apiKey.id, actorLabel: `API key “${principal.apiKey.name}”` };
}
