import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RevokeForIdentityInput } from '../../../shared/schemas/conversation.ts';
import type { TicketDetail } from '../../../shared/schemas/tickets.ts';
import { useSession } from '../../lib/session.tsx';
import { trpc } from '../../lib/trpc.ts';
import { Card, Skeleton } from '../../ui/Card.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { useToast } from '../../ui/Toaster.tsx';
import { contactLabel, Email, FieldRows } from './contact.tsx';
import { inCatalogOrder } from './field-order.ts';
import { ProvenanceMark } from './provenance.tsx';
import styles from './Tickets.module.css';

type TicketContact = TicketDetail['contact'];

/**
 * Who the visitor is, each value marked with where it came from; a warning when they typed a
 * verified customer's email; for admins, signing that person out of every open chat.
 */
export function ContactCard({ ticket }: { ticket: TicketDetail }) {
  const catalog = useQuery(trpc.fields.list.queryOptions());
  const { contact } = ticket;
  const anonymous = !contact.name && !contact.email && !contact.uniqueExternalId;
  const identity = identityOf(contact);
  const isAdmin = useSession().role === 'admin';
  return (
    <Card id="contact" title="Contact">
      {ticket.claimedEmail && (
        <p className={styles.claim}>
          <strong>
            Claims to be <Email address={ticket.claimedEmail.email} /> — not verified.
          </strong>{' '}
          A verified contact has this email, but this visitor did not prove they are that person. This chat stays on its own contact.
        </p>
      )}
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
              <dd>
                <span>{contact.uniqueExternalId}</span>
                <ProvenanceMark provenance={contact.provenance.unique_external_id} />
              </dd>
            </>
          )}
          <FieldRows
            rows={inCatalogOrder({ name: contact.name, email: contact.email, ...contact.properties }, catalog.data?.contactFields ?? [])}
            provenance={contact.provenance}
          />
        </dl>
      )}
      <p className={styles.meta}>{contact.verified ? 'Verified by your site’s signed token.' : 'Details given by the visitor, not verified.'}</p>
      {isAdmin && identity && <SignOutEverywhere contact={contact} identity={identity} />}
    </Card>
  );
}

/**
 * Whom to sign out: a verified contact by its email, which also reaches the chats it started
 * signed in by unique_external_id (decision 0009), else by its unique_external_id.
 */
function identityOf(contact: TicketContact): RevokeForIdentityInput | null {
  if (!contact.verified) return null;
  if (contact.email) return { email: contact.email };
  if (contact.uniqueExternalId) return { unique_external_id: contact.uniqueExternalId };
  return null;
}

const signedOut = (revoked: number) =>
  revoked === 0 ? 'No open chats to sign out of: every chat of this person had already ended.' : `Signed out of ${revoked} open ${revoked === 1 ? 'chat' : 'chats'}.`;

/** Admins: ends every open widget session of this person, on every widget and in every browser. */
function SignOutEverywhere({ contact, identity }: { contact: TicketContact; identity: RevokeForIdentityInput }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const name = contactLabel(contact);
  const revoke = useMutation(
    trpc.sessions.revokeForIdentity.mutationOptions({
      onSuccess: async ({ revoked }) => {
        toast('success', signedOut(revoked));
        // Each of those chats' tickets now shows its session as ended.
        await queryClient.invalidateQueries(trpc.tickets.get.pathFilter());
      },
    }),
  );
  return (
    <div className={styles.signOut}>
      <p className={styles.hint}>On a shared computer, or a lost phone: end every open chat of this person at once.</p>
      <ConfirmButton
        label="Sign out everywhere"
        accessibleName={`Sign out ${name} everywhere`}
        title={`Sign out ${name} everywhere?`}
        description={
          <>
            Every open chat of this person ends now, on every widget and in every browser, as if they had signed out. Their tickets and
            messages stay. Their next chat needs a fresh token from your site.
          </>
        }
        fallbackFocusId="contact-title"
        onConfirm={() => revoke.mutateAsync(identity)}
      />
    </div>
  );
}
