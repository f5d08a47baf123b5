import { describe, expect, it } from 'vitest';
import { identityKey, identityKeyOf, judgeMessage, mayResume, tokenHolds } from './session.ts';

const now = new Date('2026-12-04T12:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const ada = identityKey({ email: 'ada@example.com' });

describe('judgeMessage', () => {
  const base = { enforcement: 'not_enforced' as const, leewaySeconds: 30, now };

  it('a fresh token for the same person renews the session', () => {
    expect(judgeMessage({ ...base, session: { identity: ada, tokenExpiresAt: at(-600) }, fresh: { identity: ada, expiresAt: at(600) } })).toEqual({
      ok: true,
      authenticated: true,
      renewedUntil: at(600),
    });
  });

  it('a token for anyone else, or any token on an anonymous session, needs a new session', () => {
    const grace = { identity: identityKey({ uniqueExternalId: 'cust-1906' }), expiresAt: at(600) };
    expect(judgeMessage({ ...base, session: { identity: ada, tokenExpiresAt: at(600) }, fresh: grace })).toEqual({ ok: false, code: 'IDENTITY_MISMATCH' });
    expect(judgeMessage({ ...base, session: { identity: null, tokenExpiresAt: null }, fresh: grace })).toEqual({ ok: false, code: 'IDENTITY_MISMATCH' });
  });

  it('the session’s token holds until exp plus the leeway', () => {
    expect(judgeMessage({ ...base, session: { identity: ada, tokenExpiresAt: at(-29) }, fresh: null })).toMatchObject({ ok: true, authenticated: true });
    expect(judgeMessage({ ...base, session: { identity: ada, tokenExpiresAt: at(-30) }, fresh: null })).toMatchObject({ ok: true, authenticated: false });
  });

  it('past it, an enforced widget takes nothing; any other takes the message unverified', () => {
    const expired = { identity: ada, tokenExpiresAt: at(-3600) };
    expect(judgeMessage({ ...base, enforcement: 'enforced', session: expired, fresh: null })).toEqual({ ok: false, code: 'TOKEN_EXPIRED' });
    expect(judgeMessage({ ...base, enforcement: 'enforced', session: { identity: null, tokenExpiresAt: null }, fresh: null })).toEqual({ ok: false, code: 'TOKEN_MISSING' });
    expect(judgeMessage({ ...base, session: expired, fresh: null })).toEqual({ ok: true, authenticated: false, renewedUntil: null });
  });
});

describe('who may pick a conversation up again', () => {
  it('only its own person; a page without a token only an anonymous conversation', () => {
    expect(mayResume({ identity: ada, tokenExpiresAt: at(60) }, { identity: ada, expiresAt: at(60) })).toBe(true);
    expect(mayResume({ identity: ada, tokenExpiresAt: at(60) }, null)).toBe(false);
    expect(mayResume({ identity: null, tokenExpiresAt: null }, null)).toBe(true);
    expect(mayResume({ identity: null, tokenExpiresAt: null }, { identity: ada, expiresAt: at(60) })).toBe(false);
  });

  it('compares emails case-insensitively and never confuses an email with an external id', () => {
    expect(identityKeyOf({ email: 'ADA@Example.com' })).toBe(ada);
    expect(identityKeyOf({ unique_external_id: 'ada@example.com' })).not.toBe(ada);
    expect(tokenHolds(null, 30, now)).toBe(false);
  });
});
