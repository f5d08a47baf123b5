import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { clockLeewaySchema, maxTokenLifetimeSchema, type UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { applyFieldErrors } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useToast } from '../../ui/Toaster.tsx';
import { ConflictAlert } from './ConflictAlert.tsx';
import { formatDuration } from '../../lib/format.ts';
import styles from './UserAuthPage.module.css';

const policyForm = z.object({ clockLeewaySeconds: clockLeewaySchema, maxTokenLifetimeSeconds: maxTokenLifetimeSchema });
type PolicyForm = z.infer<typeof policyForm>;

/** Clock leeway and the longest token lifetime this widget accepts. */
export function PolicyCard({ settings }: { settings: UserAuthSettings }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const form = useForm<PolicyForm>({
    resolver: zodResolver(policyForm),
    values: { clockLeewaySeconds: settings.clockLeewaySeconds, maxTokenLifetimeSeconds: settings.maxTokenLifetimeSeconds },
  });
  const save = useMutation(
    trpc.userAuth.updatePolicy.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.userAuth.get.queryKey({ widgetId: next.widgetId }), next);
        toast('success', 'Token policy saved.');
      },
      onError: (error) => applyFieldErrors(error, ['clockLeewaySeconds', 'maxTokenLifetimeSeconds'], form.setError),
    }),
  );
  const { errors, isDirty } = form.formState;
  const lifetime = form.watch('maxTokenLifetimeSeconds');

  return (
    <Card id="token-policy" title="Token policy" description="How strictly this widget checks the times in a token.">
      <form
        noValidate
        onSubmit={form.handleSubmit((values) => save.mutate({ widgetId: settings.widgetId, expectedVersion: settings.version, ...values }))}
      >
        {save.error && !save.error.data?.fieldErrors && <ConflictAlert error={save.error} widgetId={settings.widgetId} onReloaded={() => save.reset()} />}
        <div className={styles.policyFields}>
          <div>
            <TextField
              label="Clock leeway (seconds)"
              type="number"
              inputMode="numeric"
              min={0}
              max={300}
              {...form.register('clockLeewaySeconds', { valueAsNumber: true })}
              error={errors.clockLeewaySeconds?.message}
            />
            <span className={styles.hint}>Allowed clock difference between your server and ours, 0–300.</span>
          </div>
          <div>
            <TextField
              label="Maximum token lifetime (seconds)"
              type="number"
              inputMode="numeric"
              min={60}
              {...form.register('maxTokenLifetimeSeconds', { valueAsNumber: true })}
              error={errors.maxTokenLifetimeSeconds?.message}
            />
            <span className={styles.hint}>
              A token whose exp is further ahead is refused{Number.isFinite(lifetime) && lifetime > 0 ? ` (now ${formatDuration(lifetime)})` : ''}.
            </span>
          </div>
        </div>
        <div className={styles.formActions}>
          <Button type="button" disabled={!isDirty || save.isPending} onClick={() => form.reset()}>
            Reset
          </Button>
          <Button type="submit" variant="primary" disabled={!isDirty} pending={save.isPending}>
            Save policy
          </Button>
        </div>
      </form>
    </Card>
  );
}
