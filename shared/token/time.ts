/** Step 8, the time claims: RFC 7519 §4.1.4–4.1.6, NumericDate (RFC 7519 §2), all with leeway. */
import { REJECTION_HINTS } from './codes.ts';
import type { JsonObject } from './json.ts';
import { reject, typeName } from './rejection.ts';
import type { RejectedToken, VerifierPolicy } from './verify-types.ts';

/** An `exp` this large (year 5138 in seconds) is a millisecond timestamp sent by mistake. */
const MILLISECONDS_THRESHOLD = 1e11;

function describeTime(seconds: number): string {
  const ms = seconds * 1000;
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(seconds);
}

function numericDateProblem(name: string, value: unknown): RejectedToken {
  const example = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? ` (${value}, without quotes)` : '';
  return reject('CLAIM_INVALID', {
    detail: `${name} is ${typeName(value)}, not a number.`,
    hint: `Send ${name} as a number of seconds since 1970${example}, not as ${typeName(value)}.`,
  });
}

/**
 * Step 8a, `exp` (RFC 7519 §4.1.4: required here; the current time must be before it, with
 * leeway), then the lifetime cap (SPEC §2). A NumericDate is seconds (RFC 7519 §2), so a
 * millisecond value is caught before it can pass as a date far in the future.
 */
export function checkExpiry(payload: JsonObject, policy: VerifierPolicy, nowSeconds: number): RejectedToken | undefined {
  const { exp } = payload;
  const leeway = policy.clockLeewaySeconds;
  if (exp === undefined) return reject('EXP_MISSING');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return numericDateProblem('exp', exp);
  if (exp > MILLISECONDS_THRESHOLD) {
    return reject('LIFETIME_TOO_LONG', {
      detail: `exp is ${exp}, which looks like milliseconds.`,
      hint: 'Send exp in seconds, not milliseconds: Math.floor(Date.now() / 1000) + 3600, or int(time.time()) + 3600.',
    });
  }
  if (exp + leeway <= nowSeconds) {
    return reject('TOKEN_EXPIRED', {
      detail: `It expired at ${describeTime(exp)}.`,
      hint: `The token expired ${Math.round(nowSeconds - exp)} s ago (the clock leeway is ${leeway} s). ${REJECTION_HINTS.TOKEN_EXPIRED}`,
    });
  }
  if (exp - nowSeconds > policy.maxTokenLifetimeSeconds + leeway) {
    return reject('LIFETIME_TOO_LONG', {
      detail: `exp is ${Math.round(exp - nowSeconds)} s ahead; this widget allows at most ${policy.maxTokenLifetimeSeconds} s.`,
      hint: `Set exp at most ${policy.maxTokenLifetimeSeconds} s after now (clock leeway ${leeway} s); mint a fresh token for each chat.`,
    });
  }
  return undefined;
}

/**
 * Step 8b, `nbf` (RFC 7519 §4.1.5: the current time must be after or equal to it) and `iat`
 * (RFC 7519 §4.1.6; a token issued in the future means a wrong clock): both with leeway.
 */
export function checkNotBefore(payload: JsonObject, policy: VerifierPolicy, nowSeconds: number): RejectedToken | undefined {
  const leeway = policy.clockLeewaySeconds;
  for (const name of ['nbf', 'iat'] as const) {
    const value = payload[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) return numericDateProblem(name, value);
  }
  for (const name of ['nbf', 'iat'] as const) {
    const value = payload[name];
    if (typeof value !== 'number' || value - leeway <= nowSeconds) continue;
    const hint =
      value > MILLISECONDS_THRESHOLD
        ? `${name} is ${value}, which looks like milliseconds: send seconds, not milliseconds (Math.floor(Date.now() / 1000)).`
        : `${name} is ${Math.round(value - nowSeconds)} s in the future (the clock leeway is ${leeway} s). ${REJECTION_HINTS.TOKEN_NOT_YET_VALID}`;
    return reject('TOKEN_NOT_YET_VALID', { detail: `${name} is ${describeTime(value)}.`, hint });
  }
  return undefined;
}
