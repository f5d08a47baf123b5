/**
 * The floor for a writing chat start: the very statement chat start issues (contact, ticket and
 * session in one), straight through the same driver and pool, at the same concurrency, with no
 * HTTP, no parsing and no verifying. Prints one JSON line: ops/s, p50 and p99 in ms.
 *
 *   node --import tsx bench/db-baseline.ts <json options>
 */
import { randomUUID } from 'node:crypto';
import { chatInsertStatement } from '../server/store/chat-store.ts';
import { createLogger } from '../server/logger.ts';
import { openStore } from '../server/store/db.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  dataDir: string;
  databaseUrl?: string;
  accountId: string;
  widgetId: string;
  connections: number;
  seconds: number;
  emails: number;
};
const store = await openStore({ dataDir: options.dataDir, databaseUrl: options.databaseUrl, logger: createLogger('silent') });
let n = 0;
const one = () => {
  n += 1;
  const at = new Date();
  return store.db.execute(
    chatInsertStatement({
      ids: { contact: randomUUID(), ticket: randomUUID(), session: randomUUID() },
      accountId: options.accountId,
      widgetId: options.widgetId,
      contact: { email: `visitor-${n % options.emails}@example.com`, externalId: null, name: 'Bench Visitor', properties: { language: 'en' } },
      ticket: { authenticated: true, verification: 'authenticated', subject: 'Hello', description: 'Hello', status: 'Open', priority: 2, type: null, properties: { cf_plan: 'Pro' }, test: false, droppedFields: [] },
      kid: 'k_bench',
      secretHash: randomUUID(),
      identity: `email:visitor-${n % options.emails}@example.com`,
      tokenExpiresAt: new Date(at.getTime() + 600_000),
      provenance: {
        contact: { email: { source: 'token', setAt: at.toISOString() }, name: { source: 'token', setAt: at.toISOString() }, language: { source: 'token', setAt: at.toISOString() } },
        ticket: { cf_plan: { source: 'token', setAt: at.toISOString() }, priority: { source: 'token', setAt: at.toISOString() } },
      },
      message: { id: randomUUID(), body: 'Hello' },
      at,
    }),
  );
};
// Warm-up, then the measured window.
for (let i = 0; i < 200; i++) await one();
const latencies: number[] = [];
const end = performance.now() + options.seconds * 1000;
await Promise.all(
  Array.from({ length: options.connections }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      await one();
      latencies.push(performance.now() - t);
    }
  }),
);
latencies.sort((a, b) => a - b);
const pick = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
process.stdout.write(`${JSON.stringify({ ops: latencies.length / options.seconds, p50: pick(0.5), p99: pick(0.99) })}\n`);
await store.close();
