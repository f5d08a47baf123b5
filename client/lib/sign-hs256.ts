import { base64UrlEncode } from '../../shared/base64url.ts';

const encoder = new TextEncoder();

/**
 * Signs `claims` as a compact JWS with HS256 through WebCrypto, the key being the secret string's
 * UTF-8 bytes exactly as the console shows it (SPEC §2). `header` adds to (or overrides) the
 * standard `{alg: 'HS256', typ: 'JWT'}`, e.g. `{kid}`.
 *
 * For the demo's test tokens only: a real site signs on its server, where the secret lives.
 */
export async function signHs256(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = {}): Promise<string> {
  const signingInput = `${base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header }))}.${base64UrlEncode(JSON.stringify(claims))}`;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(signingInput));
  return `${signingInput}.${base64UrlEncode(new Uint8Array(signature))}`;
}
