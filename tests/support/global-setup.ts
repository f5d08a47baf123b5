import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startApp } from '../../server/app.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import { ADMIN, AGENT, MASTER_KEY, adminQuery, postgresReachable, postgresUrl } from './stores.ts';

/**
 * Prepares one migrated, seeded database per store; each test server starts from a copy
 * (a directory copy for PGlite, CREATE DATABASE … TEMPLATE for PostgreSQL), which is much
 * faster than a first start each time.
 */
export default async function setup(project: TestProject) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'wca-template-'));
  const pgliteTemplate = path.join(root, 'pglite');
  await prepare({ DATA_DIR: pgliteTemplate });

  let postgresTemplate: string | null = null;
  const reachable = await postgresReachable();
  if (reachable) {
    postgresTemplate = `wca_template_${process.pid}`;
    await adminQuery(`drop database if exists ${postgresTemplate}`);
    await adminQuery(`create database ${postgresTemplate}`);
    await prepare({ DATA_DIR: path.join(root, 'pg-data'), DATABASE_URL: postgresUrl(postgresTemplate) });
  } else if (process.env.CI) {
    throw new Error('PostgreSQL is not reachable at 127.0.0.1:5432, and CI must run the PostgreSQL tests.');
  } else {
    console.warn('\n[webchat-auth tests] PostgreSQL is not reachable: the PostgreSQL runs are SKIPPED on this machine.\n');
  }
  project.provide('pgliteTemplate', pgliteTemplate);
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    if (postgresTemplate) await adminQuery(`drop database if exists ${postgresTemplate} with (force)`);
    rmSync(root, { recursive: true, force: true });
  };
}

async function prepare(vars: Record<string, string>) {
  const env = parseEnv({
    ...vars,
    PORT: '0',
    HOST: '127.0.0.1',
    MASTER_KEY,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    AGENT_EMAIL: AGENT.email,
    AGENT_PASSWORD: AGENT.password,
  });
  const app = await startApp({ env, logger: createLogger('silent') });
  await app.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}
