import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { adminQuery, MASTER_KEY, postgresUrl } from './stores.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once /healthz answers; rejects with the process output if it exits or stalls. */
  ready(): Promise<void>;
}

/** The production server process (`server/main.ts`, as `npm start` runs it) on a free port. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    output: () => output,
    exited,
    async ready() {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
        if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`server did not start: ${output}`);
    },
  };
}

/** Production server processes sharing one new PostgreSQL database made from `template`; dispose to stop them and drop it. */
export async function startInstances(template: string, count: number): Promise<{ servers: ServerProcess[]; [Symbol.asyncDispose](): Promise<void> }> {
  const database = `wca_i_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${database} template ${template}`);
  const dirs = Array.from({ length: count }, (_, i) => mkdtempSync(path.join(os.tmpdir(), `wca-${i}-`)));
  const servers: ServerProcess[] = [];
  const stop = async () => {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await adminQuery(`drop database if exists ${database} with (force)`);
  };
  try {
    for (const dir of dirs) servers.push(await spawnServer({ DATA_DIR: dir, DATABASE_URL: postgresUrl(database), MASTER_KEY, CHAT_RATE_LIMIT: '0' }));
    await Promise.all(servers.map((s) => s.ready()));
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, [Symbol.asyncDispose]: stop };
}
