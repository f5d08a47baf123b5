import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacVerify } from '../../server/token/hmac.ts';
import { SEED_CONTACT_FIELDS, SEED_TICKET_FIELDS } from '../seed.ts';
import { REJECTION_MESSAGES, rejectionSchema } from './codes.ts';
import type { VerifierKey, VerifyContext, VerifyResult } from './verify-types.ts';
import { verifyTokenSync } from './verify.ts';

const NOW = 1_750_000_000;
const ACTIVE: VerifierKey = { kid: 'key_active', status: 'active', secret: 'UHJvcGVydHlUZXN0S2V5X2FiY2RlZmdoaWprbG1ub3A' };
const REVOKED: VerifierKey = { kid: 'key_revoked', status: 'revoked', secret: 'UmV2b2tlZF9Qcm9wZXJ0eVRlc3RLZXlfMDEyMzQ1Njc' };

function context(policy = { clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 86_400 }, nowSeconds = NOW): VerifyContext {
  return { keys: [ACTIVE, REVOKED], policy, catalog: { ticketFields: SEED_TICKET_FIELDS, contactFields: SEED_CONTACT_FIELDS }, nowSeconds };
}

function sign(claims: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }): string {
  const part = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const signingInput = `${part(header)}.${part(claims)}`;
  return `${signingInput}.${createHmac('sha256', ACTIVE.secret).update(signingInput).digest('base64url')}`;
}

/** A result is typed: ok with its parts, or one of the codes with its message and a hint. */
function expectTyped(result: VerifyResult): void {
  if (result.ok) {
    expect(typeof result.kid).toBe('string');
    return;
  }
  const { code, message, hint } = rejectionSchema.parse(result);
  expect(message.startsWith(REJECTION_MESSAGES[code])).toBe(true);
  expect(hint.length).toBeGreaterThan(0);
}

const verify = (token: string, ctx = context()) => verifyTokenSync(token, ctx, hmacVerify);

/** Strings that get past the early checks more often than uniform noise does. */
const tokenish = fc
  .array(fc.oneof(fc.base64String(), fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/), fc.constantFrom('.', '=', ' ', 'eyJ', 'e30', '\n')), { maxLength: 12 })
  .map((parts) => parts.join(''));

const claimValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.double(), fc.constant(undefined));
const claimsArbitrary = fc.record(
  {
    email: fc.oneof(fc.emailAddress(), fc.string(), claimValue),
    unique_external_id: fc.oneof(fc.string(), claimValue),
    exp: fc.oneof(fc.integer({ min: NOW - 1000, max: NOW + 100_000 }), claimValue),
    nbf: claimValue,
    iat: claimValue,
    contactProperties: fc.oneof(fc.dictionary(fc.constantFrom('name', 'email', 'language', 'phone', 'cf_x', '__proto__'), claimValue), claimValue),
    ticketProperties: fc.oneof(fc.dictionary(fc.constantFrom('priority', 'type', 'subject', 'cf_plan', 'cf_y'), claimValue), claimValue),
  },
  { requiredKeys: [] },
);

describe('any input gives a typed result and never throws', () => {
  it('for any string, any unicode included', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ maxLength: 9000 }), tokenish), (token) => expectTyped(verify(token))), {
      numRuns: 2000,
    });
  });

  it('for any bytes read as latin1 or as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expectTyped(verify(Buffer.from(bytes).toString('latin1')));
        expectTyped(verify(Buffer.from(bytes).toString('utf8')));
      }),
      { numRuns: 1000 },
    );
  });

  it('for any correctly signed token over arbitrary JSON claims and headers', () => {
    const header = fc.oneof(
      fc.constant({ alg: 'HS256' }),
      fc.record({ alg: fc.constantFrom('HS256', 'none', 'RS256'), typ: fc.oneof(fc.constant('JWT'), claimValue), kid: fc.oneof(fc.constantFrom('key_active', 'key_revoked', 'nope'), claimValue) }, { requiredKeys: ['alg'] }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    fc.assert(fc.property(claimsArbitrary, header, (claims, head) => expectTyped(verify(sign(claims, head)))), { numRuns: 2000 });
  });
});

describe('any single changed character of a valid token is rejected', () => {
  const valid = sign({ email: 'jo@example.com', exp: NOW + 600, contactProperties: { name: 'Jo', language: 'en' }, ticketProperties: { priority: 2 } });

  it('is valid before it is changed', () => {
    expect(verify(valid).ok).toBe(true);
  });

  it('at any position, with any replacement character', () => {
    const replacement = fc.oneof(
      fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ '),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), replacement, (position, char) => {
        fc.pre(char !== valid[position]);
        const changed = valid.slice(0, position) + char + valid.slice(position + 1);
        const result = verify(changed);
        expectTyped(result);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('at every position, exhaustively, with every base64url character and the dot', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let position = 0; position < valid.length; position++) {
      for (const char of alphabet) {
        if (char === valid[position]) continue;
        const result = verify(valid.slice(0, position) + char + valid.slice(position + 1));
        if (result.ok) throw new Error(`changing position ${position} to ${char} still verifies`);
      }
    }
  });
});

describe('time boundaries hold for any leeway and any now', () => {
  const leeway = fc.integer({ min: 0, max: 300 });
  const now = fc.integer({ min: 1_000_000_000, max: 4_000_000_000 });
  const offset = fc.integer({ min: -5, max: 5 });
  const maxLifetime = fc.integer({ min: 60, max: 30 * 86_400 });

  it('exp: expired exactly when exp + leeway <= now', () => {
    fc.assert(
      fc.property(leeway, now, offset, (leewaySeconds, nowSeconds, d) => {
        const exp = nowSeconds - leewaySeconds + d;
        const result = verify(sign({ email: 'jo@example.com', exp }), context({ clockLeewaySeconds: leewaySeconds, maxTokenLifetimeSeconds: 86_400 }, nowSeconds));
        expect(result.ok ? 'ok' : result.code).toBe(d <= 0 ? 'TOKEN_EXPIRED' : 'ok');
      }),
    );
  });

  it('exp: too far ahead exactly when exp - now > max lifetime + leeway', () => {
    fc.assert(
      fc.property(leeway, now, offset, maxLifetime, (leewaySeconds, nowSeconds, d, max) => {
        const exp = nowSeconds + max + leewaySeconds + d;
        const result = verify(sign({ email: 'jo@example.com', exp }), context({ clockLeewaySeconds: leewaySeconds, maxTokenLifetimeSeconds: max }, nowSeconds));
        expect(result.ok ? 'ok' : result.code).toBe(d > 0 ? 'LIFETIME_TOO_LONG' : 'ok');
      }),
    );
  });

  it.each(['nbf', 'iat'])('%s: not yet valid exactly when it - leeway > now', (claim) => {
    fc.assert(
      fc.property(leeway, now, offset, (leewaySeconds, nowSeconds, d) => {
        const value = nowSeconds + leewaySeconds + d;
        const claims = { email: 'jo@example.com', exp: nowSeconds + 600, [claim]: value };
        const result = verify(sign(claims), context({ clockLeewaySeconds: leewaySeconds, maxTokenLifetimeSeconds: 86_400 }, nowSeconds));
        expect(result.ok ? 'ok' : result.code).toBe(d > 0 ? 'TOKEN_NOT_YET_VALID' : 'ok');
      }),
    );
  });
});
