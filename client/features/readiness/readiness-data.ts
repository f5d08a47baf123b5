import type { Readiness } from '../../../shared/schemas/readiness.ts';
import { REJECTION_CODES } from '../../../shared/token/codes.ts';

/** The periods an admin can look back over, in days. */
export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

/**
 * One colour per outcome: green for a verified chat, amber for one that started without a valid
 * token, and reds and purples for the rejection codes, neighbouring codes far apart in hue.
 */
export const OUTCOME_COLORS: Record<string, string> = {
  authenticated: '#16a34a',
  unauthenticated: '#f59e0b',
  TOKEN_MISSING: '#b91c1c',
  TOKEN_TOO_LARGE: '#7e22ce',
  TOKEN_MALFORMED: '#e11d48',
  ALG_NOT_ALLOWED: '#6d28d9',
  KEY_UNKNOWN: '#f87171',
  SIGNATURE_INVALID: '#a21caf',
  TOKEN_EXPIRED: '#dc2626',
  TOKEN_NOT_YET_VALID: '#8b5cf6',
  EXP_MISSING: '#9f1239',
  LIFETIME_TOO_LONG: '#c084fc',
  IDENTITY_MISSING: '#7f1d1d',
  IDENTITY_CONFLICT: '#db2777',
  EMAIL_INVALID: '#4c1d95',
  CLAIM_INVALID: '#fb7185',
};
const FALLBACK_COLOR = '#64748b';

export const outcomeColor = (outcome: string) => OUTCOME_COLORS[outcome] ?? FALLBACK_COLOR;

/** How an outcome is named in the legend and the table: words for the two chat kinds, the code otherwise. */
export function outcomeLabel(outcome: string): string {
  if (outcome === 'authenticated') return 'Authenticated';
  if (outcome === 'unauthenticated') return 'Unauthenticated';
  return outcome;
}

const KNOWN_ORDER: readonly string[] = ['authenticated', 'unauthenticated', ...REJECTION_CODES];
const isRejection = (outcome: string) => outcome !== 'authenticated' && outcome !== 'unauthenticated';

export interface DayRow {
  date: string;
  counts: Record<string, number>;
  total: number;
  /** Percent of the day's chat starts that were authenticated; null on a day without any. */
  share: number | null;
  droppedFields: number;
}

export interface ReadinessView {
  /** The outcomes that occurred in the period, in a fixed order (authenticated, unauthenticated, codes). */
  outcomes: string[];
  /** Oldest first, one per day of the period. */
  days: DayRow[];
  totals: { chats: number; authenticated: number; rejected: number; droppedFields: number; byOutcome: Record<string, number> };
  /** Percent authenticated over the period; null without chats. */
  share: number | null;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 100));

/** The numbers the chart, the table and the summary figures show, from one readiness answer. */
export function readinessView(readiness: Readiness): ReadinessView {
  const byOutcome: Record<string, number> = {};
  let droppedFields = 0;
  const days = readiness.days.map((day) => {
    const total = Object.values(day.byOutcome).reduce((a, b) => a + b, 0);
    for (const [outcome, n] of Object.entries(day.byOutcome)) byOutcome[outcome] = (byOutcome[outcome] ?? 0) + n;
    droppedFields += day.droppedFields;
    return { date: day.date, counts: day.byOutcome, total, share: percent(day.byOutcome.authenticated ?? 0, total), droppedFields: day.droppedFields };
  });
  const present = Object.keys(byOutcome).filter((outcome) => (byOutcome[outcome] ?? 0) > 0);
  const rank = (outcome: string) => (KNOWN_ORDER.includes(outcome) ? KNOWN_ORDER.indexOf(outcome) : KNOWN_ORDER.length);
  const outcomes = present.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const chats = Object.values(byOutcome).reduce((a, b) => a + b, 0);
  const authenticated = byOutcome.authenticated ?? 0;
  const rejected = outcomes.filter(isRejection).reduce((sum, outcome) => sum + (byOutcome[outcome] ?? 0), 0);
  return { outcomes, days, totals: { chats, authenticated, rejected, droppedFields, byOutcome }, share: percent(authenticated, chats) };
}

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** A UTC day (`2026-12-03`) as "Dec 3", for an axis. */
export const shortDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
/** A UTC day as "Thu, Dec 3, 2026", for the table and the tooltip. */
export const longDay = (date: string) => longDayFormat.format(new Date(`${date}T00:00:00Z`));
