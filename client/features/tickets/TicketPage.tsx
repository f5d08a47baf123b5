import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { formatTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import { UnauthenticatedTag } from './contact.tsx';
import page from '../../ui/Page.module.css';
import styles from './Tickets.module.css';

const PRIORITIES: Record<number, string> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };

/** One ticket as an agent works it: the conversation's start, its fields, and who the contact is. */
export default function TicketPage() {
  const id = useParams().ticketId ?? '';
  const ticket = useQuery(trpc.tickets.get.queryOptions({ id }));
  const catalog = useQuery(trpc.fields.list.queryOptions());
  const label = (entity: 'ticketFields' | 'contactFields', name: string) =>
    catalog.data?.[entity].find((f) => f.name === name)?.label ?? name;

  return (
    <div className={page.page}>
      <nav aria-label="Breadcrumb" className={page.breadcrumb}>
        <Link to="/tickets">Tickets</Link> <span aria-hidden="true">/</span> {ticket.data?.subject ?? '…'}
      </nav>
      {ticket.isPending && <Skeleton label="Loading the ticket" lines={6} />}
      {ticket.isError && (
        <Alert tone="error">
          {ticket.error.data?.code === 'NOT_FOUND' ? 'There is no such ticket in this account.' : `The ticket could not be loaded: ${ticket.error.message}`}{' '}
          <Link to="/tickets">Back to tickets</Link>
        </Alert>
      )}
      {ticket.data && (
        <>
          <header className={styles.ticketHeader}>
            <h1 className={page.title}>{ticket.data.subject}</h1>
            {!ticket.data.authenticated && <UnauthenticatedTag />}
          </header>
          {!ticket.data.authenticated && (
            <Alert tone="info">
              This visitor was not verified by your site
              {ticket.data.verification !== 'unauthenticated' ? ` (their token was refused: ${ticket.data.verification})` : ''}. Do not
              trust who they say they are for anything sensitive.
            </Alert>
          )}
          <div className={styles.columns}>
            <Card id="conversation" title="Conversation">
              <p className={styles.meta}>
                Started {formatTime(ticket.data.createdAt)} on {ticket.data.widget.name}
              </p>
              {ticket.data.description ? (
                <blockquote className={styles.message}>{ticket.data.description}</blockquote>
              ) : (
                <p className={styles.meta}>The visitor has not written anything yet.</p>
              )}
              <dl className={styles.fields}>
                <dt>Status</dt>
                <dd>{ticket.data.status}</dd>
                <dt>Priority</dt>
                <dd>{ticket.data.priority ? PRIORITIES[ticket.data.priority] : '—'}</dd>
                <dt>Type</dt>
                <dd>{ticket.data.type ?? '—'}</dd>
                {Object.entries(ticket.data.properties).map(([name, value]) => (
                  <Field key={name} label={label('ticketFields', name)} value={value} />
                ))}
              </dl>
            </Card>
            <Card id="contact" title="Contact">
              <dl className={styles.fields}>
                <dt>Name</dt>
                <dd>{ticket.data.contact.name ?? 'Anonymous visitor'}</dd>
                <dt>Email</dt>
                <dd>{ticket.data.contact.email ?? '—'}</dd>
                {ticket.data.contact.uniqueExternalId && (
                  <>
                    <dt>Customer id</dt>
                    <dd>{ticket.data.contact.uniqueExternalId}</dd>
                  </>
                )}
                {Object.entries(ticket.data.contact.properties).map(([name, value]) => (
                  <Field key={name} label={label('contactFields', name)} value={value} />
                ))}
              </dl>
              <p className={styles.meta}>
                {ticket.data.authenticated ? 'Verified by your site’s signed token.' : 'Details given by the visitor, not verified.'}
              </p>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}

function Field({ label, value }: { label: string; value: unknown }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{typeof value === 'string' || typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? 'Yes' : 'No') : JSON.stringify(value)}</dd>
    </>
  );
}
