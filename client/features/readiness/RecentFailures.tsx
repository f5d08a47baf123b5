import { useQuery } from '@tanstack/react-query';
import type { ChatFailure } from '../../../shared/schemas/readiness.ts';
import { formatTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import page from '../../ui/Page.module.css';
import table from '../../ui/Table.module.css';
import styles from './ReadinessPage.module.css';

/** New failures show within a few seconds while the tab is open. */
const REFRESH_MS = 3_000;

const utc = (iso: string) => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The last 100 chat starts that were refused or started unauthenticated (SPEC §4.8): what failed,
 * the usual fix, and which claims the token had, by name only.
 */
export function RecentFailures({ widgetId }: { widgetId: string }) {
  const failures = useQuery({ ...trpc.readiness.failures.queryOptions({ widgetId }), staleTime: 0, refetchInterval: REFRESH_MS });
  return (
    <Card
      id="recent-failures"
      title="Recent failures"
      description="The last 100 chat starts that were refused or started unauthenticated, newest first. Claims are listed by name; their values are never shown."
    >
      {failures.isPending && <Skeleton label="Loading recent failures" lines={4} />}
      {failures.isError && <Alert tone="error">Recent failures could not be loaded: {failures.error.message}</Alert>}
      {failures.data?.items.length === 0 && (
        <p className={page.empty}>No failed or unauthenticated chat starts. A refused token or a chat without a valid token shows here within seconds.</p>
      )}
      {failures.data && failures.data.items.length > 0 && <FailureTable items={failures.data.items} />}
    </Card>
  );
}

function FailureTable({ items }: { items: ChatFailure[] }) {
  return (
    <div className={styles.failuresFrame}>
      <table className={`${table.table} ${table.flush} ${styles.failures}`}>
        <caption className="visually-hidden">Recent failed or unauthenticated chat starts</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">What failed</th>
            <th scope="col">Result</th>
            <th scope="col">Key</th>
            <th scope="col">Claims present</th>
          </tr>
        </thead>
        <tbody>
          {items.map((f) => (
            <tr key={f.id}>
              <td data-label="Time" className={styles.when}>
                <time dateTime={f.occurredAt} title={utc(f.occurredAt)}>
                  {formatTime(f.occurredAt)}
                </time>
              </td>
              <td data-label="What failed" className={styles.what}>
                <Badge tone={f.outcome === 'refused' ? 'warning' : 'neutral'}>{f.code}</Badge>
                <span className={styles.message}>{f.message}</span>
                <span className={styles.fix}>Fix: {f.hint}</span>
              </td>
              <td data-label="Result">{f.outcome === 'refused' ? 'Refused' : 'Started unauthenticated'}</td>
              <td data-label="Key">{f.kid ? <code className={`${table.code} ${styles.kid}`}>{f.kid}</code> : <span className={table.muted}>None</span>}</td>
              <td data-label="Claims present" className={styles.claims}>
                {f.claims.length === 0 ? (
                  <span className={table.muted}>None</span>
                ) : (
                  <ul className={styles.chips} aria-label="Claim names">
                    {f.claims.map((claim) => (
                      <li key={claim}>{claim}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
