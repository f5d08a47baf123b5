import { createChatService } from '../chat/chat-service.ts';
import { KeyUsage, OutcomeCounters } from '../chat/counters.ts';
import { FailureLog } from '../chat/failure-log.ts';
import { SessionEvents } from '../chat/session-events.ts';
import { createSessionService } from '../chat/session-service.ts';
import type { Clock } from '../core/clock.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Logger } from '../logger.ts';
import { ConfigCache } from '../settings/config-cache.ts';
import { createConfigChanges } from '../settings/config-changes.ts';
import type { Db } from '../store/types.ts';
import { createAuthService } from './auth.ts';
import { createFieldService } from './fields.ts';
import { createReadinessService } from './readiness.ts';
import { createSigningKeyService } from './signing-keys.ts';
import { createTicketService } from './tickets.ts';
import { createTokenService } from './tokens.ts';
import { createUserAuthService } from './user-auth.ts';

export function createServices(deps: { db: Db; box: SecretBox; clock: Clock; logger: Logger; chatRateLimitPerMinute: number }) {
  const cache = new ConfigCache(deps);
  const counters = new OutcomeCounters();
  const keyUsage = new KeyUsage();
  const failures = new FailureLog();
  const changes = createConfigChanges(cache);
  const events = new SessionEvents();
  const chat = createChatService({ ...deps, cache, counters, keyUsage, failures, rateLimitPerMinute: deps.chatRateLimitPerMinute });
  return {
    auth: createAuthService(deps),
    userAuth: createUserAuthService({ ...deps, changes }),
    signingKeys: createSigningKeyService({ ...deps, changes }),
    chat,
    tickets: createTicketService(deps),
    sessions: createSessionService({ ...deps, cache, keyUsage, events, rateLimitPerMinute: deps.chatRateLimitPerMinute }),
    readiness: createReadinessService({ ...deps, counters, failures }),
    fields: createFieldService({ ...deps, changes }),
    tokens: createTokenService({ ...deps, cache, chat }),
    /** The chat path's in-memory state, for the app to flush, listen and invalidate. */
    runtime: { cache, counters, keyUsage, failures, events },
  };
}

export type Services = ReturnType<typeof createServices>;
