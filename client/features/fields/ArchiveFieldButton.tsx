import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Field, FieldKind } from '../../../shared/schemas/fields.ts';
import { trpc } from '../../lib/trpc.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog, DialogClose } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/Toaster.tsx';
import { FieldErrorAlert } from './FieldErrorAlert.tsx';
import styles from './FieldsPage.module.css';

/** Archives a custom field after saying what that does to tokens and to the editable-fields lists. */
export function ArchiveFieldButton({ kind, field, fallbackFocusId }: { kind: FieldKind; field: Field; fallbackFocusId: string }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.fields.archive.mutationOptions({
      onSuccess: async () => {
        // Archiving also takes the field out of every widget's editable fields (a new settings version).
        await Promise.all([
          queryClient.invalidateQueries(trpc.fields.pathFilter()),
          queryClient.invalidateQueries(trpc.userAuth.pathFilter()),
          queryClient.invalidateQueries(trpc.audit.pathFilter()),
        ]);
        setOpen(false);
        toast('success', `“${field.label}” (${field.name}) is archived. Tokens that carry it drop it from now on.`);
      },
    }),
  );
  return (
    <>
      <Button
        variant="ghost"
        aria-label={`Archive ${field.label}`}
        onClick={() => {
          archive.reset();
          setOpen(true);
        }}
      >
        Archive
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Archive “${field.label}”?`}
        fallbackFocusId={fallbackFocusId}
        description={
          <ul className={styles.effects}>
            <li>
              Tokens that carry <code>{field.name}</code> drop it: chats still start, without that value.
            </li>
            <li>It leaves the editable-fields lists of every widget, so visitors can no longer edit it.</li>
            <li>
              Its API name stays taken; the field is listed under Archived.
            </li>
          </ul>
        }
        footer={
          <>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button
              variant="danger"
              pending={archive.isPending}
              onClick={() => archive.mutate({ kind, name: field.name, ...(field.version ? { expectedVersion: field.version } : {}) })}
            >
              Archive field
            </Button>
          </>
        }
      >
        {archive.error && <FieldErrorAlert error={archive.error} onReloaded={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}
