import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { clockLeewaySchema, maxTokenLifetimeSchema, type UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { formatDuration } from '../../lib/format.ts';
import { applyFieldErrors, namesAField } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { UnsavedChangesGuard } from '../../ui/UnsavedChangesGuard.tsx';
import { SettingsConflictAlert } from './SettingsConflictAlert.tsx';
import { useSettingsSaved } from './use-settings-saved.ts';
import { useVersionedForm } from './use-versioned-form.ts';
import styles from './UserAuthPage.module.css';

const policyForm = z.object({ clockLeewaySeconds: clockLeewaySchema, maxTokenLifetimeSeconds: maxTokenLifetimeSchema });
const POLICY_FIELDS = ['clockLeewaySeconds', 'maxTokenLifetimeSeconds'] as const;
const pickPolicy = (s: UserAuthSettings) => ({ clockLeewaySeconds: s.clockLeewaySeconds, maxTokenLifetimeSeconds: s.maxTokenLifetimeSeconds });

/** Clock leeway and the longest token lifetime this widget accepts. */
export function PolicyCard({ settings }: { settings: UserAuthSettings }) {
  const saved = useSettingsSaved();
  const { form, baseVersion, accept, changedElsewhere } = useVersionedForm(policyForm, settings, pickPolicy);
  const save = useMutation(
    trpc.userAuth.updatePolicy.mutationOptions({
      onSuccess: async (next) => {
        accept(next);
        await saved(next, 'Token policy saved.');
      },
      onError: (error) => applyFieldErrors(error, POLICY_FIELDS, form.setError),
    }),
  );
  const { errors, isDirty } = form.formState;
  const lifetime = form.watch('maxTokenLifetimeSeconds');

  return (
    <Card id="token-policy" title="Token policy" description="How strictly this widget checks the times in a token.">
      <form
        noValidate
        onSubmit={form.handleSubmit((values) => save.mutate({ widgetId: settings.widgetId, expectedVersion: baseVersion, ...values }))}
      >
        {save.error && !namesAField(save.error, POLICY_FIELDS) ? (
          <SettingsConflictAlert error={save.error} widgetId={settings.widgetId} onReloaded={() => { save.reset(); form.reset(); }} />
        ) : (
          changedElsewhere && <Alert tone="info">Someone else saved these settings while you were editing. Saving now will be refused; reset to see their version.</Alert>
        )}
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
              A token whose <code>exp</code> is further ahead is refused; 60 seconds to 30 days
              {maxTokenLifetimeSchema.safeParse(lifetime).success ? ` (now ${formatDuration(lifetime)})` : ''}.
            </span>
          </div>
        </div>
        <div className={styles.formActions}>
          <Button type="button" disabled={!isDirty || save.isPending} onClick={() => { save.reset(); form.reset(pickPolicy(settings)); }}>
            Reset
          </Button>
          <Button type="submit" variant="primary" disabled={!isDirty} pending={save.isPending}>
            Save policy
          </Button>
          {isDirty && <span className={styles.hint}>Unsaved changes</span>}
        </div>
      </form>
      <UnsavedChangesGuard dirty={isDirty && !save.isPending} what="the token policy" />
    </Card>
  );
}
