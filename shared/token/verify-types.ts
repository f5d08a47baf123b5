import type { FieldType } from '../schemas/fields.ts';
import type { RejectionCode } from './codes.ts';

/** A signing key as the verifier needs it. Revoked keys are passed too: they only sharpen hints. */
export interface VerifierKey {
  kid: string;
  status: 'active' | 'retiring' | 'revoked';
  /** The secret string exactly as the console shows it; its UTF-8 bytes are the HMAC key. */
  secret: string;
}

export interface VerifierPolicy {
  clockLeewaySeconds: number;
  maxTokenLifetimeSeconds: number;
}

export interface VerifierField {
  name: string;
  type: FieldType;
  choices?: readonly string[] | null | undefined;
}

export interface VerifyContext {
  keys: readonly VerifierKey[];
  policy: VerifierPolicy;
  catalog: { ticketFields: readonly VerifierField[]; contactFields: readonly VerifierField[] };
  /** Seconds since the epoch; passed in, never read from a clock inside the rules. */
  nowSeconds: number;
}

export type Identity = { email: string } | { uniqueExternalId: string };

/** A field the token carried that the catalog does not know: dropped at chat start, a warning in the tester. */
export interface DroppedField {
  entity: 'contact' | 'ticket';
  name: string;
}

export interface VerifiedToken {
  ok: true;
  kid: string;
  identity: Identity;
  contactProperties: Record<string, unknown>;
  ticketProperties: Record<string, unknown>;
  dropped: DroppedField[];
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface RejectedToken {
  ok: false;
  code: RejectionCode;
  message: string;
  hint: string;
  /** What could be decoded before the token was refused (for the tester); absent when nothing could. */
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
}

export type VerifyResult = VerifiedToken | RejectedToken;

/** HMAC-SHA256 over the signing input, compared in constant time; node:crypto on the server. */
export type HmacVerifySync = (secret: string, signingInput: string, signature: Uint8Array) => boolean;
/** The same through WebCrypto, in the browser. */
export type HmacVerifyAsync = (secret: string, signingInput: string, signature: Uint8Array) => Promise<boolean>;
/**
 * The JWS-layer primitive: the key as raw bytes (a JWK `oct` key's `k`, as in the Wycheproof
 * vectors) rather than a console secret string.
 */
export type HmacKeyBytesVerifySync = (key: Uint8Array, signingInput: string, signature: Uint8Array) => boolean;
