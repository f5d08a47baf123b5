/**
 * The one token verifier (SPEC §2): chat start runs it on the server with node:crypto, the
 * console's token tester runs it in the browser with WebCrypto. Pure: no I/O, no clock (`now`
 * comes in the context), no node: imports.
 *
 * Verification is a chain of small steps, one module each, in the precedence SPEC §5 gives when
 * a token has several faults: presence and size (size.ts), structure, both JSON parts
 * (compact.ts), header (header.ts), key selection and signature (keys.ts), then the claims:
 * time (time.ts), identity (identity.ts), properties (properties.ts). The sync and async
 * verifiers share every step; only the HMAC call differs.
 */
import { binaryToBytes, parseClaims, parseCompact, type CompactJws } from './compact.ts';
import { checkHeader } from './header.ts';
import { readIdentity } from './identity.ts';
import type { JsonObject } from './json.ts';
import { checkSignatureLength, judgeSignature, selectKeys, signatureCandidates, type KeyPlan } from './keys.ts';
import { readProperties } from './properties.ts';
import { reject, withDecoded } from './rejection.ts';
import { checkSize, presentToken } from './size.ts';
import { checkExpiry, checkNotBefore } from './time.ts';
import type {
  HmacKeyBytesVerifySync,
  HmacVerifyAsync,
  HmacVerifySync,
  RejectedToken,
  VerifiedToken,
  VerifierKey,
  VerifyContext,
  VerifyResult,
} from './verify-types.ts';

interface Prepared {
  ok: true;
  jws: CompactJws;
  payload: JsonObject;
  plan: KeyPlan;
  candidates: VerifierKey[];
}

/** Steps 1–6: everything before the HMAC. */
function prepare(token: string | null | undefined, ctx: VerifyContext): Prepared | RejectedToken {
  const present = presentToken(token);
  if (typeof present !== 'string') return present;
  const tooLarge = checkSize(present);
  if (tooLarge) return tooLarge;
  const jws = parseCompact(present);
  if (!jws.ok) return jws;
  const claims = parseClaims(jws);
  if (!claims.ok) return claims;
  const { payload } = claims;
  const headerProblem = checkHeader(jws.header);
  if (headerProblem) return withDecoded(headerProblem, jws.header, payload);
  const plan = selectKeys(typeof jws.header.kid === 'string' ? jws.header.kid : undefined, ctx.keys);
  if (!plan.ok) return withDecoded(plan, jws.header, payload);
  return { ok: true, jws, payload, plan, candidates: signatureCandidates(plan, jws.signature) };
}

/** Steps 8–10 on a token whose signature verified. */
function checkClaims(header: JsonObject, payload: JsonObject, kid: string, ctx: VerifyContext): VerifyResult {
  const timeProblem = checkExpiry(payload, ctx.policy, ctx.nowSeconds) ?? checkNotBefore(payload, ctx.policy, ctx.nowSeconds);
  if (timeProblem) return withDecoded(timeProblem, header, payload);
  const identity = readIdentity(payload);
  if (!identity.ok) return withDecoded(identity, header, payload);
  const properties = readProperties(payload, ctx.catalog);
  if (!properties.ok) return withDecoded(properties, header, payload);
  const { contactProperties, ticketProperties, dropped } = properties;
  const verified: VerifiedToken = { ok: true, kid, identity: identity.identity, contactProperties, ticketProperties, dropped, header, payload };
  return verified;
}

/** Steps 7–10, given the first candidate whose HMAC matched. */
function finish(prepared: Prepared, signer: VerifierKey | undefined, ctx: VerifyContext): VerifyResult {
  const { jws, payload, plan } = prepared;
  const verifiedBy = judgeSignature(plan, jws.signature, signer, ctx.keys);
  if (!verifiedBy.ok) return withDecoded(verifiedBy, jws.header, payload);
  return checkClaims(jws.header, payload, verifiedBy.key.kid, ctx);
}

/**
 * Verifies a chat-start token (SPEC §2) as an HS256 JWS (RFC 7515) carrying a JWT Claims Set
 * (RFC 7519 §7.2), checking with `hmac` (node:crypto on the server). Never throws for any
 * token string: every outcome is a typed result whose `code` is one of REJECTION_CODES. A
 * non-string token is API misuse and throws TypeError.
 */
export function verifyTokenSync(token: string | null | undefined, ctx: VerifyContext, hmac: HmacVerifySync): VerifyResult {
  const prepared = prepare(token, ctx);
  if (!prepared.ok) return prepared;
  const { signingInput, signature } = prepared.jws;
  const signer = prepared.candidates.find((key) => hmac(key.secret, signingInput, signature));
  return finish(prepared, signer, ctx);
}

/** verifyTokenSync, with an asynchronous HMAC (WebCrypto in the browser). Same rules, same results. */
export async function verifyTokenAsync(token: string | null | undefined, ctx: VerifyContext, hmac: HmacVerifyAsync): Promise<VerifyResult> {
  const prepared = prepare(token, ctx);
  if (!prepared.ok) return prepared;
  const { signingInput, signature } = prepared.jws;
  for (const key of prepared.candidates) {
    if (await hmac(key.secret, signingInput, signature)) return finish(prepared, key, ctx);
  }
  return finish(prepared, undefined, ctx);
}

/** A JWS whose HS256 signature verified; its payload not interpreted. */
interface VerifiedJws {
  ok: true;
  header: JsonObject;
  payload: Uint8Array;
}

/**
 * The JWS layer alone (RFC 7515 §5.2), with the key as raw bytes: size, compact structure,
 * the header rules and the HS256 signature, but no JWT claims and no key selection (`kid` is
 * not looked up). This is what the Wycheproof JWS vectors exercise; tokens go through
 * verifyTokenSync.
 */
export function verifyCompactJws(token: string, key: Uint8Array, hmac: HmacKeyBytesVerifySync): VerifiedJws | RejectedToken {
  const present = presentToken(token);
  if (typeof present !== 'string') return present;
  const tooLarge = checkSize(present);
  if (tooLarge) return tooLarge;
  const jws = parseCompact(present);
  if (!jws.ok) return jws;
  const headerProblem = checkHeader(jws.header);
  if (headerProblem) return withDecoded(headerProblem, jws.header);
  const lengthProblem = checkSignatureLength(jws.signature);
  if (lengthProblem) return withDecoded(lengthProblem, jws.header);
  if (!hmac(key, jws.signingInput, jws.signature)) return withDecoded(reject('SIGNATURE_INVALID'), jws.header);
  return { ok: true, header: jws.header, payload: binaryToBytes(jws.payloadBinary) };
}
