const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes (or a string's UTF-8 bytes) as base64url without padding (RFC 4648 §5, RFC 7515 §2). */
export function base64UrlEncode(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (padding optional) to bytes; throws on characters outside the alphabet. */
export function base64UrlDecode(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function base64UrlDecodeText(text: string): string {
  return decoder.decode(base64UrlDecode(text));
}
