import { useMutation } from '@tanstack/react-query';
import type { FieldCatalog } from '../../../shared/schemas/fields.ts';
import type { UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { UnsavedChangesGuard } from '../../ui/UnsavedChangesGuard.tsx';
import { allowlistForm, AllowlistFields, pickAllowlist } from './AllowlistFields.tsx';
import { SettingsConflictAlert } from './SettingsConflictAlert.tsx';
import { useSettingsSaved } from './use-settings-saved.ts';
import { useVersionedForm } from './use-versioned-form.ts';
import styles from './UserAuthPage.module.css';

/** The allowlist while authentication is not enforced: save, reset, and a guard against leaving unsaved. */
export function EditableFieldsCard({ settings, catalog }: { settings: UserAuthSettings; catalog: FieldCatalog }) {
  const saved = useSettingsSaved();
  const { form, baseVersion, accept, changedElsewhere } = useVersionedForm(allowlistForm, settings, pickAllowlist);
  const save = useMutation(
    trpc.userAuth.updateAllowlist.mutationOptions({
      onSuccess: async (next) => {
        accept(next);
        const none = next.allowlist.ticketFields.length + next.allowlist.contactFields.length === 0;
        await saved(next, none ? 'Editable fields saved: visitors without a valid token can change no fields.' : 'Editable fields saved.');
      },
    }),
  );
  const dirty = form.formState.isDirty;

  return (
    <Card
      id="editable-fields"
      title="Editable fields"
      description="While authentication is not enforced, visitors without a valid token may change only these ticket and contact fields. AI agents are not limited by this list."
    >
      <form
        onSubmit={form.handleSubmit((values) =>
          save.mutate({ widgetId: settings.widgetId, expectedVersion: baseVersion, allowlist: values.allowlist }),
        )}
      >
        {save.error ? (
          <SettingsConflictAlert error={save.error} widgetId={settings.widgetId} onReloaded={() => { save.reset(); form.reset(); }} />
        ) : (
          changedElsewhere && <Alert tone="info">Someone else saved these settings while you were editing. Saving now will be refused; reset to see their version.</Alert>
        )}
        <AllowlistFields control={form.control} catalog={catalog} />
        <div className={styles.formActions}>
          <Button type="button" disabled={!dirty || save.isPending} onClick={() => { save.reset(); form.reset(pickAllowlist(settings)); }}>
            Reset
          </Button>
          <Button type="submit" variant="primary" disabled={!dirty} pending={save.isPending}>
            Save
          </Button>
          {dirty && <span className={styles.hint}>Unsaved changes</span>}
        </div>
      </form>
      <UnsavedChangesGuard dirty={dirty && !save.isPending} what="the editable fields" />
    </Card>
  );
}
