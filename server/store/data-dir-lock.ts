import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

/**
 * PGlite takes no lock of its own: two processes on one directory corrupt it. This takes an
 * exclusive lock file (created with `wx`, holding our pid) and replaces it only when the pid in
 * it is no longer running.
 */
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'webchat-auth.lock');
  if (heldHere.has(file)) throw new DataDirLockedError(`DATA_DIR ${dataDir} is already open in this process.`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      heldHere.add(file);
      return {
        release: () => {
          heldHere.delete(file);
          releaseIfOurs(file);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (isRunning(holder) && holder !== process.pid) {
        throw new DataDirLockedError(
          `DATA_DIR ${dataDir} is in use by another webchat-auth process (pid ${holder}). Stop that process, or set DATA_DIR to another directory.`,
        );
      }
      // Our own pid in a lock we do not hold: left by an earlier run that had the same pid (containers).
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock DATA_DIR ${dataDir}`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string): void {
  try {
    if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  } catch {
    // Already gone: nothing to release.
  }
}
