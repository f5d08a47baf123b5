import * as RadioGroup from '@radix-ui/react-radio-group';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FieldCatalog } from '../../../shared/schemas/fields.ts';
import type { UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { trpc } from '../../lib/trpc.ts';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { Dialog, DialogClose } from '../../ui/Dialog.tsx';
import { allowlistForm, AllowlistFields, pickAllowlist } from './AllowlistFields.tsx';
import { SettingsConflictAlert } from './SettingsConflictAlert.tsx';
import { ReadinessSummary } from './ReadinessSummary.tsx';
import { useSettingsSaved } from './use-settings-saved.ts';
import { useVersionedForm } from './use-versioned-form.ts';
import radio from '../../ui/Radio.module.css';
import styles from './UserAuthPage.module.css';

export function EnforcementCard({ settings, catalog, widgetName }: { settings: UserAuthSettings; catalog: FieldCatalog; widgetName: string }) {
  const [dialog, setDialog] = useState<'enforce' | 'disable' | null>(null);
  return (
    <Card
      id="enforcement"
      title="Enforcement"
      description="Whether a chat on this widget may start without a valid token from your server."
    >
      <RadioGroup.Root
        className={radio.radios}
        value={settings.enforcement}
        onValueChange={(v) => setDialog(v === 'enforced' ? 'enforce' : 'disable')}
        aria-label="Enforcement"
      >
        <label className={styles.radioCard}>
          <RadioGroup.Item value="enforced" className={radio.radioItem}>
            <RadioGroup.Indicator className={radio.radioDot} />
          </RadioGroup.Item>
          <span>
            <strong>Enforce user authentication</strong>
            <span className={styles.hint}>Only visitors your server signed a token for can chat. Every chat is linked to a verified contact.</span>
          </span>
        </label>
        <label className={styles.radioCard}>
          <RadioGroup.Item value="not_enforced" className={radio.radioItem}>
            <RadioGroup.Indicator className={radio.radioDot} />
          </RadioGroup.Item>
          <span>
            <strong>Don't enforce user authentication</strong>
            <span className={styles.hint}>Anyone can chat. Chats without a valid token are tagged “Unauthenticated session” for agents.</span>
          </span>
        </label>
      </RadioGroup.Root>
      <EnforceDialog open={dialog === 'enforce'} onClose={() => setDialog(null)} settings={settings} widgetName={widgetName} />
      <DisableDialog open={dialog === 'disable'} onClose={() => setDialog(null)} settings={settings} catalog={catalog} />
    </Card>
  );
}

function EnforceDialog({ open, onClose, settings, widgetName }: { open: boolean; onClose: () => void; settings: UserAuthSettings; widgetName: string }) {
  const saved = useSettingsSaved();
  const enforce = useMutation(
    trpc.userAuth.enforce.mutationOptions({
      onSuccess: async (next) => {
        enforce.reset();
        onClose();
        await saved(next, `User authentication is enforced on ${widgetName}.`);
      },
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => { if (!o) { enforce.reset(); onClose(); } }}
      title="Enforce user authentication?"
      wide
      description={`From now on, a chat on ${widgetName} starts only with a valid token signed with your account's key. Visitors your site has not signed in can no longer chat here.`}
      footer={
        <>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button variant="primary" pending={enforce.isPending} onClick={() => enforce.mutate({ widgetId: settings.widgetId, expectedVersion: settings.version })}>
            Enforce
          </Button>
        </>
      }
    >
      {enforce.error && <SettingsConflictAlert error={enforce.error} widgetId={settings.widgetId} onReloaded={() => { enforce.reset(); onClose(); }} />}
      {open && <ReadinessSummary widgetId={settings.widgetId} />}
    </Dialog>
  );
}

function DisableDialog({ open, onClose, settings, catalog }: { open: boolean; onClose: () => void; settings: UserAuthSettings; catalog: FieldCatalog }) {
  const [step, setStep] = useState<'confirm' | 'fields'>('confirm');
  const { form, baseVersion, accept } = useVersionedForm(allowlistForm, settings, pickAllowlist);
  const saved = useSettingsSaved();
  // Every way out (Cancel, Esc, a save) leaves the dialog as new for next time.
  const finish = () => {
    setStep('confirm');
    disable.reset();
    onClose();
  };
  const close = () => {
    form.reset(pickAllowlist(settings));
    finish();
  };
  const disable = useMutation(
    trpc.userAuth.disable.mutationOptions({
      onSuccess: async (next) => {
        accept(next);
        finish();
        await saved(next, 'User authentication is no longer enforced. The editable fields are saved.');
      },
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => { if (!o) close(); }}
      title={step === 'confirm' ? "Don't enforce user authentication?" : 'Fields unauthenticated visitors may edit'}
      description={
        step === 'confirm'
          ? 'Anyone will be able to start a chat, with or without a token. Chats without a valid token are marked “Unauthenticated session” for agents.'
          : 'Choose the ticket and contact fields a visitor without a valid token may still fill in or change. All others are refused.'
      }
      footer={
        step === 'confirm' ? (
          <>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button key="disable" variant="danger" onClick={() => setStep('fields')}>
              Disable
            </Button>
          </>
        ) : (
          <>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            {/* A new element, not the Disable button re-labelled: the click on Disable must not submit. */}
            <Button key="save" variant="primary" type="submit" form="disable-form" pending={disable.isPending}>
              Save
            </Button>
          </>
        )
      }
    >
      {step === 'fields' && (
        <form
          id="disable-form"
          onSubmit={form.handleSubmit((values) => disable.mutate({ widgetId: settings.widgetId, expectedVersion: baseVersion, allowlist: values.allowlist }))}
        >
          {disable.error && <SettingsConflictAlert error={disable.error} widgetId={settings.widgetId} onReloaded={close} />}
          <AllowlistFields control={form.control} catalog={catalog} />
          <p className={styles.note}>These limits do not apply to AI agents, which may update any field.</p>
        </form>
      )}
    </Dialog>
  );
}
