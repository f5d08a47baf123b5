import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, signingKeys } from '../../server/store/schema.ts';
import { ADMIN, AGENT } from '../support/stores.ts';
import { signIn, startTestServer, storeKinds } from '../support/server.ts';
import { spawnServer, type ServerProcess } from '../support/server-process.ts';

/** Every file under `dir`, read as bytes, that contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const bytes = Buffer.from(needle, 'utf8');
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && readFileSync(p).includes(bytes)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

describe.each(storeKinds)('secrets at rest and in logs, on %s', (kind) => {
  it('keeps no plaintext signing secret, API key or password in the store, the logs or the audit rows', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const key = await admin.client.signingKeys.generate.mutate({ graceSeconds: 3600 });
    const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: key.kid });
    const { key: apiKey } = await admin.client.apiKeys.create.mutate({ name: 'scan' });
    await admin.client.users.create.mutate({ email: 'new@acme.test', name: 'New', role: 'agent', password: 'new-user-password-1' });

    const db = server.app.store.db;
    const rows = JSON.stringify([await db.select().from(signingKeys), await db.select().from(auditEvents)]);
    const logs = server.logs.join('');
    expect(logs).toContain('"path":"/api/trpc/signingKeys.reveal"');
    for (const plaintext of [secret, apiKey, ADMIN.password, 'new-user-password-1', admin.csrfToken, admin.cookie.split('=')[1] ?? '']) {
      expect(rows).not.toContain(plaintext);
      expect(logs).not.toContain(plaintext);
    }
    await server.app.close();
    if (kind === 'pglite') {
      for (const plaintext of [secret, apiKey, ADMIN.password]) expect(filesContaining(server.dataDir, plaintext)).toEqual([]);
    }
  });
});

describe.each(storeKinds)('restart, on %s', (kind) => {
  it('keeps settings, keys, users, API keys, sessions and the audit trail across a restart on the same data', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const [widget] = await admin.client.widgets.list.query();
    const widgetId = widget?.id ?? '';
    await admin.client.userAuth.disable.mutate({ widgetId, expectedVersion: 1, allowlist: { ticketFields: ['priority'], contactFields: ['phone'] } });
    const key = await admin.client.signingKeys.generate.mutate({ graceSeconds: 604_800 });
    const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: key.kid });
    const { key: apiKey } = await admin.client.apiKeys.create.mutate({ name: 'survives restarts' });
    const auditBefore = await admin.client.audit.list.query({ limit: 100 });

    await server.restart();

    const after = await signIn(server.url);
    expect(await after.client.userAuth.get.query({ widgetId })).toMatchObject({
      version: 2,
      allowlist: { ticketFields: ['priority'], contactFields: ['phone'] },
    });
    expect((await after.client.signingKeys.list.query()).map((k) => [k.kid === key.kid, k.status])).toEqual([
      [true, 'active'],
      [false, 'retiring'],
    ]);
    expect((await after.client.signingKeys.reveal.mutate({ kid: key.kid })).secret).toBe(secret);
    const viaKey = await fetch(`${server.url}/api/trpc/widgets.list`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(viaKey.status).toBe(200);
    const oldSession = await fetch(`${server.url}/api/trpc/auth.me`, { headers: { cookie: admin.cookie } });
    expect(oldSession.status).toBe(200);
    const auditAfter = await after.client.audit.list.query({ limit: 100 });
    expect(auditAfter.items.slice(-auditBefore.items.length)).toEqual(auditBefore.items);
  });
});

const children: ServerProcess[] = [];
afterEach(() => {
  for (const p of children.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

async function startProcess(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  const started = await spawnServer({ DATA_DIR: dataDir, ...extraEnv });
  children.push(started);
  return started;
}

describe('the server process on an embedded data directory', () => {
  it('prints generated sign-ins on first start, refuses a second process on the same DATA_DIR, stops cleanly on SIGTERM and keeps everything on restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-process-'));
    try {
      const first = await startProcess(dataDir);
      await first.ready();
      const printed = first.output();
      const password = /admin\s+admin@example\.com\s+password: (\S+)/.exec(printed)?.[1];
      expect(password).toBeDefined();
      expect(printed).toMatch(/agent\s+agent@example\.com\s+password: \S+/);
      expect(printed).toContain('generated a master key into DATA_DIR');
      expect(statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);

      const second = await startProcess(dataDir);
      expect(await second.exited).not.toBe(0);
      expect(second.output()).toContain(`DATA_DIR ${dataDir} is in use by another webchat-auth process (pid ${first.child.pid})`);

      const admin = await signIn(first.url, { email: 'admin@example.com', password: password ?? '' });
      const [widget] = await admin.client.widgets.list.query();
      await admin.client.userAuth.enforce.mutate({ widgetId: widget?.id ?? '', expectedVersion: 1 });
      const rotated = await admin.client.signingKeys.generate.mutate({ graceSeconds: 3600 });
      const { secret } = await admin.client.signingKeys.reveal.mutate({ kid: rotated.kid });

      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(readdirSync(dataDir)).not.toContain('webchat-auth.lock');

      const again = await startProcess(dataDir);
      await again.ready();
      expect(again.output()).not.toContain('password:');
      const back = await signIn(again.url, { email: 'admin@example.com', password: password ?? '' });
      expect((await back.client.userAuth.get.query({ widgetId: widget?.id ?? '' })).enforcement).toBe('enforced');
      expect((await back.client.signingKeys.list.query()).map((k) => k.status)).toEqual(['active', 'retiring']);
      expect((await back.client.signingKeys.reveal.mutate({ kid: rotated.kid })).secret).toBe(secret);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('takes seeded users from the environment, and refuses a MASTER_KEY that cannot open the stored keys', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-process-'));
    try {
      const masterKey = Buffer.alloc(32, 1).toString('base64');
      const users = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, AGENT_EMAIL: AGENT.email, AGENT_PASSWORD: AGENT.password };
      const first = await startProcess(dataDir, { MASTER_KEY: masterKey, ...users });
      await first.ready();
      expect(first.output()).not.toContain('password:');
      await signIn(first.url, AGENT);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const wrongKey = await startProcess(dataDir, { MASTER_KEY: Buffer.alloc(32, 2).toString('base64') });
      expect(await wrongKey.exited).toBe(1);
      expect(wrongKey.output()).toContain('MASTER_KEY cannot open the stored signing keys');
      expect(readdirSync(dataDir)).not.toContain('webchat-auth.lock');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
