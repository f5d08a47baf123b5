import { describe, expect, it } from 'vitest';
import { closestName } from './suggest.ts';

const TICKET = ['subject', 'description', 'priority', 'type', 'status', 'cf_project', 'cf_plan'];

describe('closestName', () => {
  it('finds the field a typo meant', () => {
    expect(closestName('cf_projct', TICKET)).toBe('cf_project');
    expect(closestName('priorty', TICKET)).toBe('priority');
    expect(closestName('subjetc', TICKET)).toBe('subject');
  });

  it('matches a name that differs only in case', () => {
    expect(closestName('Priority', TICKET)).toBe('priority');
  });

  it('suggests nothing when no field is close', () => {
    expect(closestName('order_id', TICKET)).toBeUndefined();
    expect(closestName('tip', TICKET)).toBeUndefined();
  });
});
