import type { Clock } from './core/clock.ts';
import { dummyPasswordHash } from './crypto/passwords.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import { loggableError, type Logger } from './logger.ts';
import { createServices, type Services } from './services/index.ts';
import { CHAT_CHANNEL } from './chat/session-events.ts';
import { listenForConfigChanges } from './settings/config-changes.ts';
import type { Store } from './store/types.ts';

/** How often chat outcome counts and key use are written (readiness shows a chat start within 10 s). */
const FLUSH_EVERY_MS = 2000;

export interface Runtime {
  services: Services;
  /** Writes what the chat path counted in memory; one flush at a time. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left; the store stays open. */
  stop(): Promise<void>;
}

/**
 * The services over an open store, as every host runs them (node:http on the server, msw in the
 * browser): other instances' changes heard by LISTEN, outcome counts and key use written every
 * few seconds off the chat path.
 */
export async function startRuntime(deps: { store: Store; box: SecretBox; clock: Clock; logger: Logger; chatRateLimitPerMinute: number }): Promise<Runtime> {
  const { store, logger } = deps;
  const services = createServices({ db: store.db, box: deps.box, clock: deps.clock, logger, chatRateLimitPerMinute: deps.chatRateLimitPerMinute });
  const { cache, counters, keyUsage, failures, events } = services.runtime;
  // Started now, so a sign-in with an unknown email takes as long as any other.
  void dummyPasswordHash();
  await listenForConfigChanges(store, cache, logger);
  // Replies, messages and endings from any instance wake this instance's long polls.
  await store.listen(CHAT_CHANNEL, (ids) => events.heard(ids), (listening) => events.setListening(listening));
  let flushing: Promise<void> = Promise.resolve();
  // The one at shutdown waits for any under way.
  const flush = () =>
    (flushing = flushing.then(async () => {
      await counters.flush(store.db).catch((err: unknown) => logger.warn({ err: loggableError(err) }, 'writing chat outcome counts failed'));
      await keyUsage.flush(store.db).catch((err: unknown) => logger.warn({ err: loggableError(err) }, 'writing key use failed'));
      await failures.flush(store.db).catch((err: unknown) => logger.warn({ err: loggableError(err) }, 'writing recent failures failed'));
    }));
  const flusher = setInterval(() => void flush(), FLUSH_EVERY_MS);
  // On the server the timer must not keep the process alive; a browser's timers have no unref.
  if (typeof flusher === 'object' && 'unref' in flusher) flusher.unref();
  return {
    services,
    flush,
    async stop() {
      clearInterval(flusher);
      // Waiting polls answer now instead of holding the shutdown.
      events.close();
      await flush();
    },
  };
}
