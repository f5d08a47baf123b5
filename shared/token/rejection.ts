import { REJECTION_HINTS, REJECTION_MESSAGES, type RejectionCode } from './codes.ts';
import type { JsonObject } from './json.ts';
import type { RejectedToken } from './verify-types.ts';

interface RejectOptions {
  /** A sentence appended to the code's message, naming what exactly is wrong. */
  detail?: string;
  /** Replaces the code's default hint when the verifier can tell the precise fix. */
  hint?: string;
}

export function reject(code: RejectionCode, { detail, hint }: RejectOptions = {}): RejectedToken {
  const message = REJECTION_MESSAGES[code];
  return { ok: false, code, message: detail ? `${message} ${detail}` : message, hint: hint ?? REJECTION_HINTS[code] };
}

/** The rejection, carrying what was decoded before it (the tester shows it). */
export function withDecoded(rejection: RejectedToken, header: JsonObject, payload?: JsonObject): RejectedToken {
  return payload ? { ...rejection, header, payload } : { ...rejection, header };
}

/** A value as a message quotes it: JSON, cut at 40 characters. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** A value's JSON type, as a message names it ("a string", "an array", "null"). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
