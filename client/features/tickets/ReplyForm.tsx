import '../../lib/zod-setup.ts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { ticketReplyInput, type TicketReplyInput } from '../../../shared/schemas/conversation.ts';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { applyFieldErrors, namesAField } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import field from '../../ui/TextField.module.css';
import { Time } from './provenance.tsx';
import styles from './Tickets.module.css';

/** Why no reply can reach the visitor any more, or null while the chat is open. */
function closedReason(session: TicketDetail['session']) {
  if (!session) return <>This ticket has no live chat, so a reply cannot reach the visitor.</>;
  if (session.state === 'open') return null;
  const when = session.endedAt ? (
    <>
      {' '}
      (<Time iso={session.endedAt} />)
    </>
  ) : null;
  const who = session.endedReason === 'revoked' ? 'Signed out by an admin' : 'The visitor ended this chat';
  return (
    <>
      {who}
      {when}. Replies can no longer reach them.
    </>
  );
}

/**
 * The agent's answer: sent with Send reply or Ctrl/⌘+Enter, shown in the conversation at once;
 * closed, with the reason, once the chat has ended.
 */
export function ReplyForm({ ticket }: { ticket: TicketDetail }) {
  const queryClient = useQueryClient();
  const ids = { text: useId(), hint: useId(), closed: useId() };
  const form = useForm<TicketReplyInput>({ resolver: zodResolver(ticketReplyInput), defaultValues: { ticketId: ticket.id, text: '' } });
  const detail = trpc.tickets.get.queryOptions({ id: ticket.id });
  const reply = useMutation(
    trpc.tickets.reply.mutationOptions({
      onSuccess: ({ message }) => {
        form.reset({ ticketId: ticket.id, text: '' });
        // The reply shows at once; the refetch below brings whatever else arrived meanwhile.
        queryClient.setQueryData(detail.queryKey, (current) =>
          current && !current.messages.some((m) => m.id === message.id) ? { ...current, messages: [...current.messages, message] } : current,
        );
      },
      onError: (error) => applyFieldErrors(error, ['text'], form.setError),
      // An ended chat refuses the reply: the refetch shows why.
      onSettled: () => queryClient.invalidateQueries({ queryKey: detail.queryKey }),
    }),
  );
  const closed = closedReason(ticket.session);
  const textError = form.formState.errors.text?.message;
  const submit = form.handleSubmit((values) => reply.mutate(values));
  const describedBy = [closed ? ids.closed : ids.hint, textError ? `${ids.text}-error` : null].filter(Boolean).join(' ');

  return (
    <form className={styles.replyForm} noValidate onSubmit={submit} aria-label="Reply to the visitor">
      {closed && (
        <p id={ids.closed} className={styles.closed}>
          {closed}
        </p>
      )}
      <div className={field.field}>
        <label htmlFor={ids.text} className={field.label}>
          Reply
        </label>
        <textarea
          id={ids.text}
          rows={3}
          className={`${field.input} ${styles.textarea}`}
          disabled={closed !== null}
          aria-invalid={textError ? true : undefined}
          aria-describedby={describedBy}
          {...form.register('text')}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              if (!reply.isPending) void submit();
            }
          }}
        />
        {textError && (
          <p id={`${ids.text}-error`} className={field.error}>
            {textError}
          </p>
        )}
      </div>
      <div className={styles.replyActions}>
        <Button type="submit" variant="primary" pending={reply.isPending} disabled={closed !== null}>
          Send reply
        </Button>
        {!closed && (
          <span id={ids.hint} className={styles.hint}>
            Ctrl+Enter or ⌘+Enter sends. The visitor sees the reply in the widget at once.
          </span>
        )}
      </div>
      {reply.isError && !namesAField(reply.error, ['text']) && (
        // The server says why in words for agents: an ended chat, who ended it.
        <Alert tone="error">The reply was not sent. {reply.error.message}</Alert>
      )}
    </form>
  );
}
