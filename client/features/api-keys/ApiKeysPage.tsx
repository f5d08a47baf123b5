import '../../lib/zod-setup.ts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { createApiKeyInput, type ApiKeySummary, type CreateApiKeyInput, type CreatedApiKey } from '../../../shared/schemas/api-keys.ts';
import { formatTime } from '../../lib/format.ts';
import { applyFieldErrors, namesAField } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Badge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card, Skeleton } from '../../ui/Card.tsx';
import { ConfirmButton } from '../../ui/ConfirmButton.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { Dialog, DialogClose } from '../../ui/Dialog.tsx';
import page from '../../ui/Page.module.css';
import table from '../../ui/Table.module.css';
import { useFoldRevoked } from '../../ui/fold-revoked.tsx';
import secretValue from '../../ui/SecretValue.module.css';
import { TextField } from '../../ui/TextField.tsx';
import { useToast } from '../../ui/Toaster.tsx';
import styles from './ApiKeysPage.module.css';

/** Account settings: API keys for scripts and integrations (created, shown once, revoked). */
export default function ApiKeysPage() {
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  return (
    <div className={page.page}>
      <header>
        <h1 className={page.title}>API keys</h1>
        <p className={page.lead}>
          Scripts and integrations use an API key to manage widgets and signing keys with the same rights as an admin. Send it as{' '}
          <code className={table.code}>Authorization: Bearer &lt;key&gt;</code>.
        </p>
      </header>
      <CreateApiKeyCard />
      <Card id="api-key-list" title="Keys">
        {keys.isPending && <Skeleton label="Loading API keys" />}
        {keys.isError && <Alert tone="error">API keys could not be loaded: {keys.error.message}</Alert>}
        {keys.data?.length === 0 && <p className={page.empty}>No API keys yet. Create one above when a script needs access.</p>}
        {keys.data && keys.data.length > 0 && <ApiKeyTable keys={keys.data} />}
      </Card>
    </div>
  );
}

function CreateApiKeyCard() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const form = useForm<CreateApiKeyInput>({ resolver: zodResolver(createApiKeyInput), defaultValues: { name: '' } });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (key) => {
        form.reset();
        setCreated(key);
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
      },
      onError: (error) => applyFieldErrors(error, ['name'], form.setError),
    }),
  );
  return (
    <Card id="create-api-key" title="Create an API key" description="Name it after what will use it, so you know which one to revoke later.">
      <form className={styles.createForm} noValidate onSubmit={form.handleSubmit((values) => create.mutate(values))}>
        <div className={styles.nameField}>
          <TextField label="Name" placeholder="e.g. Deploy pipeline" autoComplete="off" {...form.register('name')} error={form.formState.errors.name?.message} />
        </div>
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create API key
        </Button>
      </form>
      {create.error && !namesAField(create.error, ['name']) && <Alert tone="error">{create.error.message}</Alert>}
      <Dialog
        open={created !== null}
        onOpenChange={(open) => {
          // The key leaves the page (and the mutation's memory) once the dialog closes.
          if (!open) {
            setCreated(null);
            create.reset();
          }
        }}
        wide
        title={`API key “${created?.name ?? ''}” created`}
        description="Copy it now and keep it in your secret store. It is shown this once: we keep only a hash of it."
        footer={
          <DialogClose asChild>
            <Button variant="primary">Done</Button>
          </DialogClose>
        }
      >
        <div className={styles.createdKey}>
          <input aria-label="New API key" className={secretValue.value} readOnly value={created?.key ?? ''} onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={created?.key ?? ''} />
        </div>
      </Dialog>
    </Card>
  );
}

function ApiKeyTable({ keys }: { keys: ApiKeySummary[] }) {
  const { shown, toggle } = useFoldRevoked(keys, (k) => k.revokedAt !== null);
  return (
    <>
      {shown.length === 0 ? (
        <p className={page.empty}>Every key is revoked.</p>
      ) : (
        <div className={table.scroll}>
          <table className={`${table.table} ${table.flush} ${table.stack}`}>
            <caption className="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((k) => (
                <tr key={k.id}>
                  <td className={styles.name}>{k.name}</td>
                  <td className={table.status} data-label="Status">
                    {k.revokedAt ? (
                      <>
                        <Badge tone="neutral">Revoked</Badge>{' '}
                        <span className={table.muted}>{formatTime(k.revokedAt)}</span>
                      </>
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                  </td>
                  <td data-label="Key">
                    <code className={table.code}>{k.prefix}…</code>
                  </td>
                  <td data-label="Created">{formatTime(k.createdAt)}</td>
                  <td data-label="Last used">{k.lastUsedAt ? formatTime(k.lastUsedAt) : 'Never'}</td>
                  <td className={table.right}>{!k.revokedAt && <RevokeApiKeyButton apiKey={k} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {toggle}
    </>
  );
}

function RevokeApiKeyButton({ apiKey }: { apiKey: ApiKeySummary }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
        toast('success', `API key “${apiKey.name}” is revoked. Calls with it are refused from now on.`);
      },
    }),
  );
  return (
    <ConfirmButton
      label="Revoke"
      accessibleName={`Revoke ${apiKey.name}`}
      title={`Revoke API key “${apiKey.name}”?`}
      description="Every script or integration using this key loses access at once. This cannot be undone."
      fallbackFocusId="api-key-list-title"
      onConfirm={() => revoke.mutateAsync({ id: apiKey.id })}
    />
  );
}
