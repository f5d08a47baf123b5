import { describe, expect, it } from 'vitest';
import { changeText, describeChanges } from './audit-diff.ts';

const lines = (before: Record<string, unknown> | null, after: Record<string, unknown> | null) => describeChanges(before, after).map(changeText);

describe('describeChanges', () => {
  it('shows a changed value as from → to', () => {
    expect(lines({ enforcement: 'not_enforced' }, { enforcement: 'enforced' })).toEqual(['enforcement: not_enforced → enforced']);
  });

  it('shows lists of names as what was added and removed, per nested list', () => {
    expect(
      lines(
        { allowlist: { ticketFields: ['subject', 'cf_project'], contactFields: ['name'] } },
        { allowlist: { ticketFields: ['subject', 'cf_order'], contactFields: ['name', 'email'] } },
      ),
    ).toEqual(['allowlist ticket fields: added cf_order; removed cf_project', 'allowlist contact fields: added email']);
  });

  it('leaves out what stayed the same, and names camelCase keys in words', () => {
    expect(lines({ kind: 'ticket', label: 'Project', clockLeewaySeconds: 30 }, { kind: 'ticket', label: 'Project code', clockLeewaySeconds: 60 })).toEqual([
      'label: Project → Project code',
      'clock leeway seconds: 30 → 60',
    ]);
  });

  it('shows the values of an event with only one side', () => {
    expect(lines(null, { graceSeconds: 86400, previousKid: null, choices: ['A', 'B'] })).toEqual(['grace seconds: 86400', 'previous kid: none', 'choices: A, B']);
    expect(lines({ name: 'cf_project' }, null)).toEqual(['name: cf_project']);
    expect(lines(null, null)).toEqual([]);
  });
});
