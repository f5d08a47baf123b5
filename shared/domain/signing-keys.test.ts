import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { assertRevealable, effectiveStatus, planRevoke, planRotation, type KeyState } from './signing-keys.ts';

const now = new Date('2026-11-25T12:00:00Z');
const key = (kid: string, status: KeyState['status'], retiresAt: Date | null = null): KeyState => ({ kid, status, retiresAt, revokedAt: null });
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (error) {
    return error instanceof DomainError ? error.code : 'THREW';
  }
};

describe('signing key lifecycle', () => {
  it('retires the active key for the grace window', () => {
    const plan = planRotation([key('a', 'active')], now, 3600);
    expect(plan.previous).toEqual({ kid: 'a', status: 'retiring', retiresAt: new Date('2026-11-25T13:00:00Z') });
  });

  it('revokes the active key at once with grace 0', () => {
    expect(planRotation([key('a', 'active')], now, 0).previous).toEqual({ kid: 'a', status: 'revoked', retiresAt: null });
  });

  it('creates the first key when there is none', () => {
    expect(planRotation([], now, 3600)).toEqual({ previous: null, expired: [] });
  });

  it('refuses a second rotation while a key is retiring', () => {
    const keys = [key('b', 'active'), key('a', 'retiring', new Date('2026-11-25T12:00:01Z'))];
    expect(code(() => planRotation(keys, now, 0))).toBe('CONFLICT');
    expect(code(() => planRotation(keys, now, 3600))).toBe('CONFLICT');
  });

  it('counts a retiring key as revoked from retiresAt on, and lets rotation go ahead', () => {
    const retiring = key('a', 'retiring', now);
    expect(effectiveStatus(retiring, new Date(now.getTime() - 1))).toBe('retiring');
    expect(effectiveStatus(retiring, now)).toBe('revoked');
    expect(planRotation([key('b', 'active'), retiring], now, 3600).expired).toEqual(['a']);
  });

  it('revokes only retiring keys; the active key is replaced by rotation', () => {
    const keys = [key('b', 'active'), key('a', 'retiring', new Date('2026-11-26T00:00:00Z')), key('z', 'revoked')];
    expect(planRevoke(keys, 'a', now).kid).toBe('a');
    expect(code(() => planRevoke(keys, 'b', now))).toBe('PRECONDITION_FAILED');
    expect(code(() => planRevoke(keys, 'z', now))).toBe('PRECONDITION_FAILED');
    expect(code(() => planRevoke(keys, 'nope', now))).toBe('NOT_FOUND');
  });

  it('reveals active and retiring keys, never revoked ones', () => {
    expect(code(() => assertRevealable(key('b', 'active'), 'b', now))).toBe('OK');
    expect(code(() => assertRevealable(key('z', 'revoked'), 'z', now))).toBe('PRECONDITION_FAILED');
    expect(code(() => assertRevealable(undefined, 'q', now))).toBe('NOT_FOUND');
  });
});
