import { describe, expect, it } from 'vitest';
import { codeOf, errorOf, rawCall, signIn, startTestServer, storeKinds } from '../support/server.ts';

describe.each(storeKinds)('signing keys, on %s', (kind) => {
  it('rotates with a grace window: the old key retires, a second rotation is a CONFLICT, revoke ends it', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [original] = await client.signingKeys.list.query();
    const created = await client.signingKeys.generate.mutate({ graceSeconds: 86_400 });
    expect(created).toMatchObject({ status: 'active', retiresAt: null });

    const keys = await client.signingKeys.list.query();
    expect(keys.map((k) => [k.kid, k.status])).toEqual([
      [created.kid, 'active'],
      [original?.kid, 'retiring'],
    ]);
    const retiring = keys[1];
    expect(new Date(retiring?.retiresAt ?? '').getTime() - server.clock.now().getTime()).toBe(86_400_000);

    const conflict = await errorOf(client.signingKeys.generate.mutate({ graceSeconds: 3600 }));
    expect(conflict.data?.code).toBe('CONFLICT');
    expect(conflict.message).toContain(`Key ${original?.kid} is still retiring`);
    expect(await client.signingKeys.list.query()).toHaveLength(2);

    const revoked = await client.signingKeys.revoke.mutate({ kid: original?.kid ?? '' });
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    expect(await codeOf(client.signingKeys.reveal.mutate({ kid: original?.kid ?? '' }))).toBe('PRECONDITION_FAILED');
    expect(await codeOf(client.signingKeys.generate.mutate({ graceSeconds: 3600 }))).toBe('OK');
  });

  it('revokes the old key at once with no grace window', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [original] = await client.signingKeys.list.query();
    await client.signingKeys.generate.mutate({ graceSeconds: 0 });
    const keys = await client.signingKeys.list.query();
    expect(keys.map((k) => k.status)).toEqual(['active', 'revoked']);
    expect(keys[1]?.kid).toBe(original?.kid);
    expect(await codeOf(client.signingKeys.generate.mutate({ graceSeconds: 0 }))).toBe('OK');
  });

  it('ends the grace window on time: the retiring key counts as revoked after retiresAt', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    await client.signingKeys.generate.mutate({ graceSeconds: 3600 });
    server.clock.advance(3599_000);
    expect((await client.signingKeys.list.query()).map((k) => k.status)).toEqual(['active', 'retiring']);
    server.clock.advance(1_000);
    expect((await client.signingKeys.list.query()).map((k) => k.status)).toEqual(['active', 'revoked']);
    expect(await codeOf(client.signingKeys.generate.mutate({ graceSeconds: 3600 }))).toBe('OK');
    expect((await client.signingKeys.list.query()).map((k) => k.status)).toEqual(['active', 'retiring', 'revoked']);
  });

  it('never revokes the active key on its own', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [active] = await client.signingKeys.list.query();
    const error = await errorOf(client.signingKeys.revoke.mutate({ kid: active?.kid ?? '' }));
    expect(error.data?.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toContain('Generate a new key with no grace period');
    expect(await codeOf(client.signingKeys.revoke.mutate({ kid: 'k_unknown' }))).toBe('NOT_FOUND');
  });

  it('reveals the secret to an admin by POST with Cache-Control: no-store, and audits it without the secret', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const [active] = await admin.client.signingKeys.list.query();
    const res = await rawCall(server.url, 'signingKeys.reveal', {
      input: { kid: active?.kid },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { secret } = (res.json?.result as { data: { kid: string; secret: string } }).data;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(secret.slice(-4)).toBe(active?.last4);

    const viaGet = await rawCall(server.url, 'signingKeys.reveal', { method: 'GET', input: { kid: active?.kid }, headers: { cookie: admin.cookie } });
    expect(viaGet.status).toBe(405);

    const events = await admin.client.audit.list.query({ action: 'signing_key.revealed' });
    expect(events.items).toHaveLength(1);
    expect(events.items[0]?.kid).toBe(active?.kid);
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('generates a different 32-byte secret each time', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const secrets = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const key = await client.signingKeys.generate.mutate({ graceSeconds: 0 });
      secrets.add((await client.signingKeys.reveal.mutate({ kid: key.kid })).secret);
    }
    expect(secrets.size).toBe(3);
  });
});
