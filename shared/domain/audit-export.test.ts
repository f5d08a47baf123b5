import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../schemas/audit.ts';
import { auditToCsv, auditToJsonLines } from './audit-export.ts';

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '7',
    occurredAt: '2026-12-03T09:15:00.000Z',
    actor: { type: 'user', id: 'usr_1', label: 'admin@example.com' },
    action: 'user_auth.enforced',
    widgetId: 'wgt_1',
    kid: null,
    before: { enforcement: 'not_enforced' },
    after: { enforcement: 'enforced' },
    requestId: 'req_1',
    ...overrides,
  };
}

/** Splits CSV text into rows of cells, following RFC 4180's quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('auditToCsv', () => {
  it('starts with a header row and ends every row with CRLF', () => {
    const csv = auditToCsv([event()]);
    expect(csv.split('\r\n')).toEqual([
      'occurredAt,actorType,actorId,actorLabel,action,widgetId,kid,before,after,requestId',
      expect.stringContaining('2026-12-03T09:15:00.000Z,user,usr_1,admin@example.com,user_auth.enforced,wgt_1,,'),
      '',
    ]);
  });

  it('writes before and after as JSON text, quoted with their quotes doubled', () => {
    const csv = auditToCsv([event()]);
    expect(csv).toContain('"{""enforcement"":""not_enforced""}","{""enforcement"":""enforced""}"');
    const [, row] = parseCsv(csv);
    expect(JSON.parse(row?.[7] ?? '')).toEqual({ enforcement: 'not_enforced' });
    expect(JSON.parse(row?.[8] ?? '')).toEqual({ enforcement: 'enforced' });
  });

  it('leaves a missing value as an empty cell', () => {
    const [, row] = parseCsv(auditToCsv([event({ widgetId: null, before: null, after: null, requestId: null, actor: { type: 'system', id: null, label: 'Sign-in protection' } })]));
    expect(row).toEqual(['2026-12-03T09:15:00.000Z', 'system', '', 'Sign-in protection', 'user_auth.enforced', '', '', '', '', '']);
  });

  it('quotes cells holding commas, quotes and line breaks so they read back whole', () => {
    const label = 'API key “Sync, nightly” "v2"\nsecond line';
    const [, row] = parseCsv(auditToCsv([event({ actor: { type: 'api_key', id: 'key_1', label } })]));
    expect(row?.[3]).toBe(label);
  });

  it('prefixes cells that a spreadsheet would run as a formula with an apostrophe', () => {
    for (const start of ['=', '+', '-', '@']) {
      const label = `${start}HYPERLINK("https://evil.example","x")`;
      const [, row] = parseCsv(auditToCsv([event({ actor: { type: 'api_key', id: 'key_1', label } })]));
      expect(row?.[3]).toBe(`'${label}`);
    }
  });

  it('is only the header row when there are no events', () => {
    expect(parseCsv(auditToCsv([]))).toHaveLength(1);
  });
});

describe('auditToJsonLines', () => {
  it('writes one event per line, each the event as the API returns it', () => {
    const events = [event(), event({ id: '6', action: 'signing_key.generated', kid: 'k_2', before: null, after: { graceSeconds: 86400 } })];
    const lines = auditToJsonLines(events).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(lines.slice(0, 2).map((l) => JSON.parse(l) as unknown)).toEqual(events);
  });

  it('is empty when there are no events', () => {
    expect(auditToJsonLines([])).toBe('');
  });
});
