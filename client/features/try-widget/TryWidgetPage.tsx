import '../../lib/zod-setup.ts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import type { ChatStartOutput } from '../../../shared/schemas/chat.ts';
import type { WidgetListItem } from '../../../shared/schemas/widgets.ts';
import { base64UrlDecodeText, base64UrlEncode } from '../../../shared/base64url.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import page from '../../ui/Page.module.css';
import field from '../../ui/TextField.module.css';
import { RadioList } from '../../ui/RadioList.tsx';
import styles from './TryWidgetPage.module.css';

const VISITORS = {
  signedIn: 'Signed in as Ada Lovelace (token signed with the active key)',
  tampered: 'Signed in, but the token was tampered with',
  anonymous: 'Not signed in (no token)',
} as const;
type Visitor = keyof typeof VISITORS;

const tryWidgetForm = z.object({
  widgetId: z.string().min(1, 'Choose a widget'),
  visitor: z.enum(['signedIn', 'tampered', 'anonymous']),
  message: z.string().trim().min(1, 'Write the visitor’s first message').max(5000, 'The message is too long (5000 characters at most)'),
});
type TryWidgetForm = z.infer<typeof tryWidgetForm>;

/** The payload of a token the server signed: a JSON object. */
const signedClaims = z.record(z.string(), z.unknown());

/** What Ada's site would put in her token: her identity, a few contact fields and ticket fields from the catalog. */
const ADA_CLAIMS = {
  email: 'ada@example.com',
  contactProperties: { name: 'Ada Lovelace', cf_customer_tier: 'Gold', language: 'en' },
  ticketProperties: { priority: 2, cf_plan: 'Pro' },
};

/**
 * Demo mode's "Try the widget": starts a chat as a visitor of the customer's site would, signed
 * in (a test token the server signs with the demo's active key), with a tampered token, or with none, and
 * shows what the widget's enforcement made of it and the ticket agents get.
 */
export default function TryWidgetPage() {
  const widgets = useQuery(trpc.widgets.list.queryOptions());
  return (
    <div className={page.page}>
      <header>
        <h1 className={page.title}>Try the widget</h1>
        <p className={page.lead}>
          Start a chat as a visitor of your site. A real site signs the visitor’s token on its server; in this demo the console’s test
          token signer signs it with the demo’s active key, so the secret never reaches the page.
        </p>
      </header>
      {widgets.isPending && <Skeleton label="Loading widgets" />}
      {widgets.isError && <Alert tone="error">Widgets could not be loaded: {widgets.error.message}</Alert>}
      {widgets.data?.length === 0 && <p className={page.empty}>There are no widgets to try.</p>}
      {widgets.data && widgets.data.length > 0 && <StartChatCard widgets={widgets.data} />}
    </div>
  );
}

