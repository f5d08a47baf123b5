/**
 * Rotates the account's signing key from a script, with the typed client and an API key.
 *
 *   WEBCHAT_AUTH_URL=http://localhost:3000 WEBCHAT_AUTH_API_KEY=wca_… npx tsx examples/rotate-key.ts [graceSeconds]
 *
 * Prints the widgets, the new key's id and the key list as JSON. The secret is never printed:
 * reveal it in the console, or with signingKeys.reveal, where it is needed.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../server/routers/_app.ts';

const url = process.env.WEBCHAT_AUTH_URL ?? 'http://localhost:3000';
const apiKey = process.env.WEBCHAT_AUTH_API_KEY;
const graceSeconds = Number(process.argv[2] ?? 86_400);

if (!apiKey) {
  console.error('Set WEBCHAT_AUTH_API_KEY to an API key (Settings → API keys in the console).');
  process.exit(2);
}

const client = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${apiKey}` } })],
});

try {
  const widgets = await client.widgets.list.query();
  const created = await client.signingKeys.generate.mutate({ graceSeconds });
  const keys = await client.signingKeys.list.query();
  console.log(JSON.stringify({ widgets: widgets.map(({ id, name, enforcement }) => ({ id, name, enforcement })), newKid: created.kid, keys }, null, 2));
} catch (error) {
  if (error instanceof TRPCClientError) {
    console.error(`Rotation refused (${String(error.data?.code)}): ${error.message}`);
    process.exit(1);
  }
  throw error;
}
