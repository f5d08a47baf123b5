import { startApp } from './app.ts';
import { parseEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { DataDirLockedError } from './store/data-dir-lock.ts';

/** `npm start`: one process, one port, API and console, PGlite unless DATABASE_URL is set. */
async function main() {
  const env = parseEnv(process.env);
  const logger = createLogger(env.LOG_LEVEL);
  const startedAt = performance.now();
  const app = await startApp({ env, logger });
  logger.info({ url: app.url, store: app.store.kind, ms: Math.round(performance.now() - startedAt) }, 'webchat-auth is listening');

  const lines = [`\nwebchat-auth is running at ${app.url} (store: ${app.store.kind})`];
  if (app.seed.seeded) {
    lines.push('First start: seeded the demo account "Acme Support" with two widgets and one signing key.');
    for (const user of app.seed.generated) {
      lines.push(`  ${user.role.padEnd(5)}  ${user.email}  password: ${user.password}   (generated; shown this once)`);
    }
    if (app.seed.generated.length < 2) lines.push('  Users given by ADMIN_EMAIL/ADMIN_PASSWORD, AGENT_EMAIL/AGENT_PASSWORD sign in with those.');
  } else {
    lines.push('Sign in with the users seeded on first start.');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`webchat-auth could not start: ${message}\n`);
  // A locked directory or a bad setting is said in full above; anything else gets its stack too.
  const expected = error instanceof DataDirLockedError || message.startsWith('Invalid configuration') || message.startsWith('MASTER_KEY');
  if (!expected && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
