/**
 * The token tester's view of a token (SPEC §4.5): every check of SPEC §2 in the order the
 * verifier makes them, each passed or failed with its code and fix, plus warnings. It runs the
 * verifier's own step modules; the verdict itself comes from verifyTokenSync, the function chat
 * start runs, so the tester can never disagree with a chat start.
 */
import { base64UrlDecode } from '../base64url.ts';
import type { TokenCheck, TokenCheckName, TokenWarning, TokensInspectOutput } from '../schemas/tokens.ts';
import { parseClaims, parseCompact } from './compact.ts';
import { checkHeader } from './header.ts';
import { readIdentity } from './identity.ts';
import type { JsonObject } from './json.ts';
import { judgeSignature, selectKeys, signatureCandidates } from './keys.ts';
import { readProperties } from './properties.ts';
import { quote, reject } from './rejection.ts';
import { checkSize, presentToken } from './size.ts';
import { closestName } from './suggest.ts';
import { checkExpiry, checkNotBefore } from './time.ts';
import type { RejectedToken, VerifierKey, VerifyContext } from './verify-types.ts';
import { verifyTokenSync } from './verify.ts';

export const CHECK_LABELS: Record<TokenCheckName, string> = {
  size: `At most 8 KiB`,
  structure: 'A compact JWT: header.payload.signature, JSON object parts',
  header: 'Header: alg HS256, typ JWT if present, no crit',
  key: 'kid (if present) names a key of this account that is not revoked',
  signature: "Signature matches the account's signing key",
  expiry: 'exp present, in seconds, not expired, within the maximum lifetime',
  not_before: 'nbf and iat (if present) not in the future',
  identity: 'Exactly one of email and unique_external_id',
  properties: 'contactProperties and ticketProperties fit the field catalog',
};

/** HMAC-SHA256 equality with the key as a string's UTF-8 bytes or as raw bytes. */
export type HmacEquals = (key: string | Uint8Array, message: string, tag: Uint8Array) => boolean;

export interface InspectContext extends VerifyContext {
  /** When each retiring key stops working, for the warning. */
  retiresAt: ReadonlyMap<string, string>;
  enforced: boolean;
}

type Step = { ok: true } | RejectedToken;

function passed(name: TokenCheckName): TokenCheck {
  return { name, label: CHECK_LABELS[name], ok: true, status: 'passed' };
}

function failed(name: TokenCheckName, rejection: RejectedToken): TokenCheck {
  return { name, label: CHECK_LABELS[name], ok: false, status: 'failed', code: rejection.code, message: rejection.message, hint: rejection.hint };
}

function notChecked(name: TokenCheckName): TokenCheck {
  return { name, label: CHECK_LABELS[name], ok: false, status: 'not_checked' };
}

function judge(name: TokenCheckName, step: Step | undefined): TokenCheck {
  return step && !step.ok ? failed(name, step) : passed(name);
}

function decodedBytes(secret: string): Uint8Array | undefined {
  try {
    return base64UrlDecode(secret);
  } catch {
    return undefined;
  }
}

/**
 * A signature no key verifies: the usual ways a correct secret was used wrongly, each tried
 * with every key of the account, so the hint can name the mistake.
 */
function signatureMistake(keys: readonly VerifierKey[], kid: string | undefined, signingInput: string, signature: Uint8Array, hmac: HmacEquals): RejectedToken | undefined {
  for (const key of keys) {
    if (key.kid !== kid && kid !== undefined && key.status !== 'revoked' && hmac(key.secret, signingInput, signature)) {
      return reject('SIGNATURE_INVALID', {
        detail: `It was signed with key ${quote(key.kid)}, but its kid names ${quote(kid)}.`,
        hint: `Set kid to "${key.kid}" (the key whose secret signed it), or leave out kid.`,
      });
    }
    const decoded = decodedBytes(key.secret);
    if (decoded && hmac(decoded, signingInput, signature)) {
      return reject('SIGNATURE_INVALID', {
        detail: `It was signed with the base64url-decoded bytes of key ${quote(key.kid)}.`,
        hint: 'The key is the secret string itself as UTF-8 bytes: pass the string as the console shows it, not base64-decoded (in PyJWT, jwt.encode(payload, secret); in jsonwebtoken, jwt.sign(payload, secret)).',
      });
    }
    for (const [suffix, what] of [['\n', 'a trailing newline'], ['\r\n', 'a trailing CR LF'], [' ', 'a trailing space']] as const) {
      if (hmac(key.secret + suffix, signingInput, signature)) {
        return reject('SIGNATURE_INVALID', {
          detail: `It was signed with the secret of key ${quote(key.kid)} followed by ${what}.`,
          hint: `The secret was read with ${what}: trim it (e.g. process.env.SECRET.trim(), or strip the newline when reading the file) before signing.`,
        });
      }
    }
  }
  return undefined;
}

