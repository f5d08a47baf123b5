import { CONFLICT_MESSAGE, DomainError } from '../errors.ts';
import type { FieldCatalog } from '../schemas/fields.ts';
import type { Allowlist } from '../schemas/user-auth.ts';
import type { Enforcement } from '../schemas/widgets.ts';
import { normalizeAllowlist } from './allowlist.ts';

/** The per-widget authentication settings as the rules see them: no ids, no times. */
export interface AuthSettings {
  enforcement: Enforcement;
  allowlist: Allowlist;
  clockLeewaySeconds: number;
  maxTokenLifetimeSeconds: number;
  version: number;
}

export type SettingsChange = Omit<AuthSettings, 'version'>;

/** A planned write: the next settings, and what changed for the audit trail. */
export interface SettingsPlan {
  next: AuthSettings;
  before: Partial<SettingsChange>;
  after: Partial<SettingsChange>;
}

/** Stale writes never overwrite: the caller must have seen the current version. */
export function assertVersion(current: AuthSettings, expectedVersion: number): void {
  if (current.version !== expectedVersion) {
    throw new DomainError('CONFLICT', CONFLICT_MESSAGE);
  }
}

export function planEnforce(
  current: AuthSettings,
  input: { expectedVersion: number; hasActiveKey: boolean },
): SettingsPlan {
  assertVersion(current, input.expectedVersion);
  if (!input.hasActiveKey) {
    throw new DomainError(
      'PRECONDITION_FAILED',
      'The account has no active signing key. Generate a key before enforcing user authentication.',
    );
  }
  return plan(current, { enforcement: 'enforced' });
}

export function planDisable(
  current: AuthSettings,
  input: { expectedVersion: number; allowlist: Allowlist; catalog: FieldCatalog },
): SettingsPlan {
  assertVersion(current, input.expectedVersion);
  const allowlist = normalizeAllowlist(input.catalog, input.allowlist);
  return plan(current, { enforcement: 'not_enforced', allowlist });
}

export function planAllowlist(
  current: AuthSettings,
  input: { expectedVersion: number; allowlist: Allowlist; catalog: FieldCatalog },
): SettingsPlan {
  assertVersion(current, input.expectedVersion);
  return plan(current, { allowlist: normalizeAllowlist(input.catalog, input.allowlist) });
}

export function planPolicy(
  current: AuthSettings,
  input: { expectedVersion: number; clockLeewaySeconds?: number; maxTokenLifetimeSeconds?: number },
): SettingsPlan {
  assertVersion(current, input.expectedVersion);
  const change: Partial<SettingsChange> = {};
  if (input.clockLeewaySeconds !== undefined) change.clockLeewaySeconds = input.clockLeewaySeconds;
  if (input.maxTokenLifetimeSeconds !== undefined) {
    change.maxTokenLifetimeSeconds = input.maxTokenLifetimeSeconds;
  }
  return plan(current, change);
}

/** Every accepted write moves the version on, even when the values stay the same. */
function plan(current: AuthSettings, change: Partial<SettingsChange>): SettingsPlan {
  const next: AuthSettings = { ...current, ...change, version: current.version + 1 };
  const before: Partial<SettingsChange> = {};
  const after: Partial<SettingsChange> = {};
  for (const key of Object.keys(change) as (keyof SettingsChange)[]) {
    if (JSON.stringify(current[key]) === JSON.stringify(next[key])) continue;
    Object.assign(before, { [key]: current[key] });
    Object.assign(after, { [key]: next[key] });
  }
  return { next, before, after };
}
