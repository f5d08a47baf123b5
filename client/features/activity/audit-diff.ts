/** One line of an audit event's change, as a person reads it. */
export type Change =
  | { kind: 'value'; field: string; from?: string; to?: string }
  | { kind: 'list'; field: string; added: string[]; removed: string[] };

type Snapshot = Record<string, unknown> | null;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested objects (an allowlist's ticketFields and contactFields) become one entry per leaf. */
function flatten(snapshot: Snapshot, prefix: string[] = [], into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(snapshot ?? {})) {
    if (isPlainObject(value)) flatten(value, [...prefix, key], into);
    else into.set([...prefix, key].join('.'), value);
  }
  return into;
}

/** "allowlist.ticketFields" → "allowlist ticket fields". */
function fieldLabel(path: string): string {
  return path
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' ');
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : 'none';
  return JSON.stringify(value);
}

const names = (value: unknown): string[] => (Array.isArray(value) ? value.map(formatValue) : []);

/**
 * What an event changed, field by field: a value as "from → to" (or just its value when the event
 * has only one side), a list of names as what was added and removed.
 */
export function describeChanges(before: Snapshot, after: Snapshot): Change[] {
  // An event with only a before (a field archived) says what it was about, not a change to "none".
  if (after === null && before !== null) return describeChanges(null, before);
  const was = flatten(before);
  const now = flatten(after);
  const paths = [...new Set([...was.keys(), ...now.keys()])];
  return paths.flatMap((path): Change[] => {
    const field = fieldLabel(path);
    const from = was.get(path);
    const to = now.get(path);
    if (was.has(path) && now.has(path) && (Array.isArray(from) || Array.isArray(to))) {
      const added = names(to).filter((n) => !names(from).includes(n));
      const removed = names(from).filter((n) => !names(to).includes(n));
      return added.length || removed.length ? [{ kind: 'list', field, added, removed }] : [];
    }
    if (was.has(path) && now.has(path) && formatValue(from) === formatValue(to)) return [];
    return [
      {
        kind: 'value',
        field,
        ...(was.has(path) ? { from: formatValue(from) } : {}),
        ...(now.has(path) ? { to: formatValue(to) } : {}),
      },
    ];
  });
}

/** A change as one line of text: "enforcement: not_enforced → enforced". */
export function changeText(change: Change): string {
  if (change.kind === 'list') {
    const parts = [change.added.length ? `added ${change.added.join(', ')}` : '', change.removed.length ? `removed ${change.removed.join(', ')}` : ''];
    return `${change.field}: ${parts.filter(Boolean).join('; ')}`;
  }
  if (change.from === undefined) return `${change.field}: ${change.to ?? 'none'}`;
  return `${change.field}: ${change.from} → ${change.to ?? 'none'}`;
}
