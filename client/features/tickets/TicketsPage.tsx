import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { formatTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Skeleton } from '../../ui/Card.tsx';
import page from '../../ui/Page.module.css';
import segmented from '../../ui/Segmented.module.css';
import table from '../../ui/Table.module.css';
import { ContactLabel, TestChatTag, UnauthenticatedTag } from './contact.tsx';
import styles from './Tickets.module.css';

const FILTERS = [
  { value: 'all', label: 'All', authenticated: undefined },
  { value: 'verified', label: 'Verified', authenticated: true },
  { value: 'unauthenticated', label: 'Unauthenticated', authenticated: false },
] as const;

/** Chats' tickets, newest first; unauthenticated ones carry the tag agents look for. */
export default function TicketsPage() {
  const [params, setParams] = useSearchParams();
  const filter = FILTERS.find((f) => f.value === params.get('show')) ?? FILTERS[0];
  const tickets = useInfiniteQuery(
    trpc.tickets.list.infiniteQueryOptions(
      { limit: 25, ...(filter.authenticated === undefined ? {} : { authenticated: filter.authenticated }) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = tickets.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className={page.page}>
      <header>
        <h1 className={page.title}>Tickets</h1>
        <p className={page.lead}>Every chat opens a ticket. Tickets from visitors without a valid token are tagged “Unauthenticated session”.</p>
      </header>
      <div role="group" aria-label="Show" className={segmented.segmented}>
        {FILTERS.map((f) => (
          <button
            key={f.value}
            type="button"
            aria-pressed={f.value === filter.value}
            onClick={() => setParams(f.value === 'all' ? {} : { show: f.value })}
          >
            {f.label}
          </button>
        ))}
      </div>
      <div className={page.panel}>
        {tickets.isPending && <Skeleton label="Loading tickets" lines={4} />}
        {tickets.isError && <Alert tone="error">Tickets could not be loaded: {tickets.error.message}</Alert>}
        {tickets.data && items.length === 0 && <p className={page.empty}>No tickets yet. They appear here as soon as a chat starts.</p>}
        {items.length > 0 && (
          <div className={table.scroll}>
            <table className={`${table.table} ${table.stack}`}>
              <caption className="visually-hidden">Tickets</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Widget</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link to={`/tickets/${t.id}`} className={styles.subject}>
                        {t.subject}
                      </Link>
                      {(!t.authenticated || t.test) && (
                        <span className={styles.tags}>
                          {!t.authenticated && <UnauthenticatedTag />}
                          {t.test && <TestChatTag />}
                        </span>
                      )}
                    </td>
                    <td data-label="Contact" className={styles.contact}>
                      <ContactLabel contact={t.contact} />
                    </td>
                    <td data-label="Widget">{t.widget.name}</td>
                    <td data-label="Status">{t.status}</td>
                    <td data-label="Created" className={table.status}>
                      {formatTime(t.createdAt)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {tickets.hasNextPage && (
        <Button pending={tickets.isFetchingNextPage} onClick={() => void tickets.fetchNextPage()}>
          Show more tickets
        </Button>
      )}
    </div>
  );
}
