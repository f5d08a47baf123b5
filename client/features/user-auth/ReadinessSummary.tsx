import { useQuery } from '@tanstack/react-query';
import type { Readiness } from '../../../shared/schemas/readiness.ts';
import { REJECTION_CODES, REJECTION_HINTS, type RejectionCode } from '../../../shared/token/codes.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Skeleton } from '../../ui/Card.tsx';
import table from '../../ui/Table.module.css';
import styles from './UserAuthPage.module.css';

const DAYS = 7;

/** Totals over the days: chats, how many carried a valid token, and refusals by reason. */
export function summarize(readiness: Readiness) {
  const totals: Record<string, number> = {};
  for (const day of readiness.days) for (const [outcome, n] of Object.entries(day.byOutcome)) totals[outcome] = (totals[outcome] ?? 0) + n;
  const chats = Object.values(totals).reduce((a, b) => a + b, 0);
  const authenticated = totals.authenticated ?? 0;
  const rejections = REJECTION_CODES.filter((code) => (totals[code] ?? 0) > 0).map((code) => ({ code, count: totals[code] ?? 0 }));
  return { chats, authenticated, unauthenticated: chats - authenticated, rejections };
}

/**
 * What enforcing would have meant over the last week: the chats that would have been refused,
 * and why their tokens failed, with the usual fix.
 */
export function ReadinessSummary({ widgetId }: { widgetId: string }) {
  const readiness = useQuery(trpc.readiness.get.queryOptions({ widgetId, days: DAYS }));
  if (readiness.isPending) return <Skeleton label="Loading the last 7 days of chats" lines={2} />;
  if (readiness.isError) return <Alert tone="error">The last 7 days of chats could not be loaded: {readiness.error.message}</Alert>;
  const { chats, authenticated, unauthenticated, rejections } = summarize(readiness.data);
  if (chats === 0) {
    return <p className={styles.readiness}>No chat has started on this widget in the last {DAYS} days, so there is nothing to check yet.</p>;
  }
  const share = Math.round((authenticated / chats) * 100);
  return (
    <section className={styles.readiness} aria-label={`Readiness, last ${DAYS} days`}>
      <p className={styles.readinessFigures}>
        <strong>{chats}</strong> {chats === 1 ? 'chat' : 'chats'} in the last {DAYS} days · <strong>{share}%</strong> authenticated
      </p>
      {unauthenticated > 0 ? (
        <Alert tone="info">
          {unauthenticated} of them had no valid token and would have been refused.
        </Alert>
      ) : (
        <Alert tone="success">Every chat in the last {DAYS} days carried a valid token.</Alert>
      )}
      {rejections.length > 0 && (
        <table className={table.table}>
          <caption className="visually-hidden">Refused tokens by reason</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Chats</th>
              <th scope="col">Usual fix</th>
            </tr>
          </thead>
          <tbody>
            {rejections.map(({ code, count }) => (
              <tr key={code}>
                <td>
                  <code className={table.code}>{code}</code>
                </td>
                <td>{count}</td>
                <td className={table.muted}>{REJECTION_HINTS[code as RejectionCode]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
