import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { generateKeyInput, type GenerateKeyInput, type SigningKeySummary } from '../../../shared/schemas/signing-keys.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { Dialog, DialogClose } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/Toaster.tsx';
import { formatTime } from '../../lib/format.ts';
import table from '../../ui/Table.module.css';
import { useFoldRevoked } from '../../ui/fold-revoked.tsx';
import { RadioList } from '../../ui/RadioList.tsx';
import secretValue from '../../ui/SecretValue.module.css';
import styles from './UserAuthPage.module.css';

const GRACE_LABELS: Record<number, string> = {
  0: 'No grace period: the current key stops working at once',
  3600: '1 hour',
  86400: '24 hours',
  604800: '7 days',
};

export function SigningKeyCard() {
  const keys = useQuery(trpc.signingKeys.list.queryOptions());
  const active = keys.data?.find((k) => k.status === 'active');
  return (
    <Card
      id="signing-key"
      title="Signing key"
      description="One key for the whole account: every widget verifies tokens with it. Your server signs each visitor's token (HS256) with this secret."
      actions={<GenerateKeyButton hasRetiring={keys.data?.some((k) => k.status === 'retiring') ?? false} />}
    >
      {keys.isPending && <Skeleton label="Loading signing keys" />}
      {keys.isError && <Alert tone="error">Signing keys could not be loaded: {keys.error.message}</Alert>}
      {keys.data && (
        <>
          {active ? <ActiveKey key={active.kid} keyInfo={active} /> : <Alert tone="info">The account has no active key. Generate one to use user authentication.</Alert>}
          <KeyTable keys={keys.data} />
        </>
      )}
    </Card>
  );
}

/** How long a revealed secret stays on screen before it is masked again. */
const REVEAL_SECONDS = 60;

/**
 * The active key, masked. Keyed by kid: after a rotation this is a new component, so a secret
 * revealed for the previous key can never be shown or copied as the new one.
 */
function ActiveKey({ keyInfo }: { keyInfo: SigningKeySummary }) {
  const toast = useToast();
  const [secret, setSecret] = useState<string | null>(null);
  const reveal = useMutation(trpc.signingKeys.reveal.mutationOptions());
  const forgetAnswer = reveal.reset; // stable; the answer held the secret too
  const hide = useCallback(() => {
    setSecret(null);
    forgetAnswer();
  }, [forgetAnswer]);
  useEffect(() => {
    if (!secret) return;
    const timer = setTimeout(hide, REVEAL_SECONDS * 1000);
    return () => clearTimeout(timer);
  }, [secret, hide]);
  const fetchSecret = async () => {
    if (secret) return secret;
    const { secret: fetched } = await reveal.mutateAsync({ kid: keyInfo.kid });
    reveal.reset();
    return fetched;
  };
  return (
    <div className={styles.keyRow}>
      <label className={styles.keyLabel} htmlFor="active-key">
        Active key <span className={styles.kid}>{keyInfo.kid}</span>
      </label>
      <div className={styles.keyValue}>
        <input id="active-key" className={secretValue.value} readOnly value={secret ?? `${'•'.repeat(39)}${keyInfo.last4}`} aria-describedby="active-key-hint" />
        <Button
          pending={reveal.isPending}
          onClick={async () => {
            if (secret) return hide();
            try {
              setSecret(await fetchSecret());
            } catch (error) {
              toast('error', `The key could not be revealed: ${(error as Error).message}`);
            }
          }}
        >
          {secret ? 'Hide' : 'Reveal'}
        </Button>
        <CopyButton text={fetchSecret} />
      </div>
      <p id="active-key-hint" className={styles.hint}>
        Shown masked; a revealed key is masked again after {REVEAL_SECONDS} seconds. Revealing or copying it is recorded in the activity
        log. Keep it on your server, never in a page.
      </p>
    </div>
  );
}

