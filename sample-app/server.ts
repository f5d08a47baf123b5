/* eslint-disable no-restricted-properties -- the sample app is a separate program configured by its own environment */
import { startSampleApp } from './app.ts';

/**
 * `npm run sample-app`: a customer application that signs chat tokens server-side and embeds the
 * widget. Configured by its own environment; see sample-app/README.md.
 */
const WHERE: Record<string, string> = {
  WEBCHAT_WIDGET_ID: 'the widget id: console › Widgets › Configure › Install card (widgetId in the embed snippet)',
  WEBCHAT_WIDGET_TOKEN: 'the widget token: console › Widgets › Configure › Install card (token in the embed snippet)',
  WEBCHAT_AUTH_SECRET: 'the signing key: console › Widgets › Configure › Signing key › Reveal, then Copy',
};

const env = process.env;
const missing = Object.keys(WHERE).filter((name) => !env[name]?.trim());
if (missing.length > 0) {
  const lines = ['The sample app needs these settings in its environment:'];
  for (const name of missing) lines.push(`  ${name}  — ${WHERE[name] ?? ''}`);
  lines.push('Optional: WEBCHAT_AUTH_URL (default http://localhost:3000), SAMPLE_APP_PORT (default 4000), SAMPLE_APP_TOKEN_TTL_SECONDS (default 600).');
  lines.push('Example: WEBCHAT_WIDGET_ID=… WEBCHAT_WIDGET_TOKEN=… WEBCHAT_AUTH_SECRET=… npm run sample-app');
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

const port = Number(env.SAMPLE_APP_PORT ?? 4000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`SAMPLE_APP_PORT must be a port number, got "${env.SAMPLE_APP_PORT ?? ''}".\n`);
  process.exit(1);
}

const tokenTtlSeconds = Number(env.SAMPLE_APP_TOKEN_TTL_SECONDS ?? 600);
if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
  process.stderr.write(`SAMPLE_APP_TOKEN_TTL_SECONDS must be a whole number of seconds, at least 1, got "${env.SAMPLE_APP_TOKEN_TTL_SECONDS ?? ''}".\n`);
  process.exit(1);
}

try {
  const app = await startSampleApp({
    port,
    webchatUrl: env.WEBCHAT_AUTH_URL?.trim() || 'http://localhost:3000',
    widgetId: (env.WEBCHAT_WIDGET_ID ?? '').trim(),
    widgetToken: (env.WEBCHAT_WIDGET_TOKEN ?? '').trim(),
    secret: (env.WEBCHAT_AUTH_SECRET ?? '').trim(),
    tokenTtlSeconds,
  });
  process.stdout.write(`Sample app on ${app.url} — open it and sign in as a demo user\n`);
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`The sample app could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