function unknownFieldWarnings(ctx: VerifyContext, dropped: readonly { entity: 'contact' | 'ticket'; name: string }[]): TokenWarning[] {
  const names = { contact: ctx.catalog.contactFields.map((f) => f.name), ticket: ctx.catalog.ticketFields.map((f) => f.name) };
  return dropped.map(({ entity, name }) => {
    const claim = entity === 'contact' ? 'contactProperties' : 'ticketProperties';
    const other = entity === 'contact' ? 'ticket' : 'contact';
    const suggestion = closestName(name, names[entity]);
    let message = `${claim}.${name} is not a ${entity} field of this account; chat start drops it.`;
    if (suggestion) message = `${claim}.${name} is not a ${entity} field: did you mean ${suggestion}? Chat start drops it as it is.`;
    else if (names[other].includes(name)) {
      message = `${name} is a ${other} field, not a ${entity} field: move it to ${other === 'contact' ? 'contactProperties' : 'ticketProperties'}. Chat start drops it as it is.`;
    }
    return { kind: 'unknown_field', message, entity, field: name, ...(suggestion ? { suggestion } : {}) };
  });
}

/** Every check of SPEC §2 for `token` on this widget, with the verdict chat start would give. */
export function inspectToken(token: string, ctx: InspectContext, hmac: HmacEquals): TokensInspectOutput {
  const verdict = verifyTokenSync(token, ctx, hmac);
  const checks: TokenCheck[] = [];
  const warnings: TokenWarning[] = [];
  const rest = (from: TokenCheckName[]) => checks.push(...from.map(notChecked));
  const outcome: TokensInspectOutput['outcome'] = verdict.ok ? 'authenticated' : ctx.enforced ? 'refused' : 'unauthenticated';
  const errors = verdict.ok ? [] : [{ code: verdict.code, message: verdict.message, hint: verdict.hint }];
  const answer = (header: JsonObject | null, payload: JsonObject | null, key: TokensInspectOutput['key']): TokensInspectOutput => ({
    valid: verdict.ok,
    header,
    payload,
    checks,
    errors,
    warnings,
    key,
    outcome,
  });

  const present = presentToken(token);
  const size = typeof present === 'string' ? checkSize(present) : present;
  checks.push(judge('size', size));
  if (size) {
    rest(['structure', 'header', 'key', 'signature', 'expiry', 'not_before', 'identity', 'properties']);
    return answer(null, null, null);
  }

  const jws = parseCompact(token);
  const claims = jws.ok ? parseClaims(jws) : jws;
  checks.push(judge('structure', claims));
  if (!jws.ok || !claims.ok) {
    rest(['header', 'key', 'signature', 'expiry', 'not_before', 'identity', 'properties']);
    return answer(jws.ok ? jws.header : (jws.header ?? null), null, null);
  }
  const { header } = jws;
  const { payload } = claims;

  checks.push(judge('header', checkHeader(header)));
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const plan = selectKeys(kid, ctx.keys);
  checks.push(judge('key', plan));

  let key: TokensInspectOutput['key'] = null;
  if (plan.ok && checkHeader(header) === undefined) {
    const signer = signatureCandidates(plan, jws.signature).find((k) => hmac(k.secret, jws.signingInput, jws.signature));
    const signed = judgeSignature(plan, jws.signature, signer, ctx.keys);
    if (signed.ok) {
      key = { kid: signed.key.kid, status: signed.key.status, retiresAt: ctx.retiresAt.get(signed.key.kid) ?? null };
      checks.push(passed('signature'));
      if (signed.key.status === 'retiring') {
        const until = key.retiresAt ? ` until ${key.retiresAt}` : '';
        warnings.push({ kind: 'retiring_key', message: `Signed with retiring key ${signed.key.kid}, which works only${until}. Sign with the active key.` });
      }
    } else {
      const mistake = signed.code === 'SIGNATURE_INVALID' ? signatureMistake(ctx.keys, kid, jws.signingInput, jws.signature, hmac) : undefined;
      checks.push(failed('signature', mistake ?? signed));
      if (mistake && !verdict.ok) errors[0] = { code: verdict.code, message: mistake.message, hint: mistake.hint };
    }
  } else {
    checks.push(notChecked('signature'));
  }

  // The claims are read even when the signature failed: every problem at once, not one per try.
  checks.push(judge('expiry', checkExpiry(payload, ctx.policy, ctx.nowSeconds)));
  checks.push(judge('not_before', checkNotBefore(payload, ctx.policy, ctx.nowSeconds)));
  checks.push(judge('identity', readIdentity(payload)));
  const properties = readProperties(payload, ctx.catalog);
  checks.push(judge('properties', properties));
  if (properties.ok) warnings.push(...unknownFieldWarnings(ctx, properties.dropped));
  return answer(header, payload, key);
}
