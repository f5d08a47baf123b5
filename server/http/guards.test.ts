import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { refuseApiRequest } from './guards.ts';

const request = (method: string, headers: Record<string, string>) =>
  ({ method, headers: { host: 'console.acme.test', ...headers }, socket: {} }) as unknown as IncomingMessage;

describe('API request guard', () => {
  it('lets same-origin JSON mutations and plain queries through', () => {
    expect(refuseApiRequest(request('POST', { 'content-type': 'application/json; charset=utf-8', origin: 'http://console.acme.test' }), false)).toBeNull();
    expect(refuseApiRequest(request('GET', {}), false)).toBeNull();
  });

  it('refuses form encodings that a cross-site form can send without a preflight', () => {
    for (const type of ['multipart/form-data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded']) {
      expect(refuseApiRequest(request('POST', { 'content-type': type }), false)?.status).toBe(415);
    }
    expect(refuseApiRequest(request('POST', {}), false)?.status).toBe(415);
  });

  it('refuses another origin, and honours X-Forwarded-* only behind a trusted proxy', () => {
    const proxied = request('POST', { 'content-type': 'application/json', origin: 'https://help.acme.test', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'help.acme.test' });
    expect(refuseApiRequest(proxied, false)?.code).toBe('FORBIDDEN');
    expect(refuseApiRequest(proxied, true)).toBeNull();
  });
});
