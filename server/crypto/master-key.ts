import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';

const FILE_NAME = 'master.key';

/**
 * The master key that seals signing keys: MASTER_KEY (32 bytes as base64, base64url or hex), or
 * a key generated once into DATA_DIR with mode 0600 (SPEC §6), with a warning, since a key beside
 * the data protects less than one kept elsewhere.
 */
export function loadMasterKey(options: { value: string | undefined; dataDir: string; logger: Logger }): Buffer {
  if (options.value) return decodeMasterKey(options.value);
  const file = path.join(options.dataDir, FILE_NAME);
  mkdirSync(options.dataDir, { recursive: true });
  try {
    const key = decodeMasterKey(readFileSync(file, 'utf8').trim());
    options.logger.warn({ file }, 'MASTER_KEY is not set; using the master key stored in DATA_DIR');
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  options.logger.warn(
    { file },
    'MASTER_KEY is not set; generated a master key into DATA_DIR. Set MASTER_KEY in production and keep it outside the data directory.',
  );
  return key;
}

export function decodeMasterKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) {
    throw new Error('MASTER_KEY must be 32 bytes, written as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)');
  }
  return key;
}
