import type { ChatMessage } from '../../../shared/schemas/conversation.ts';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { Badge } from '../../ui/Badge.tsx';
import { Time } from './provenance.tsx';
import styles from './Tickets.module.css';

/**
 * The chat, oldest first: the visitor's messages, each saying whether its token was valid when it
 * was sent, and the agents' replies. A log, so a screen reader hears what arrives while it is open.
 */
export function Conversation({ messages, visitorName }: { messages: TicketDetail['messages']; visitorName: string | null }) {
  if (messages.length === 0) {
    return <p className={styles.noMessages}>No messages yet. The visitor’s messages appear here as they write.</p>;
  }
  return (
    <div role="log" aria-label="Messages" className={styles.log}>
      <ol className={styles.messages}>
        {messages.map((message) => (
          <Message key={message.id} message={message} visitorName={visitorName} />
        ))}
      </ol>
    </div>
  );
}

/** Who wrote it: the verified contact's name, or "Visitor", then what they are (Visitor, Agent). */
function Message({ message, visitorName }: { message: ChatMessage; visitorName: string | null }) {
  const fromVisitor = message.author === 'visitor';
  const name = fromVisitor ? visitorName : (message.authorName ?? null);
  return (
    <li className={`${styles.bubble} ${fromVisitor ? styles.fromVisitor : styles.fromAgent}`}>
      <p className={styles.messageHead}>
        {name ? (
          <>
            <span className={styles.author}>{name}</span>
            <span className={styles.role}>{fromVisitor ? 'Visitor' : 'Agent'}</span>
          </>
        ) : (
          <span className={styles.author}>{fromVisitor ? 'Visitor' : 'Agent'}</span>
        )}
        <Time iso={message.createdAt} />
        {fromVisitor && (message.authenticated ? <Badge tone="success">Verified</Badge> : <Badge tone="warning">Not verified</Badge>)}
      </p>
      <p className={styles.messageText}>{message.text}</p>
    </li>
  );
}
