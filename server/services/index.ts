import type { SecretBox } from '../crypto/secret-box.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { createAuthService } from './auth.ts';
import type { Clock } from './principal.ts';
import { createSigningKeyService } from './signing-keys.ts';
import { createUserAuthService } from './user-auth.ts';

export function createServices(deps: { db: Db; box: SecretBox; clock: Clock; logger: Logger }) {
  return {
    auth: createAuthService(deps),
    userAuth: createUserAuthService(deps),
    signingKeys: createSigningKeyService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
