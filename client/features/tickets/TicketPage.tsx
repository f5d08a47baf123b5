import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { Field } from '../../../shared/schemas/fields.ts';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { formatTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import { droppedFieldSentence, FieldRows, TestChatTag, UnauthenticatedTag, verificationSentence } from './contact.tsx';
import page from '../../ui/Page.module.css';
import styles from './Tickets.module.css';

const PRIORITIES: Record<number, string> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };

/**
 * The filled-in values in the catalog's order and with its labels; a value the catalog does not
 * (or no longer) know follows under its API name.
 */
function inCatalogOrder(values: Record<string, unknown>, catalog: readonly Field[]) {
  const filled = (name: string) => values[name] !== undefined && values[name] !== null && values[name] !== '';
  const known = new Set(catalog.map((f) => f.name));
  return [
    ...catalog.filter((f) => filled(f.name)).map((f) => ({ name: f.name, label: f.label, value: values[f.name] })),
    ...Object.keys(values)
      .filter((name) => !known.has(name) && filled(name))
      .map((name) => ({ name, label: name, value: values[name] })),
  ];
}

/** One ticket as an agent works it: the conversation's start, its fields, and who the contact is. */
export default function TicketPage() {
  const id = useParams().ticketId ?? '';
  const ticket = useQuery(trpc.tickets.get.queryOptions({ id }));

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
      {ticket.data && <Ticket ticket={ticket.data} />}
    </div>
  );
}

function Ticket({ ticket }: { ticket: TicketDetail }) {
  const catalog = useQuery(trpc.fields.list.queryOptions());
  const { contact } = ticket;
  const anonymous = !contact.name && !contact.email && !contact.uniqueExternalId;
  return (
    <>
      <header className={styles.ticketHeader}>
        <h1 className={page.title}>{ticket.subject}</h1>
        {!ticket.authenticated && <UnauthenticatedTag />}
        {ticket.test && <TestChatTag />}
      </header>
      {ticket.test && <p className={styles.meta}>An admin started this chat from the token tester; it is not counted in readiness.</p>}
      {!ticket.authenticated && (
        <Alert tone="info">
          {verificationSentence(ticket.verification)} Do not trust who they say they are for anything sensitive.
        </Alert>
      )}
      <div className={styles.columns}>
        <Card id="conversation" title="Conversation">
          <p className={styles.meta}>
            Started {formatTime(ticket.createdAt)} on {ticket.widget.name}
          </p>
          {ticket.description ? (
            <blockquote className={styles.message}>{ticket.description}</blockquote>
          ) : (
            <p className={styles.meta}>The visitor has not written anything yet.</p>
          )}
          <dl className={styles.fields}>
            <dt>Status</dt>
            <dd>{ticket.status}</dd>
            <dt>Priority</dt>
            <dd>{ticket.priority ? PRIORITIES[ticket.priority] : '—'}</dd>
            <dt>Type</dt>
            <dd>{ticket.type ?? '—'}</dd>
            {!catalog.isPending && <FieldRows rows={inCatalogOrder(ticket.properties, catalog.data?.ticketFields ?? [])} />}
          </dl>
          {catalog.isPending && <Skeleton label="Loading the field labels" lines={1} />}
        </Card>
        <Card id="contact" title="Contact">
          {catalog.isPending ? (
            <Skeleton label="Loading the contact" lines={3} />
          ) : (
            <dl className={styles.fields}>
              {anonymous && (
                <>
                  <dt>Name</dt>
                  <dd>Anonymous visitor</dd>
                </>
              )}
              {contact.uniqueExternalId && (
                <>
                  <dt>Customer id</dt>
                  <dd>{contact.uniqueExternalId}</dd>
                </>
              )}
              <FieldRows
                rows={inCatalogOrder({ name: contact.name, email: contact.email, ...contact.properties }, catalog.data?.contactFields ?? [])}
              />
            </dl>
          )}
          <p className={styles.meta}>{ticket.authenticated ? 'Verified by your site’s signed token.' : 'Details given by the visitor, not verified.'}</p>
        </Card>
      </div>
      {ticket.droppedFields.length > 0 && (
        <Card
          id="dropped-fields"
          title="Token fields not applied"
          description="Your site sent these in the visitor's token, but they are not on this ticket or contact."
        >
          <ul className={styles.dropped}>
            {ticket.droppedFields.map((field) => (
              <li key={`${field.entity}.${field.name}`}>{droppedFieldSentence(field)}</li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
