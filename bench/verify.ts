/**
 * The token verifier's hot path against its floor: raw HMAC-SHA256 (createHmac + digest over
 * the same signing input) vs verifyTokenSync on a valid, typical chat-start token, ~2 s each
 * after warm-up, in one process. Goal: verify at least 0.25x the raw HMAC rate. jose's
 * jwtVerify is added when `jose` happens to be installed.
 *
 *   node --import tsx bench/verify.ts [seconds]
 */
import { createHmac } from 'node:crypto';
import { SEED_CONTACT_FIELDS, SEED_TICKET_FIELDS } from '../shared/seed.ts';
import type { VerifyContext } from '../shared/token/verify-types.ts';
import { verifyTokenSync } from '../shared/token/verify.ts';
import { hmacVerify } from '../server/token/hmac.ts';

const SECONDS = Number(process.argv[2] ?? 2);
const GOAL = 0.25;

const secret = 'q7dPZ0f3xS1mR8vK2nH5wY9cT4bL6jA0eG3uI7oN1pE';
const nowSeconds = Math.floor(Date.now() / 1000);
const ctx: VerifyContext = {
  keys: [
    { kid: 'key_2', status: 'active', secret },
    { kid: 'key_1', status: 'retiring', secret: 'w2Xr9Tn4Lq8Vm1Zc6Hb3Js7Kd0Fg5Py2Ua8Oe4Ri1M' },
  ],
  policy: { clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 86_400 },
  catalog: { ticketFields: SEED_TICKET_FIELDS, contactFields: SEED_CONTACT_FIELDS },
  nowSeconds,
};

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const claims = {
  email: 'jordan.rivera@customer.example',
  iat: nowSeconds,
  exp: nowSeconds + 3600,
  contactProperties: { name: 'Jordan Rivera', language: 'en', cf_customer_tier: 'Gold' },
  ticketProperties: { priority: 2, cf_plan: 'Pro' },
};
const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT', kid: 'key_2' })}.${base64url(claims)}`;
const token = `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;

/** Calls per second of `run`, after a warm-up, timed in batches so the clock is read rarely. */
function opsPerSecond(run: () => unknown): number {
  const warmUpEnd = performance.now() + 300;
  while (performance.now() < warmUpEnd) for (let i = 0; i < 1000; i++) run();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    for (let i = 0; i < 1000; i++) run();
    calls += 1000;
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

async function asyncOpsPerSecond(run: () => Promise<unknown>): Promise<number> {
  const warmUpEnd = performance.now() + 300;
  while (performance.now() < warmUpEnd) for (let i = 0; i < 100; i++) await run();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    for (let i = 0; i < 100; i++) await run();
    calls += 100;
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

const check = verifyTokenSync(token, ctx, hmacVerify);
if (!check.ok) throw new Error(`The bench token does not verify: ${check.code} ${check.hint}`);

const format = (ops: number) => `${Math.round(ops).toLocaleString('en-US').padStart(10)} ops/s`;
console.log(`token: ${token.length} bytes, Node ${process.version}, ~${SECONDS} s per line`);

const raw = opsPerSecond(() => createHmac('sha256', secret).update(signingInput).digest());
console.log(`raw HMAC-SHA256 (createHmac + digest)  ${format(raw)}`);
const verify = opsPerSecond(() => verifyTokenSync(token, ctx, hmacVerify));
const ratio = verify / raw;
console.log(`verifyTokenSync                        ${format(verify)}  ratio ${ratio.toFixed(2)} (goal >= ${GOAL}) ${ratio >= GOAL ? 'ok' : 'BELOW GOAL'}`);

try {
  // Optional: jose is not a dependency; compare only where someone has it installed.
  const moduleName = 'jose';
  const jose = (await import(moduleName)) as {
    jwtVerify: (jwt: string, key: Uint8Array, options: { algorithms: string[] }) => Promise<unknown>;
  };
  const key = new TextEncoder().encode(secret);
  const joseOps = await asyncOpsPerSecond(() => jose.jwtVerify(token, key, { algorithms: ['HS256'] }));
  console.log(`jose jwtVerify                         ${format(joseOps)}  ratio ${(joseOps / raw).toFixed(2)}`);
} catch {
  console.log('jose jwtVerify                         (skipped: jose is not installed)');
}
