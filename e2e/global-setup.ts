import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer } from '../tests/support/server-process.ts';
import { ADMIN, AGENT } from './users.ts';

/**
 * Starts the real server once on a fresh data directory (initdb, migrations, seed) and stops it;
 * each test then starts its own server on a copy, so tests never see each other's changes.
 */
export default async function globalSetup() {
  const template = mkdtempSync(path.join(os.tmpdir(), 'wca-e2e-template-'));
  const server = await spawnServer(serverEnv(template));
  await server.ready();
  server.child.kill('SIGTERM');
  const code = await server.exited;
  if (code !== 0) throw new Error(`the template server did not stop cleanly (${code}): ${server.output()}`);
  process.env.WCA_E2E_TEMPLATE = template;
}

export function serverEnv(dataDir: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    AGENT_EMAIL: AGENT.email,
    AGENT_PASSWORD: AGENT.password,
  };
}
