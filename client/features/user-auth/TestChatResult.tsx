import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { ChatStartOutput } from '../../../shared/schemas/chat.ts';
import type { FieldCatalog } from '../../../shared/schemas/fields.ts';
import type { DroppedFieldInfo } from '../../../shared/schemas/tickets.ts';
import { PRIORITIES } from '../../../shared/domain/test-token-form.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Skeleton } from '../../ui/Card.tsx';
import { TextField } from '../../ui/TextField.tsx';
import styles from './TokenTools.module.css';

const DROP_REASONS: Record<DroppedFieldInfo['reason'], string> = {
  not_in_catalog: 'the field catalog has no such field',
  email_in_use: 'another contact already has this email',
};

const DEFAULT_MESSAGE = 'Hello, this is a test chat from the console.';

/**
 * Starts a real chat on the widget with `token`, marked as a test, and shows what came of it.
 * Keyed by the token where it is used, so a new token starts afresh.
 */
export function TestChatStarter({ widgetId, token, catalog }: { widgetId: string; token: string; catalog: FieldCatalog }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState(DEFAULT_MESSAGE);
  const start = useMutation(
    trpc.chat.startTest.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.tickets.pathFilter()),
    }),
  );
  return (
    <>
      <form
        noValidate
        className={styles.testChat}
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({ widgetId, jwtAuthToken: token, message });
        }}
      >
        <TextField label="First message" value={message} onChange={(e) => setMessage(e.target.value)} maxLength={5000} />
        <div className={styles.actions}>
          <Button type="submit" variant="primary" pending={start.isPending}>
            Start a test chat
          </Button>
        </div>
      </form>
      <div className={styles.result}>
        {start.isSuccess && <TestChatResult chat={start.data} catalog={catalog} />}
        {start.isError && <TestChatRefused error={start.error} />}
      </div>
    </>
  );
}

/** What an agent will see of the test chat: the contact, the ticket, and what the token sent that did not land. */
function TestChatResult({ chat, catalog }: { chat: ChatStartOutput; catalog: FieldCatalog }) {
  const ticket = useQuery(trpc.tickets.get.queryOptions({ id: chat.ticketId }));
  const labelOf = (fields: FieldCatalog['ticketFields'], name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const dropped = ticket.data?.droppedFields ?? chat.droppedFields;
  const ids = { contact: useId(), ticket: useId() };

  return (
    <div className={styles.chatResult}>
      <p className={`${styles.outcomeTitle} ${styles.titleRow}`} role="status">
        Test chat started{' '}
        {chat.authenticated ? <Badge tone="success">Authenticated</Badge> : <Badge tone="warning">Unauthenticated session</Badge>}
      </p>
      <p className={styles.line}>It is marked as a test: it does not count in readiness or Recent failures.</p>
      {/* Above what loads, so it stays where it is when the agent's view arrives. */}
      <p className={styles.line}>
        <Link to={`/tickets/${chat.ticketId}`} className={styles.link}>
          Open the ticket
        </Link>
      </p>
      {ticket.isPending && <Skeleton label="Loading the ticket" lines={4} />}
      {ticket.isError && <Alert tone="error">The ticket could not be loaded: {ticket.error.message}</Alert>}
      {ticket.data && (
        <div className={styles.agentView}>
          <section aria-labelledby={ids.contact} className={styles.agentPart}>
            <h4 id={ids.contact} className={styles.partTitle}>
              Contact
            </h4>
            <dl className={styles.facts}>
              <dt>Name</dt>
              <dd>{ticket.data.contact.name ?? '—'}</dd>
              <dt>Email</dt>
              <dd>{ticket.data.contact.email ?? '—'}</dd>
              <dt>Unique external id</dt>
              <dd>{ticket.data.contact.uniqueExternalId ?? '—'}</dd>
              {Object.entries(ticket.data.contact.properties)
                .filter(([name]) => name !== 'name' && name !== 'email')
                .map(([name, value]) => (
                  <Fact key={name} label={labelOf(catalog.contactFields, name)} value={value} />
                ))}
            </dl>
          </section>
          <section aria-labelledby={ids.ticket} className={styles.agentPart}>
            <h4 id={ids.ticket} className={styles.partTitle}>
              Ticket
            </h4>
            <dl className={styles.facts}>
              <dt>Subject</dt>
              <dd>{ticket.data.subject}</dd>
              {ticket.data.priority !== null && (
                <>
                  <dt>Priority</dt>
                  <dd>
                    {ticket.data.priority} {PRIORITIES.find((p) => p.value === ticket.data.priority)?.label}
                  </dd>
                </>
              )}
              {ticket.data.type && (
                <>
                  <dt>Type</dt>
                  <dd>{ticket.data.type}</dd>
                </>
              )}
              {Object.entries(ticket.data.properties).map(([name, value]) => (
                <Fact key={name} label={labelOf(catalog.ticketFields, name)} value={value} />
              ))}
            </dl>
          </section>
        </div>
      )}
      {dropped.length > 0 && (
        <div>
          <p className={styles.line}>Not applied:</p>
          <ul className={styles.warnings}>
            {dropped.map((d) => (
              <li key={`${d.entity}.${d.name}`}>
                <code className={styles.code}>
                  {d.entity}.{d.name}
                </code>
                : {DROP_REASONS[d.reason]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function Fact({ label, value }: { label: string; value: unknown }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{typeof value === 'boolean' ? (value ? 'Yes' : 'No') : typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)}</dd>
    </>
  );
}

/** A refused test chat: the code chat start answered, its message and the fix. */
function TestChatRefused({ error }: { error: { message: string; data?: { reason?: string; hint?: string } | null | undefined } }) {
  const reason = error.data?.reason;
  if (!reason) return <Alert tone="error">The test chat could not start: {error.message}</Alert>;
  return (
    <Alert tone="error">
      <p className={styles.outcomeTitle}>
        Test chat refused: <code className={styles.code}>{reason}</code>
      </p>
      <p className={styles.line}>{error.message}</p>
      {error.data?.hint && <p className={styles.line}>Fix: {error.data.hint}</p>}
    </Alert>
  );
}
