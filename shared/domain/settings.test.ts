import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { FieldCatalog } from '../schemas/fields.ts';
import { planAllowlist, planDisable, planEnforce, planPolicy, type AuthSettings } from './settings.ts';

const catalog: FieldCatalog = {
  ticketFields: [
    { name: 'subject', label: 'Subject', type: 'text', custom: false },
    { name: 'priority', label: 'Priority', type: 'priority', custom: false },
    { name: 'cf_plan', label: 'Plan', type: 'dropdown', custom: true },
  ],
  contactFields: [
    { name: 'name', label: 'Name', type: 'text', custom: false },
    { name: 'cf_tier', label: 'Tier', type: 'dropdown', custom: true },
  ],
};

const settings = (overrides: Partial<AuthSettings> = {}): AuthSettings => ({
  enforcement: 'not_enforced',
  allowlist: { ticketFields: ['subject'], contactFields: [] },
  clockLeewaySeconds: 60,
  maxTokenLifetimeSeconds: 86_400,
  version: 3,
  ...overrides,
});

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('settings rules', () => {
  it('enforces when the version is current and an active key exists, recording only what changed', () => {
    const plan = planEnforce(settings(), { expectedVersion: 3, hasActiveKey: true });
    expect(plan.next).toMatchObject({ enforcement: 'enforced', version: 4 });
    expect(plan.before).toEqual({ enforcement: 'not_enforced' });
    expect(plan.after).toEqual({ enforcement: 'enforced' });
  });

  it('refuses a stale version with CONFLICT before anything else', () => {
    const error = domainError(() => planEnforce(settings(), { expectedVersion: 2, hasActiveKey: false }));
    expect(error.code).toBe('CONFLICT');
  });

  it('refuses to enforce without an active key with PRECONDITION_FAILED', () => {
    const error = domainError(() => planEnforce(settings(), { expectedVersion: 3, hasActiveKey: false }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toMatch(/Generate a key/);
  });

  it('disables with an allowlist put in catalog order without duplicates, custom fields included', () => {
    const plan = planDisable(settings({ enforcement: 'enforced' }), {
      expectedVersion: 3,
      catalog,
      allowlist: { ticketFields: ['cf_plan', 'priority', 'cf_plan'], contactFields: ['cf_tier'] },
    });
    expect(plan.next.enforcement).toBe('not_enforced');
    expect(plan.next.allowlist).toEqual({ ticketFields: ['priority', 'cf_plan'], contactFields: ['cf_tier'] });
  });

  it('names every unknown field, per group, for the form to show', () => {
    const error = domainError(() =>
      planAllowlist(settings(), { expectedVersion: 3, catalog, allowlist: { ticketFields: ['cf_x', 'cf_y'], contactFields: ['name', 'zip'] } }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Unknown ticket field: cf_x, cf_y; Unknown contact field: zip');
    expect(error.fieldErrors).toEqual({
      'allowlist.ticketFields': ['Unknown ticket field: cf_x, cf_y'],
      'allowlist.contactFields': ['Unknown contact field: zip'],
    });
  });

  it('changes only the policy values given, and still moves the version on when nothing differs', () => {
    const plan = planPolicy(settings(), { expectedVersion: 3, clockLeewaySeconds: 60 });
    expect(plan.next.version).toBe(4);
    expect(plan.after).toEqual({});
    const lifetime = planPolicy(settings(), { expectedVersion: 3, maxTokenLifetimeSeconds: 600 });
    expect(lifetime.after).toEqual({ maxTokenLifetimeSeconds: 600 });
    expect(lifetime.next.clockLeewaySeconds).toBe(60);
  });
});
