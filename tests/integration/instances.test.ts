import jwt from 'jsonwebtoken';
import { describe, expect, inject, it } from 'vitest';
import { signIn } from '../support/server.ts';
import { startInstances, type ServerProcess } from '../support/server-process.ts';

const template = inject('postgresTemplate');

/** SPEC §3: a change on one instance is applied by the others within 2 seconds. */
const WITHIN_MS = 2000;

describe.runIf(template)('several instances on one PostgreSQL', () => {
  it('a rotation, a revocation and an enforcement change on one instance apply on the other within 2 s', async () => {
    await using instances = await startInstances(template ?? '', 2);
    const [a, b] = instances.servers as [ServerProcess, ServerProcess];
    const admin = await signIn(a.url);
    const [widget] = await admin.client.widgets.list.query();
    if (!widget) throw new Error('no widget');
    const [key] = await admin.client.signingKeys.list.query();
    const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: key?.kid ?? '' });
    const token = jwt.sign({ email: 'ada@example.com', exp: Math.floor(Date.now() / 1000) + 600 }, secret, { algorithm: 'HS256' });
    const startOnB = async (jwtAuthToken?: string) => {
      const res = await fetch(`${b.url}/webchat/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ widgetId: widget.id, widgetToken: widget.token, ...(jwtAuthToken ? { jwtAuthToken } : {}) }),
      });
      const body = (await res.json()) as { authenticated?: boolean; error?: { code: string } };
      return res.status === 201 ? (body.authenticated ? 'authenticated' : 'unauthenticated') : (body.error?.code ?? String(res.status));
    };
    /** Polls B until it answers `expected`; returns how long that took after the change. */
    const until = async (expected: string, call: () => Promise<string>) => {
      const started = Date.now();
      while (Date.now() - started < 10_000) {
        if ((await call()) === expected) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`instance B never answered ${expected}`);
    };

    // B has the settings cached: anonymous chats start, the token verifies.
    expect(await startOnB()).toBe('unauthenticated');
    expect(await startOnB(token)).toBe('authenticated');

    await admin.client.userAuth.enforce.mutate({ widgetId: widget.id, expectedVersion: 1 });
    expect(await until('TOKEN_MISSING', () => startOnB())).toBeLessThan(WITHIN_MS);

    await admin.client.signingKeys.generate.mutate({ graceSeconds: 3600 });
    const rotated = await admin.client.signingKeys.list.query();
    const fresh = rotated.find((k) => k.status === 'active');
    const { secret: newSecret } = await admin.client.signingKeys.reveal.mutate({ kid: fresh?.kid ?? '' });
    const newToken = jwt.sign({ email: 'ada@example.com', exp: Math.floor(Date.now() / 1000) + 600 }, newSecret, { algorithm: 'HS256' });
    expect(await until('authenticated', () => startOnB(newToken))).toBeLessThan(WITHIN_MS);
    expect(await startOnB(token)).toBe('authenticated'); // still in its grace window

    await admin.client.signingKeys.revoke.mutate({ kid: key?.kid ?? '' });
    expect(await until('KEY_UNKNOWN', () => startOnB(token))).toBeLessThan(WITHIN_MS);
  });
});
