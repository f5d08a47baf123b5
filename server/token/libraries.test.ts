/**
 * SPEC §2: "a customer signing with any common JWT library and that string verifies". Tokens
 * signed by jsonwebtoken (npm), PyJWT and ruby-jwt with the secret exactly as the console shows
 * it (43 base64url characters) must verify. Python and Ruby run as child processes with the
 * secret in their environment, never in argv (argv is visible to every user of the machine).
 *
 * PyJWT and ruby-jwt come from Debian (`python3-jwt`, `ruby`, `ruby-jwt`). The `python3` first
 * on PATH may be another build without PyJWT, so the interpreters are called by absolute path.
 * When they are missing these tests fail, saying what to install; they never skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { hmacVerifyWebCrypto } from '../../client/lib/hmac-webcrypto.ts';
import { SEED_CONTACT_FIELDS, SEED_TICKET_FIELDS } from '../../shared/seed.ts';
import type { VerifierKey, VerifyContext, VerifyResult } from '../../shared/token/verify-types.ts';
import { verifyTokenAsync, verifyTokenSync } from '../../shared/token/verify.ts';
import { randomToken } from '../crypto/random.ts';
import { hmacVerify } from './hmac.ts';

const NOW = Math.floor(Date.now() / 1000);

/** Keys made the way the console makes them (server/services/signing-keys.ts). */
const ACTIVE: VerifierKey = { kid: `k_${randomToken(9)}`, status: 'active', secret: randomToken(32) };
/** A fixed secret using both base64url-only characters, which a library might mangle. */
const RETIRING: VerifierKey = { kid: 'k_retiring01', status: 'retiring', secret: 'a-b_c-d_e-f_g-h_i-j_k-l_m-n_o-p_q-r_s-t_u-v' };

const ctx: VerifyContext = {
  keys: [ACTIVE, RETIRING],
  policy: { clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 86_400 },
  catalog: { ticketFields: SEED_TICKET_FIELDS, contactFields: SEED_CONTACT_FIELDS },
  nowSeconds: NOW,
};

const CLAIMS = {
  email: 'Zoë.Customer@Example.com',
  iat: NOW,
  exp: NOW + 600,
  contactProperties: { name: 'Zoë Customer', language: 'fr', cf_customer_tier: 'Gold' },
  ticketProperties: { priority: 3, cf_plan: 'Pro' },
};

type Headers = Record<string, string>;

interface Signer {
  name: string;
  /** Why this signer cannot run here, with the install command; undefined when it can. */
  missing(): string | undefined;
  sign(claims: object, secret: string, headers: Headers): string;
}

/** Runs an interpreter with only what it needs in its environment; the secret travels there. */
function run(interpreter: string, args: string[], env: Record<string, string>): string {
  return execFileSync(interpreter, args, {
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', ...env },
    encoding: 'utf8',
    timeout: 20_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

function probe(interpreter: string, args: string[], install: string): string | undefined {
  if (!existsSync(interpreter)) return `${interpreter} is missing. Install it with: ${install}`;
  try {
    run(interpreter, args, {});
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
    return `The JWT library for ${interpreter} is missing (${stderr.split('\n').at(-1)}). Install it with: ${install}`;
  }
}

const PYTHON = '/usr/bin/python3';
const RUBY = '/usr/bin/ruby';

const signers: Signer[] = [
  {
    name: 'jsonwebtoken (npm)',
    missing: () => undefined,
    sign: (claims, secret, headers) => jwt.sign(claims, secret, { algorithm: 'HS256', header: { alg: 'HS256', ...headers } }),
  },
  {
    name: 'PyJWT (Debian python3-jwt)',
    missing: () => probe(PYTHON, ['-c', 'import jwt'], 'apt-get install -y python3-jwt'),
    sign: (claims, secret, headers) =>
      run(
        PYTHON,
        [
          '-c',
          'import json, os, jwt\n' +
            "print(jwt.encode(json.loads(os.environ['JWT_CLAIMS']), os.environ['JWT_SECRET'], algorithm='HS256', headers=json.loads(os.environ['JWT_HEADERS']) or None))",
        ],
        { JWT_SECRET: secret, JWT_CLAIMS: JSON.stringify(claims), JWT_HEADERS: JSON.stringify(headers) },
      ),
  },
  {
    name: 'ruby-jwt (Debian ruby-jwt)',
    missing: () => probe(RUBY, ['-e', "require 'jwt'"], 'apt-get install -y ruby ruby-jwt'),
    sign: (claims, secret, headers) =>
      run(
        RUBY,
        [
          '-e',
          "require 'jwt'; require 'json'\n" +
            "puts JWT.encode(JSON.parse(ENV.fetch('JWT_CLAIMS')), ENV.fetch('JWT_SECRET'), 'HS256', JSON.parse(ENV.fetch('JWT_HEADERS')))",
        ],
        { JWT_SECRET: secret, JWT_CLAIMS: JSON.stringify(claims), JWT_HEADERS: JSON.stringify(headers) },
      ),
  },
];

async function verifyBoth(token: string): Promise<VerifyResult> {
  const sync = verifyTokenSync(token, ctx, hmacVerify);
  expect(await verifyTokenAsync(token, ctx, hmacVerifyWebCrypto)).toEqual(sync);
  return sync;
}

describe.each(signers)('tokens signed by $name', (signer) => {
  function signWith(claims: object, key: VerifierKey, headers: Headers = {}): string {
    const missing = signer.missing();
    if (missing) throw new Error(`${signer.name} cannot run: ${missing}`);
    return signer.sign(claims, key.secret, headers);
  }

  it('is installed', () => {
    expect(signer.missing()).toBeUndefined();
  });

  it('verify with the console secret string and no kid', async () => {
    const result = await verifyBoth(signWith(CLAIMS, ACTIVE));
    expect(result).toMatchObject({
      ok: true,
      kid: ACTIVE.kid,
      identity: { email: 'zoë.customer@example.com' },
      contactProperties: CLAIMS.contactProperties,
      ticketProperties: CLAIMS.ticketProperties,
      dropped: [],
    });
  });

  it('verify with a kid naming the key', async () => {
    const result = await verifyBoth(signWith(CLAIMS, ACTIVE, { kid: ACTIVE.kid }));
    expect(result).toMatchObject({ ok: true, kid: ACTIVE.kid });
  });

  it("verify with the retiring key's secret, which has '-' and '_' in it", async () => {
    const result = await verifyBoth(signWith({ unique_external_id: 'cust-42', exp: NOW + 600 }, RETIRING));
    expect(result).toMatchObject({ ok: true, kid: RETIRING.kid, identity: { uniqueExternalId: 'cust-42' } });
  });

  it('are refused with the "seconds, not milliseconds" hint when exp is in milliseconds', async () => {
    const result = await verifyBoth(signWith({ email: 'jo@example.com', exp: (NOW + 600) * 1000 }, ACTIVE));
    expect(result).toMatchObject({ ok: false, code: 'LIFETIME_TOO_LONG' });
    if (!result.ok) expect(result.hint).toContain('seconds, not milliseconds');
  });
});

describe('the usual secret mistake', () => {
  it('refuses a token signed with the base64url-decoded secret as SIGNATURE_INVALID', async () => {
    const token = jwt.sign(CLAIMS, Buffer.from(ACTIVE.secret, 'base64url'), { algorithm: 'HS256' });
    expect(await verifyBoth(token)).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });
});