function KeyTable({ keys }: { keys: SigningKeySummary[] }) {
  const { shown, toggle } = useFoldRevoked(keys, (k) => k.status === 'revoked');
  return (
    <>
      <div className={table.scroll}>
        <table className={`${table.table} ${table.flush}`}>
          <caption className="visually-hidden">Signing keys</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((k) => (
              <tr key={k.kid}>
                <td className={styles.keyCell}>
                  <code className={styles.kid}>{k.kid}</code> <span className={styles.last4}>…{k.last4}</span>
                </td>
                <td className={table.status}>
                  <KeyStatus keyInfo={k} />
                </td>
                <td>{formatTime(k.createdAt)}</td>
                <td>{k.lastUsedAt ? formatTime(k.lastUsedAt) : 'Never'}</td>
                <td className={table.right}>{k.status === 'retiring' && <RevokeButton keyInfo={k} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {toggle}
    </>
  );
}

function KeyStatus({ keyInfo }: { keyInfo: SigningKeySummary }) {
  if (keyInfo.status === 'active') return <Badge tone="success">Active</Badge>;
  if (keyInfo.status === 'retiring') {
    return (
      <>
        <Badge tone="warning">Retiring</Badge>{' '}
        <span className={table.muted}>until {formatTime(keyInfo.retiresAt ?? '')}</span>
      </>
    );
  }
  return (
    <>
      <Badge tone="neutral">Revoked</Badge>{' '}
      {keyInfo.revokedAt && <span className={table.muted}>{formatTime(keyInfo.revokedAt)}</span>}
    </>
  );
}

function RevokeButton({ keyInfo }: { keyInfo: SigningKeySummary }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.signingKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.signingKeys.pathFilter());
        toast('success', `Key ${keyInfo.kid} is revoked. Tokens signed with it are refused from now on.`);
      },
    }),
  );
  return (
    <ConfirmButton
      label="Revoke"
      accessibleName={`Revoke ${keyInfo.kid}`}
      title={`Revoke key ${keyInfo.kid}?`}
      description="Tokens signed with this key stop working at once, on every widget. Do this when all your servers sign with the new key."
      fallbackFocusId="signing-key-title"
      onConfirm={() => revoke.mutateAsync({ kid: keyInfo.kid })}
    />
  );
}

function GenerateKeyButton({ hasRetiring }: { hasRetiring: boolean }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const queryClient = useQueryClient();
  const form = useForm<GenerateKeyInput>({ resolver: zodResolver(generateKeyInput), defaultValues: { graceSeconds: 86400 } });
  const generate = useMutation(
    trpc.signingKeys.generate.mutationOptions({
      onSuccess: async (created) => {
        await queryClient.invalidateQueries(trpc.signingKeys.pathFilter());
        setOpen(false);
        toast('success', `New key ${created.kid} is active. Update your servers to sign with it.`);
      },
    }),
  );
  return (
    <>
      <Button variant="primary" onClick={() => { form.reset(); generate.reset(); setOpen(true); }}>
        Generate new key
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Generate a new signing key?"
        description="The new key becomes active for all widgets of the account at once. Tokens signed with the current key keep working during the grace period, so you can update your servers without refusing chats."
        footer={
          <>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant="primary" type="submit" form="generate-key-form" disabled={hasRetiring} pending={generate.isPending}>
              Generate new key
            </Button>
          </>
        }
      >
        <div className={styles.dialogStack}>
          {hasRetiring && <Alert tone="info">A previous key is still retiring. Revoke it in the key list before generating another key.</Alert>}
          {generate.error && <Alert tone="error">{generate.error.message}</Alert>}
          <form id="generate-key-form" onSubmit={form.handleSubmit((values) => generate.mutate(values))}>
            <fieldset className={styles.fieldset}>
              <legend className={styles.legend}>Keep the current key working for</legend>
              <Controller
                control={form.control}
                name="graceSeconds"
                render={({ field }) => (
                  <RadioList
                  aria-label="Grace period"
                  value={String(field.value)}
                  onChange={(v) => field.onChange(Number(v))}
                  options={Object.entries(GRACE_LABELS).map(([seconds, label]) => ({ value: seconds, label }))}
                />
                )}
              />
            </fieldset>
          </form>
          {form.watch('graceSeconds') === 0 && (
            <Alert tone="error">
              Tokens signed with the current key are refused the moment the new key is generated. On enforced widgets those visitors
              cannot chat until your servers sign with the new key.
            </Alert>
          )}
        </div>
      </Dialog>
    </>
  );
}
