import { useQuery } from '@tanstack/react-query';
import type { Readiness } from '../../../shared/schemas/readiness.ts';
import { REJECTION_CODES, REJECTION_HINTS, type RejectionCode } from '../../../shared/token/codes.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Skeleton } from '../../ui/Card.tsx';
import table from '../../ui/Table.module.css';
import styles from './UserAuthPage.module.css';

const DAYS = 7;

/** A few words for each reason, beside its code. */
const REASONS: Record<RejectionCode, string> = {
  TOKEN_MISSING: 'No token',
  TOKEN_TOO_LARGE: 'Token too large',
  TOKEN_MALFORMED: 'Not a well-formed JWT',
  ALG_NOT_ALLOWED: 'Not signed with HS256',
  KEY_UNKNOWN: 'Unknown or revoked key',
  SIGNATURE_INVALID: 'Signature does not match',
  TOKEN_EXPIRED: 'Expired',
  TOKEN_NOT_YET_VALID: 'Not valid yet',
  EXP_MISSING: 'No expiry',
  LIFETIME_TOO_LONG: 'Expiry too far ahead',
  IDENTITY_MISSING: 'No email or external id',
  IDENTITY_CONFLICT: 'Both email and external id',
  EMAIL_INVALID: 'Invalid email',
  CLAIM_INVALID: 'A claim of the wrong type',
};

export interface RefusalReason {
  /** A rejection code, or `other` for an outcome this console does not know. */
  code: RejectionCode | 'other';
  count: number;
}

/**
 * Totals over the days: chats, how many carried a valid token, and what enforcing would have
 * refused, by reason. A chat without a token on a widget that does not enforce is stored as
 * `unauthenticated`; enforced, it would have been refused as TOKEN_MISSING, so it is counted
 * there and the reasons add up to the refusals.
 */
export function summarize(readiness: Readiness) {
  const totals = new Map<string, number>();
  for (const day of readiness.days) for (const [outcome, n] of Object.entries(day.byOutcome)) totals.set(outcome, (totals.get(outcome) ?? 0) + n);
  const count = (outcome: string) => totals.get(outcome) ?? 0;
  const known = new Set<string>(['authenticated', 'unauthenticated', ...REJECTION_CODES]);
  const other = [...totals].filter(([outcome]) => !known.has(outcome)).reduce((sum, [, n]) => sum + n, 0);
  const rejections: RefusalReason[] = REJECTION_CODES.map((code) => ({
    code,
    count: count(code) + (code === 'TOKEN_MISSING' ? count('unauthenticated') : 0),
  })).filter((r) => r.count > 0);
  if (other > 0) rejections.push({ code: 'other', count: other });
  const authenticated = count('authenticated');
  const refused = rejections.reduce((sum, r) => sum + r.count, 0);
  const droppedFields = readiness.days.reduce((sum, day) => sum + day.droppedFields, 0);
  return { chats: authenticated + refused, authenticated, refused, rejections, droppedFields };
}

/**
 * What enforcing would have meant over the last week: the chats that would have been refused,
 * and why, with the usual fix.
 */
export function ReadinessSummary({ widgetId }: { widgetId: string }) {
  const readiness = useQuery(trpc.readiness.get.queryOptions({ widgetId, days: DAYS }));
  if (readiness.isPending) return <Skeleton label="Loading the last 7 days of chats" lines={2} />;
  if (readiness.isError) return <Alert tone="error">The last 7 days of chats could not be loaded: {readiness.error.message}</Alert>;
  const { chats, authenticated, refused, rejections, droppedFields } = summarize(readiness.data);
  if (chats === 0) {
    return <p className={styles.readiness}>No chat has started on this widget in the last {DAYS} days, so there is nothing to check yet.</p>;
  }
  const share = Math.round((authenticated / chats) * 100);
  return (
    <section className={styles.readiness} aria-label={`Readiness, last ${DAYS} days`}>
      <p className={styles.readinessFigures}>
        <strong>{chats}</strong> {chats === 1 ? 'chat' : 'chats'} in the last {DAYS} days · <strong>{share}%</strong> authenticated
      </p>
      {refused > 0 ? (
        <Alert tone="info">{refused} of them had no valid token and would have been refused.</Alert>
      ) : (
        <Alert tone="success">Every chat in the last {DAYS} days carried a valid token.</Alert>
      )}
      {rejections.length > 0 && (
        <div className={table.scroll}>
          <table className={`${table.table} ${table.stack} ${styles.reasons}`}>
            <caption className="visually-hidden">Chats that would have been refused, by reason</caption>
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col" className={styles.count}>
                  Chats
                </th>
                <th scope="col">Usual fix</th>
              </tr>
            </thead>
            <tbody>
              {rejections.map(({ code, count }) => (
                <tr key={code}>
                  <th scope="row">
                    {code === 'other' ? (
                      'Other'
                    ) : (
                      <>
                        {REASONS[code]} <span aria-hidden="true">—</span> <code className={table.code}>{code}</code>
                      </>
                    )}
                  </th>
                  <td className={styles.count} data-label="Chats">
                    {count}
                  </td>
                  <td className={table.muted} data-label="Usual fix">
                    {code === 'other' ? '' : REJECTION_HINTS[code]}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {droppedFields > 0 && (
        <p className={styles.hint}>
          {droppedFields} {droppedFields === 1 ? 'chat' : 'chats'} lost token fields that the field catalog does not know.
        </p>
      )}
    </section>
  );
}
