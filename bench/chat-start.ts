/**
 * Chat start under load, each figure beside its floor measured in the same run (loopback only,
 * the load generator in this process, the server in its own):
 *   (a) bare node:http answering 401 JSON — the HTTP floor;
 *   (b) chat start with an invalid token on an enforced widget (401, nothing written) — goal b/a >= 0.7;
 *   (c) chat start with a valid token (contact, ticket and session written), on PGlite and on
 *       PostgreSQL, against (d) the same statement issued straight through the same driver and
 *       pool at the same concurrency — goal c/d >= 0.6.
 *
 *   npm run bench            (runs every bench)    node --import tsx bench/chat-start.ts [seconds] [connections]
 */
import autocannon from 'autocannon';
import jwt from 'jsonwebtoken';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnServer } from '../tests/support/server-process.ts';
import { adminQuery, MASTER_KEY, postgresReachable, postgresUrl } from '../tests/support/stores.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const CONNECTIONS = Number(process.argv[3] ?? 16);
const EMAILS = 5000;
const ADMIN = { email: 'admin@bench.test', password: 'bench-password-123' };

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  other: number;
}

async function load(url: string, bodies: () => string, expectStatus: number): Promise<Figure> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: bodies() }) }],
    });
  await run(1); // warm-up
  const result = await run(SECONDS);
  const statusCounts = result.statusCodeStats as unknown as Record<string, { count: number }>;
  const expected = statusCounts[String(expectStatus)]?.count ?? 0;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, other: result.requests.total - expected };
}

function line(name: string, f: Figure) {
  const other = f.other > 0 ? `  (${f.other} answers not the expected status)` : '';
  return `${name.padEnd(58)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50.toFixed(1).padStart(5)} ms   p99 ${f.p99.toFixed(1).padStart(6)} ms${other}`;
}

async function bare(): Promise<Figure> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-401.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  try {
    return await load(`http://127.0.0.1:${port}/webchat/v1/sessions`, () => '{"widgetId":"w","widgetToken":"t"}', 401);
  } finally {
    child.kill();
  }
}

async function baseline(options: Record<string, unknown>): Promise<Figure> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/db-baseline.ts', JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  const { ops, p50, p99 } = JSON.parse(out.trim()) as { ops: number; p50: number; p99: number };
  return { rps: ops, p50, p99, other: 0 };
}

async function chatStart(kind: 'pglite' | 'postgres') {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `wca-bench-${kind}-`));
  const database = kind === 'postgres' ? `wca_bench_${randomBytes(4).toString('hex')}` : null;
  if (database) await adminQuery(`create database ${database}`);
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    MASTER_KEY,
    CHAT_RATE_LIMIT: '0',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...(database ? { DATABASE_URL: postgresUrl(database) } : {}),
  };
  const server = await spawnServer(env);
  try {
    await server.ready();
    const api = async (procedure: string, input: unknown, session?: { cookie: string; csrf: string }) => {
      const res = await fetch(`${server.url}/api/trpc/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}) },
        body: JSON.stringify(input),
      });
      return { res, json: (await res.json()) as { result: { data: never } } };
    };
    const login = await api('auth.login', ADMIN);
    const session = { cookie: login.res.headers.get('set-cookie')?.split(';')[0] ?? '', csrf: (login.json.result.data as { csrfToken: string }).csrfToken };
    const get = async <T>(procedure: string) =>
      ((await (await fetch(`${server.url}/api/trpc/${procedure}`, { headers: { cookie: session.cookie } })).json()) as { result: { data: T } }).result.data;
    const widgets = await get<{ id: string; token: string; name: string }[]>('widgets.list');
    const keys = await get<{ kid: string }[]>('signingKeys.list');
    const secret = ((await api('signingKeys.reveal', { kid: keys[0]?.kid }, session)).json.result.data as { secret: string }).secret;
    const [enforced, open] = widgets;
    if (!enforced || !open) throw new Error('the seed has two widgets');
    await api('userAuth.enforce', { widgetId: enforced.id, expectedVersion: 1 }, session);

    const exp = Math.floor(Date.now() / 1000) + 3600;
    const wrong = jwt.sign({ email: 'ada@example.com', exp }, `${secret}-wrong`, { algorithm: 'HS256' });
    const invalidBody = JSON.stringify({ widgetId: enforced.id, widgetToken: enforced.token, jwtAuthToken: wrong });
    const tokens = Array.from({ length: EMAILS }, (_, i) =>
      JSON.stringify({
        widgetId: open.id,
        widgetToken: open.token,
        message: 'Hello',
        jwtAuthToken: jwt.sign(
          { email: `visitor-${i}@example.com`, exp, contactProperties: { name: 'Bench Visitor', language: 'en' }, ticketProperties: { cf_plan: 'Pro', priority: 2 } },
          secret,
          { algorithm: 'HS256' },
        ),
      }),
    );
    let i = 0;
    const url = `${server.url}/webchat/v1/sessions`;
    const invalid = kind === 'pglite' ? await load(url, () => invalidBody, 401) : null;
    const valid = await load(url, () => tokens[i++ % EMAILS] ?? '', 201);
    return { invalid, valid, dataDir, database, widgetId: open.id };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

const results: string[] = [];
const a = await bare();
results.push(line('(a) bare node:http, 401 JSON', a));

const stores: ('pglite' | 'postgres')[] = (await postgresReachable()) ? ['pglite', 'postgres'] : ['pglite'];
for (const kind of stores) {
  const run = await chatStart(kind);
  if (run.invalid) {
    results.push(line('(b) chat start, invalid token, enforced widget (401)', run.invalid));
    results.push(`    b/a = ${(run.invalid.rps / a.rps).toFixed(2)}   (goal >= 0.7)`);
  }
  results.push(line(`(c) chat start, valid token, writes (${kind})`, run.valid));
  const account = await accountIdOf(kind, run.dataDir, run.database);
  const d = await baseline({
    dataDir: run.dataDir,
    ...(run.database ? { databaseUrl: postgresUrl(run.database) } : {}),
    accountId: account.accountId,
    widgetId: run.widgetId,
    connections: CONNECTIONS,
    seconds: SECONDS,
    emails: EMAILS,
  });
  results.push(line(`(d) the same statement through the driver (${kind})`, d));
  results.push(`    c/d = ${(run.valid.rps / d.rps).toFixed(2)}   (goal >= 0.6)`);
  rmSync(run.dataDir, { recursive: true, force: true });
  if (run.database) await adminQuery(`drop database if exists ${run.database} with (force)`);
}

console.log(`chat start, ${SECONDS} s per figure, ${CONNECTIONS} connections, loopback, ${os.cpus().length} cores`);
for (const r of results) console.log(r);

/** The seeded account's id, read straight from the store (the server is stopped by now). */
async function accountIdOf(kind: string, dataDir: string, database: string | null) {
  const { openStore } = await import('../server/store/db.ts');
  const { createLogger } = await import('../server/logger.ts');
  const store = await openStore({ dataDir, databaseUrl: database ? postgresUrl(database) : undefined, logger: createLogger('silent') });
  try {
    const [account] = await store.db.query.accounts.findMany({ limit: 1 });
    if (!account) throw new Error(`no account in the ${kind} store`);
    return { accountId: account.id };
  } finally {
    await store.close();
  }
}
