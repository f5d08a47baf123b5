import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createApiKey, signIn, startTestServer, storeKinds } from '../support/server.ts';

const run = promisify(execFile);

describe.each(storeKinds)('API keys and the audit log, on %s', (kind) => {
  it('shows an API key once, stores it hashed, and audits its creation, use and revocation', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const created = await admin.client.apiKeys.create.mutate({ name: 'deploy bot' });
    expect(created.key).toMatch(/^wca_[\w-]{43}$/);
    const listed = await admin.client.apiKeys.list.query();
    expect(listed).toEqual([{ id: created.id, name: 'deploy bot', prefix: created.key.slice(0, 10), createdAt: expect.any(String), lastUsedAt: null, revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(created.key);

    const apiKey = await createApiKey(server.url, 'script');
    await apiKey.client.signingKeys.list.query();
    await apiKey.client.userAuth.get.query({ widgetId: (await apiKey.client.widgets.list.query())[0]?.id ?? '' });
    const used = await admin.client.audit.list.query({ action: 'api_key.used' });
    expect(used.items.map((e) => [e.actor.type, e.actor.label, e.after?.procedure])).toEqual([
      ['api_key', 'API key “script”', 'userAuth.get'],
      ['api_key', 'API key “script”', 'signingKeys.list'],
    ]);

    const revoked = await admin.client.apiKeys.revoke.mutate({ id: created.id });
    expect(revoked).toMatchObject({ id: created.id, revokedAt: expect.any(String) });
    expect(revoked).not.toHaveProperty('key');
    const events = await admin.client.audit.list.query({ limit: 100 });
    expect(events.items.map((e) => e.action)).toEqual(expect.arrayContaining(['api_key.created', 'api_key.revoked', 'api_key.used']));
    expect(JSON.stringify(events)).not.toContain(created.key);
  });

  it('pages the audit log newest first with a cursor, and filters by action', async () => {
    await using server = await startTestServer(kind);
    const { client } = await signIn(server.url);
    const [widget] = await client.widgets.list.query();
    const widgetId = widget?.id ?? '';
    for (let v = 1; v <= 7; v++) await client.userAuth.updatePolicy.mutate({ widgetId, expectedVersion: v, clockLeewaySeconds: v });
    const first = await client.audit.list.query({ limit: 3, widgetId });
    const second = await client.audit.list.query({ limit: 3, widgetId, cursor: first.nextCursor });
    const third = await client.audit.list.query({ limit: 3, widgetId, cursor: second.nextCursor });
    const leeways = [...first.items, ...second.items, ...third.items].map((e) => e.after?.clockLeewaySeconds);
    expect(leeways).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(third.nextCursor).toBeNull();
    const times = [...first.items, ...second.items].map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const signIns = await client.audit.list.query({ action: 'user.signed_in' });
    expect(signIns.items.every((e) => e.action === 'user.signed_in')).toBe(true);
    await expect(client.audit.list.query({ cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
  });

  it('runs examples/rotate-key.ts with an API key: lists widgets and rotates the key', async () => {
    await using server = await startTestServer(kind);
    const { key, client } = await createApiKey(server.url, 'rotation script');
    const before = await client.signingKeys.list.query();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/rotate-key.ts', '3600'], {
      env: { ...process.env, WEBCHAT_AUTH_URL: server.url, WEBCHAT_AUTH_API_KEY: key },
    });
    const out = JSON.parse(stdout) as { widgets: { name: string }[]; newKid: string; keys: { kid: string; status: string }[] };
    expect(out.widgets.map((w) => w.name).sort()).toEqual(['Customer portal', 'Website chat']);
    expect(out.keys.map((k) => [k.kid, k.status])).toEqual([
      [out.newKid, 'active'],
      [before[0]?.kid, 'retiring'],
    ]);
    const again = await run(process.execPath, ['--import', 'tsx', 'examples/rotate-key.ts'], {
      env: { ...process.env, WEBCHAT_AUTH_URL: server.url, WEBCHAT_AUTH_API_KEY: key },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('Rotation refused (CONFLICT)') });
  });
});
