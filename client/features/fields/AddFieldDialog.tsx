import '../../lib/zod-setup.ts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Controller, useForm, type FieldError, type UseFormRegisterReturn } from 'react-hook-form';
import { CUSTOM_FIELD_TYPES, fieldsCreateInput, type FieldsCreateInput } from '../../../shared/schemas/fields.ts';
import { applyFieldErrors, namesAField } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog, DialogClose } from '../../ui/Dialog.tsx';
import { RadioList } from '../../ui/RadioList.tsx';
import field from '../../ui/TextField.module.css';
import { TextField } from '../../ui/TextField.tsx';
import { useToast } from '../../ui/Toaster.tsx';
import { KIND_LABELS, suggestName, TYPE_LABELS } from './field-labels.ts';
import styles from './FieldsPage.module.css';

const CREATE_FIELDS = ['kind', 'name', 'label', 'type', 'choices'] as const;
const DEFAULTS: FieldsCreateInput = { kind: 'ticket', label: '', name: '', type: 'text' };

/** The first message of a list field's errors: the list's own, or the first of its items'. */
function listError(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const own = (error as FieldError).message ?? (error as { root?: FieldError }).root?.message;
  if (own) return own;
  return Object.values(error as Record<string, FieldError | undefined>).find((e) => e?.message)?.message;
}

/** A new custom field: which side it is on, its label, its API name (from the label) and type. */
export function AddFieldDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const formId = useId();
  const kindLegend = useId();
  // The API name follows the label until the admin writes one of their own.
  const [nameEdited, setNameEdited] = useState(false);
  const form = useForm<FieldsCreateInput>({ resolver: zodResolver(fieldsCreateInput), defaultValues: DEFAULTS });
  const create = useMutation(
    trpc.fields.create.mutationOptions({
      onSuccess: async (_created, input) => {
        await queryClient.invalidateQueries(trpc.fields.pathFilter());
        close();
        toast('success', `Custom field “${input.label}” (${input.name}) is added to the ${input.kind} fields.`);
      },
      onError: (error) => applyFieldErrors(error, CREATE_FIELDS, form.setError),
    }),
  );

  function close() {
    onOpenChange(false);
    form.reset(DEFAULTS);
    setNameEdited(false);
    create.reset();
  }

  const { errors } = form.formState;
  const type = form.watch('type');
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
      title="Add a custom field"
      description="The field joins the catalog at once: tokens may carry it, and widgets can let visitors edit it."
      footer={
        <>
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button variant="primary" type="submit" form={formId} pending={create.isPending}>
            Add field
          </Button>
        </>
      }
    >
      <form id={formId} noValidate className={styles.form} onSubmit={form.handleSubmit((values) => create.mutate(values))}>
        {create.error && !namesAField(create.error, CREATE_FIELDS) && <Alert tone="error">{create.error.message}</Alert>}
        <fieldset className={styles.fieldset}>
          <legend id={kindLegend} className={field.label}>
            Kind
          </legend>
          <Controller
            control={form.control}
            name="kind"
            render={({ field: kind }) => (
              <RadioList
                aria-labelledby={kindLegend}
                value={kind.value}
                onChange={kind.onChange}
                options={(['ticket', 'contact'] as const).map((k) => ({ value: k, label: `${KIND_LABELS[k]} field` }))}
              />
            )}
          />
        </fieldset>
        <TextField
          label="Label"
          autoComplete="off"
          placeholder="e.g. Order number"
          {...form.register('label', {
            onChange: (e: { target: { value: string } }) => {
              if (!nameEdited) form.setValue('name', suggestName(e.target.value), { shouldValidate: form.formState.isSubmitted });
            },
          })}
          error={errors.label?.message}
        />
        <div>
          <TextField
            label="API name"
            autoComplete="off"
            spellCheck={false}
            className={styles.mono}
            placeholder="cf_order_number"
            {...form.register('name', { onChange: () => setNameEdited(true) })}
            error={errors.name?.message}
          />
          <p className={styles.hint}>What tokens and the API call it. It cannot change later.</p>
        </div>
        <TypeSelect register={form.register('type')} error={errors.type?.message} />
        {type === 'dropdown' && (
          <Controller
            control={form.control}
            name="choices"
            shouldUnregister
            render={({ field: choices, fieldState }) => (
              <ChoicesInput value={choices.value} onChange={choices.onChange} onBlur={choices.onBlur} error={listError(fieldState.error)} />
            )}
          />
        )}
      </form>
    </Dialog>
  );
}

function TypeSelect({ register, error }: { register: UseFormRegisterReturn<'type'>; error: string | undefined }) {
  const id = useId();
  return (
    <div className={field.field}>
      <label htmlFor={id} className={field.label}>
        Type
      </label>
      <select id={id} className={`${field.input} ${styles.select}`} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...register}>
        {CUSTOM_FIELD_TYPES.map((t) => (
          <option key={t} value={t}>
            {TYPE_LABELS[t]}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} className={field.error}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A dropdown's choices, one per line; blank lines are left out. */
function ChoicesInput({
  value,
  onChange,
  onBlur,
  error,
}: {
  value: string[] | undefined;
  onChange: (choices: string[]) => void;
  onBlur: () => void;
  error: string | undefined;
}) {
  const id = useId();
  const [text, setText] = useState(() => (value ?? []).join('\n'));
  return (
    <div className={field.field}>
      <label htmlFor={id} className={field.label}>
        Choices, one per line
      </label>
      <textarea
        id={id}
        className={`${field.input} ${styles.textarea}`}
        rows={4}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onBlur={onBlur}
        onChange={(e) => {
          setText(e.target.value);
          onChange(
            e.target.value
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
          );
        }}
      />
      {error && (
        <p id={`${id}-error`} className={field.error}>
          {error}
        </p>
      )}
    </div>
  );
}