function StartChatCard({ widgets }: { widgets: WidgetListItem[] }) {
  const queryClient = useQueryClient();
  const ids = { widget: useId(), message: useId(), visitor: useId() };
  const [prepareError, setPrepareError] = useState<string | null>(null);
  const form = useForm<TryWidgetForm>({
    resolver: zodResolver(tryWidgetForm),
    defaultValues: { widgetId: widgets[0]?.id ?? '', visitor: 'signedIn', message: 'Hi, I was charged twice for my last order.' },
  });
  const { errors, isSubmitting } = form.formState;
  const widgetId = useWatch({ control: form.control, name: 'widgetId' });
  const widget = widgets.find((w) => w.id === widgetId);

  const signTest = useMutation(trpc.tokens.signTest.mutationOptions());
  const start = useMutation(
    trpc.chat.start.mutationOptions({
      // A refusal is counted too: readiness changes either way.
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries(trpc.tickets.pathFilter()),
          queryClient.invalidateQueries(trpc.readiness.pathFilter()),
          queryClient.invalidateQueries(trpc.signingKeys.pathFilter()),
        ]),
    }),
  );

  /** The visitor's token: signed by the server with the active key, then tampered with if asked. */
  async function tokenFor(widgetId: string, visitor: Exclude<Visitor, 'anonymous'>): Promise<string> {
    const { token } = await signTest.mutateAsync({ widgetId, payload: ADA_CLAIMS });
    if (visitor === 'signedIn') return token;
    // The visitor edits the payload to pose as someone else; the signature stays Ada's.
    const [header = '', payload = '', signature = ''] = token.split('.');
    const claims = signedClaims.parse(JSON.parse(base64UrlDecodeText(payload)));
    return `${header}.${base64UrlEncode(JSON.stringify({ ...claims, email: 'linus@example.com' }))}.${signature}`;
  }

  async function onSubmit(values: TryWidgetForm) {
    setPrepareError(null);
    start.reset();
    const chosen = widgets.find((w) => w.id === values.widgetId);
    if (!chosen) return;
    let jwtAuthToken: string | undefined;
    if (values.visitor !== 'anonymous') {
      try {
        jwtAuthToken = await tokenFor(chosen.id, values.visitor);
      } catch (error) {
        setPrepareError(`The visitor’s token could not be signed: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    start.mutate({ widgetId: chosen.id, widgetToken: chosen.token, jwtAuthToken, message: values.message });
  }

  return (
    <Card id="try-widget" title="Start a chat" description="Pick a widget and how the visitor arrives, then start the chat.">
      <form className={styles.form} noValidate onSubmit={form.handleSubmit(onSubmit)}>
        <div className={field.field}>
          <label htmlFor={ids.widget} className={field.label}>
            Widget
          </label>
          <select id={ids.widget} className={`${field.input} ${styles.select}`} {...form.register('widgetId')}>
            {widgets.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          {widget && (
            <p className={styles.note}>
              {widget.enforcement === 'enforced' ? (
                <>
                  <Badge tone="success">Enforced</Badge> Chats without a valid token are refused.
                </>
              ) : (
                <>
                  <Badge tone="neutral">Not enforced</Badge> Visitors without a valid token still chat, unauthenticated.
                </>
              )}{' '}
              <Link to={`/widgets/${widget.id}/user-authentication`}>Change this</Link>
            </p>
          )}
        </div>

        <fieldset className={styles.fieldset}>
          <legend id={ids.visitor} className={field.label}>
            Visitor
          </legend>
          <Controller
            control={form.control}
            name="visitor"
            render={({ field: visitor }) => (
              <RadioList
                aria-labelledby={ids.visitor}
                value={visitor.value}
                onChange={visitor.onChange}
                options={(Object.keys(VISITORS) as Visitor[]).map((value) => ({ value, label: VISITORS[value] }))}
              />
            )}
          />
        </fieldset>

        <div className={field.field}>
          <label htmlFor={ids.message} className={field.label}>
            Message
          </label>
          <textarea
            id={ids.message}
            rows={3}
            className={`${field.input} ${styles.textarea}`}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={errors.message ? `${ids.message}-error` : undefined}
            {...form.register('message')}
          />
          {errors.message && (
            <p id={`${ids.message}-error`} className={field.error}>
              {errors.message.message}
            </p>
          )}
        </div>

        <div>
          <Button type="submit" variant="primary" pending={isSubmitting || start.isPending}>
            Start chat
          </Button>
        </div>
      </form>

      <div className={styles.outcome}>
        {prepareError && <Alert tone="error">{prepareError}</Alert>}
        {start.isSuccess && <ChatStarted chat={start.data} />}
        {start.isError && <ChatRefused error={start.error} />}
      </div>
    </Card>
  );
}

function ChatStarted({ chat }: { chat: ChatStartOutput }) {
  const ticket = useQuery(trpc.tickets.get.queryOptions({ id: chat.ticketId }));
  const contact = ticket.data?.contact;
  return (
    <Alert tone={chat.authenticated ? 'success' : 'info'}>
      <p className={styles.outcomeTitle}>
        {chat.authenticated ? 'Chat started — authenticated' : 'Chat started — unauthenticated (the agent sees the tag)'}
      </p>
      {/* Above what loads, so it stays where it is when the ticket's facts arrive. */}
      <p>
        <Link to={`/tickets/${chat.ticketId}`}>Open the ticket</Link>
      </p>
      {ticket.data && contact && (
        <dl className={styles.facts}>
          <dt>Contact</dt>
          <dd>{contactLabel(contact)}</dd>
          <dt>Verification</dt>
          <dd>
            {ticket.data.verification === 'authenticated' || ticket.data.verification === 'unauthenticated' ? (
              ticket.data.verification
            ) : (
              <>
                token refused: <code>{ticket.data.verification}</code>, but this widget does not enforce user authentication
              </>
            )}
          </dd>
          <dt>Subject</dt>
          <dd>{ticket.data.subject}</dd>
        </dl>
      )}
      {chat.droppedFields.length > 0 && (
        <p>Fields the catalog does not know were dropped: {chat.droppedFields.map((f) => `${f.entity}.${f.name}`).join(', ')}.</p>
      )}
    </Alert>
  );
}

function ChatRefused({ error }: { error: { message: string; data?: { reason?: string; hint?: string } | null | undefined } }) {
  const reason = error.data?.reason;
  if (!reason) return <Alert tone="error">The chat could not start: {error.message}</Alert>;
  return (
    <Alert tone="error">
      <p className={styles.outcomeTitle}>
        Chat refused: <code>{reason}</code>
      </p>
      <p>{error.message}</p>
      {error.data?.hint && <p>Fix: {error.data.hint}</p>}
      <p>Nothing was created; the refusal counts in the widget’s readiness.</p>
    </Alert>
  );
}

function contactLabel(contact: { name: string | null; email: string | null; uniqueExternalId: string | null }): string {
  const id = contact.email ?? (contact.uniqueExternalId ? `customer ${contact.uniqueExternalId}` : null);
  if (contact.name && id) return `${contact.name} (${id})`;
  return contact.name ?? id ?? 'Anonymous visitor';
}
