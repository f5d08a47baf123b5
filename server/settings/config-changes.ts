import { sql } from 'drizzle-orm';
import type { Logger } from '../logger.ts';
import type { Queryable, Store } from '../store/types.ts';
import type { ConfigCache } from './config-cache.ts';

/** Every instance LISTENs here; the payload is the account whose keys or settings changed. */
export const CONFIG_CHANNEL = 'wca_config';

/**
 * How a settings or key change reaches every instance's chat-start cache (SPEC §3: within 2 s).
 * The writer NOTIFYs inside its transaction, so the message goes out only if it commits, and
 * drops its own cache entry at once after the commit.
 */
export interface ConfigChanges {
  announce(tx: Queryable, accountId: string): Promise<void>;
  applied(accountId: string): void;
}

export function createConfigChanges(cache: ConfigCache): ConfigChanges {
  return {
    async announce(tx, accountId) {
      await tx.execute(sql`select pg_notify(${CONFIG_CHANNEL}, ${accountId})`);
    },
    applied: (accountId) => cache.invalidateAccount(accountId),
  };
}

/** Starts listening: another instance's change drops this instance's cached account. */
export async function listenForConfigChanges(store: Store, cache: ConfigCache, logger: Logger): Promise<void> {
  await store.listen(
    CONFIG_CHANNEL,
    (accountId) => cache.invalidateAccount(accountId),
    (listening) => {
      // While deaf to other instances, cached settings live a second at most (SPEC §3: 2 s).
      logger.warn(listening ? 'settings listener is back' : 'settings listener lost; settings are re-read every second until it is back');
      cache.setListening(listening);
    },
  );
}
