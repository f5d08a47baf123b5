import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

describe('the DATA_DIR lock', () => {
  it('refuses a directory already locked by a running process, naming its pid', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wca-lock-'));
    writeFileSync(path.join(dir, 'webchat-auth.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(`pid ${process.ppid}`);
  });

  it('takes over a lock left by a process that is gone, and releases it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wca-lock-'));
    writeFileSync(path.join(dir, 'webchat-auth.lock'), '999999999');
    const lock = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/already open in this process/);
    lock.release();
    lockDataDir(dir).release();
  });

  it('takes over a lock holding our own pid that this process does not hold (a restarted container)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wca-lock-'));
    writeFileSync(path.join(dir, 'webchat-auth.lock'), String(process.pid));
    lockDataDir(dir).release();
  });
});
