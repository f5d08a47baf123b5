import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256Equals } from '../../server/token/hmac.ts';
import { TOKEN_CHECKS } from '../schemas/tokens.ts';
import { SEED_CONTACT_FIELDS, SEED_TICKET_FIELDS } from '../seed.ts';
import { inspectToken, type InspectContext } from './inspect.ts';
import type { VerifierKey } from './verify-types.ts';
import { verifyTokenSync } from './verify.ts';

const NOW = 1_750_000_000;
const ACTIVE: VerifierKey = { kid: 'key_active', status: 'active', secret: 'SW5zcGVjdFRlc3RLZXlfYWJjZGVmZ2hpamtsbW5vcA' };
const RETIRING: VerifierKey = { kid: 'key_retiring', status: 'retiring', secret: 'UmV0aXJpbmdfSW5zcGVjdFRlc3RLZXlfMDEyMzQ1Ng' };

const ctx: InspectContext = {
  keys: [ACTIVE, RETIRING],
  policy: { clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 86_400 },
  catalog: { ticketFields: SEED_TICKET_FIELDS, contactFields: SEED_CONTACT_FIELDS },
  nowSeconds: NOW,
  retiresAt: new Map([[RETIRING.kid, '2025-06-16T00:00:00.000Z']]),
  enforced: true,
};

function sign(claims: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }, secret: string | Buffer = ACTIVE.secret): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const inspect = (token: string) => inspectToken(token, ctx, hmacSha256Equals);

describe('the token tester', () => {
  it('lists every check of SPEC §2, in the verifier’s order', () => {
    const result = inspect(sign({ email: 'ada@example.com', exp: NOW + 600 }));
    expect(result.checks.map((c) => c.name)).toEqual([...TOKEN_CHECKS]);
    expect(result).toMatchObject({ valid: true, outcome: 'authenticated', key: { kid: ACTIVE.kid, status: 'active' } });
  });

  it('leaves the later checks unchecked when the token cannot be read', () => {
    const result = inspect('not a token');
    expect(result.checks.map((c) => c.status)).toEqual(['passed', 'failed', ...Array<string>(7).fill('not_checked')]);
    expect(result).toMatchObject({ valid: false, outcome: 'refused', header: null, payload: null, errors: [{ code: 'TOKEN_MALFORMED' }] });
  });

  it('says a not-enforcing widget would start the chat unauthenticated', () => {
    expect(inspectToken('x.y.z', { ...ctx, enforced: false }, hmacSha256Equals).outcome).toBe('unauthenticated');
  });

  it('names the retiring key and when it stops working', () => {
    const result = inspect(sign({ email: 'ada@example.com', exp: NOW + 600 }, { alg: 'HS256' }, RETIRING.secret));
    expect(result.key).toEqual({ kid: RETIRING.kid, status: 'retiring', retiresAt: '2025-06-16T00:00:00.000Z' });
    expect(result.warnings[0]?.message).toContain('works only until 2025-06-16T00:00:00.000Z');
  });

  it('tells a kid that names the wrong key from a wrong secret', () => {
    const result = inspect(sign({ email: 'ada@example.com', exp: NOW + 600 }, { alg: 'HS256', kid: ACTIVE.kid }, RETIRING.secret));
    expect(result.errors[0]).toMatchObject({ code: 'SIGNATURE_INVALID', hint: `Set kid to "${RETIRING.kid}" (the key whose secret signed it), or leave out kid.` });
  });

  it('agrees with the chat start’s verifier on every token: its first failed check is the code chat start answers', () => {
    const claims = fc.record(
      {
        email: fc.oneof(fc.constant('ada@example.com'), fc.string({ maxLength: 8 }), fc.integer()),
        unique_external_id: fc.oneof(fc.constant('u-1'), fc.constant(''), fc.integer()),
        exp: fc.oneof(fc.integer({ min: NOW - 1000, max: NOW + 200_000 }), fc.constant(NOW * 1000), fc.constant('soon')),
        iat: fc.integer({ min: NOW - 100, max: NOW + 500 }),
        ticketProperties: fc.oneof(fc.constant({ priority: 2 }), fc.constant({ priority: 9 }), fc.constant({ cf_projct: 'x' }), fc.constant([])),
      },
      { requiredKeys: [] },
    );
    const header = fc.oneof(
      fc.constant({ alg: 'HS256' }),
      fc.constant({ alg: 'none' }),
      fc.constant({ alg: 'HS256', kid: 'key_other' }),
      fc.constant({ alg: 'HS256', kid: RETIRING.kid }),
      fc.constant({ alg: 'HS256', crit: ['x'] }),
    );
    const secret = fc.constantFrom(ACTIVE.secret, RETIRING.secret, 'wrong', `${ACTIVE.secret}\n`);
    fc.assert(
      fc.property(claims, header, secret, (c, h, s) => {
        const token = sign(c, h, s);
        const verdict = verifyTokenSync(token, ctx, hmacSha256Equals);
        const result = inspect(token);
        expect(result.valid).toBe(verdict.ok);
        const firstFailed = result.checks.find((check) => check.status === 'failed');
        expect(firstFailed?.code).toBe(verdict.ok ? undefined : verdict.code);
        expect(result.errors.map((e) => e.code)).toEqual(verdict.ok ? [] : [verdict.code]);
      }),
      { numRuns: 500 },
    );
  });
});
