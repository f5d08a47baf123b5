import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import { droppedFieldSentence, FieldRows, TestChatTag, UnauthenticatedTag, verificationSentence } from './contact.tsx';
import { ContactCard } from './ContactCard.tsx';
import { Conversation } from './Conversation.tsx';
import { inCatalogOrder } from './field-order.ts';
import { ProvenanceMark, Time } from './provenance.tsx';
import { ReplyForm } from './ReplyForm.tsx';
import page from '../../ui/Page.module.css';
import styles from './Tickets.module.css';

const PRIORITIES: Record<number, string> = { 1: 'Low', 2: 'Medium', 3: 'High', 4: 'Urgent' };

/** The visitor's new messages show within a few seconds, without a reload, while the page is in view. */
const REFRESH_MS = 3_000;

/** One ticket as an agent works it: the conversation and the reply, its fields, and who the contact is. */
export default function TicketPage() {
  const id = useParams().ticketId ?? '';
  // Not refetched while the tab is hidden (TanStack Query's default for an interval).
  const ticket = useQuery({ ...trpc.tickets.get.queryOptions({ id }), refetchInterval: REFRESH_MS });

  return (
    <div className={page.page}>
      <nav aria-label="Breadcrumb" className={page.breadcrumb}>
        <Link to="/tickets">Tickets</Link> <span aria-hidden="true">/</span> {ticket.data?.subject ?? '…'}
      </nav>
      {ticket.isPending && <Skeleton label="Loading the ticket" lines={6} />}
      {ticket.isError && !ticket.data && (
        <Alert tone="error">
          {ticket.error.data?.code === 'NOT_FOUND' ? 'There is no such ticket in this account.' : `The ticket could not be loaded: ${ticket.error.message}`}{' '}
          <Link to="/tickets">Back to tickets</Link>
        </Alert>
      )}
      {ticket.data && <Ticket ticket={ticket.data} refreshError={ticket.isError ? ticket.error.message : null} />}
    </div>
  );
}

function Ticket({ ticket, refreshError }: { ticket: TicketDetail; refreshError: string | null }) {
  const { contact } = ticket;
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
      {refreshError && <Alert tone="info">New messages could not be fetched ({refreshError}); trying again every few seconds.</Alert>}
      <div className={styles.columns}>
        <Card
          id="conversation"
          title="Conversation"
          description={
            <>
              Started <Time iso={ticket.createdAt} /> on {ticket.widget.name}
            </>
          }
        >
          {/* A name an unverified visitor typed is theirs to make up: their messages are the visitor's. */}
          <Conversation messages={ticket.messages} visitorName={contact.verified ? (contact.name ?? contact.email) : null} />
          <ReplyForm key={ticket.id} ticket={ticket} />
          <TicketFields ticket={ticket} />
        </Card>
        <ContactCard ticket={ticket} />
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

/** The ticket's fields with the catalog's labels, each marked with where it came from. */
function TicketFields({ ticket }: { ticket: TicketDetail }) {
  const catalog = useQuery(trpc.fields.list.queryOptions());
  const { provenance } = ticket;
  return (
    <section aria-labelledby="ticket-fields-title" className={styles.ticketFields}>
      <h3 id="ticket-fields-title" className={styles.subheading}>
        Ticket fields
      </h3>
      <dl className={styles.fields}>
        <dt>Status</dt>
        <dd>
          <span>{ticket.status}</span>
          <ProvenanceMark provenance={provenance.status} />
        </dd>
        <dt>Priority</dt>
        <dd>
          <span>{ticket.priority ? PRIORITIES[ticket.priority] : '—'}</span>
          <ProvenanceMark provenance={provenance.priority} />
        </dd>
        <dt>Type</dt>
        <dd>
          <span>{ticket.type ?? '—'}</span>
          <ProvenanceMark provenance={provenance.type} />
        </dd>
        {!catalog.isPending && <FieldRows rows={inCatalogOrder(ticket.properties, catalog.data?.ticketFields ?? [])} provenance={provenance} />}
      </dl>
      {catalog.isPending && <Skeleton label="Loading the field labels" lines={1} />}
    </section>
  );
}
