import '../../lib/zod-setup.ts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { fieldsUpdateInput, type Field, type FieldKind, type FieldsUpdateInput } from '../../../shared/schemas/fields.ts';
import { applyFieldErrors, namesAField } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog, DialogClose } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { useToast } from '../../ui/Toaster.tsx';
import { FieldErrorAlert } from './FieldErrorAlert.tsx';
import styles from './FieldsPage.module.css';

/** A custom field's new label; its API name stays, so tokens that carry it keep working. */
export function RenameFieldButton({ kind, field }: { kind: FieldKind; field: Field }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const values = (): FieldsUpdateInput => ({ kind, name: field.name, label: field.label, ...(field.version ? { expectedVersion: field.version } : {}) });
  const form = useForm<FieldsUpdateInput>({ resolver: zodResolver(fieldsUpdateInput), defaultValues: values() });
  const rename = useMutation(
    trpc.fields.update.mutationOptions({
      onSuccess: async (_updated, input) => {
        await queryClient.invalidateQueries(trpc.fields.pathFilter());
        setOpen(false);
        toast('success', `“${field.label}” is now called “${input.label.trim()}”. Its API name stays ${field.name}.`);
      },
      onError: (error) => applyFieldErrors(error, ['label'], form.setError),
    }),
  );
  return (
    <>
      <Button
        variant="ghost"
        aria-label={`Rename ${field.label}`}
        onClick={() => {
          form.reset(values());
          rename.reset();
          setOpen(true);
        }}
      >
        Rename
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Rename “${field.label}”`}
        description={
          <>
            The label is what agents and admins read. The API name <code>{field.name}</code> does not change.
          </>
        }
        footer={
          <>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant="primary" type="submit" form={formId} pending={rename.isPending}>
              Save label
            </Button>
          </>
        }
      >
        <form id={formId} noValidate className={styles.form} onSubmit={form.handleSubmit((input) => rename.mutate(input))}>
          {rename.error && !namesAField(rename.error, ['label']) && <FieldErrorAlert error={rename.error} onReloaded={() => setOpen(false)} />}
          <TextField label="Label" autoComplete="off" {...form.register('label')} error={form.formState.errors.label?.message} />
        </form>
      </Dialog>
    </>
  );
}
