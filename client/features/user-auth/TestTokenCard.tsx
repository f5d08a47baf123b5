import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Controller, useFieldArray, useForm, type UseFormReturn } from 'react-hook-form';
import {
  catalogField,
  defaultExpiry,
  expiryChoices,
  initialValue,
  LANGUAGE_CODES,
  PRIORITIES,
  testTokenFormSchema,
  toTestTokenClaims,
  type TestTokenFormValues,
} from '../../../shared/domain/test-token-form.ts';
import type { Field, FieldCatalog } from '../../../shared/schemas/fields.ts';
import type { TokensSignTestOutput } from '../../../shared/schemas/tokens.ts';
import type { UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { formatDuration, formatTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { Card } from '../../ui/Card.tsx';
import { CheckboxBox } from '../../ui/CheckboxBox.tsx';
import { CopyButton } from '../../ui/CopyButton.tsx';
import { RadioList } from '../../ui/RadioList.tsx';
import secretValue from '../../ui/SecretValue.module.css';
import field from '../../ui/TextField.module.css';
import { TextField } from '../../ui/TextField.tsx';
import { TestChatStarter } from './TestChatResult.tsx';
import styles from './TokenTools.module.css';

type Entity = 'contact' | 'ticket';

const IDENTITY_KINDS = [
  { value: 'email', label: 'Email' },
  { value: 'unique_external_id', label: 'Unique external id' },
] as const;

/** Builds a token from the catalog's fields, has the server sign it with the active key, and offers a test chat with it. */
export function TestTokenCard({ settings, catalog, onCheck }: { settings: UserAuthSettings; catalog: FieldCatalog; onCheck: (token: string) => void }) {
  const max = settings.maxTokenLifetimeSeconds;
  const schema = useMemo(() => testTokenFormSchema(catalog, { maxTokenLifetimeSeconds: max }), [catalog, max]);
  const form = useForm<TestTokenFormValues>({
    resolver: zodResolver(schema),
    defaultValues: { identityKind: 'email', identity: '', properties: [], expiresInSeconds: defaultExpiry(max) },
  });
  const sign = useMutation(trpc.tokens.signTest.mutationOptions());
  const ids = { identity: useId(), expiry: useId() };
  const { errors } = form.formState;
  const identityKind = form.watch('identityKind');

  return (
    <Card
      id="test-token"
      title="Build a test token"
      description="Pick an identity and the fields a token of your site would carry; the server signs it with the active key, as your server would."
    >
      <form
        noValidate
        className={styles.form}
        onSubmit={form.handleSubmit((values) =>
          sign.mutate({ widgetId: settings.widgetId, payload: toTestTokenClaims(values) }),
        )}
      >
        <fieldset className={styles.fieldset}>
          <legend id={ids.identity} className={field.label}>
            Identity
          </legend>
          <Controller
            control={form.control}
            name="identityKind"
            render={({ field: kind }) => <RadioList aria-labelledby={ids.identity} value={kind.value} onChange={kind.onChange} options={IDENTITY_KINDS} />}
          />
        </fieldset>
        <TextField
          label={identityKind === 'email' ? 'Email address' : 'External id'}
          type={identityKind === 'email' ? 'email' : 'text'}
          autoComplete="off"
          {...form.register('identity')}
          error={errors.identity?.message}
        />
        <Properties form={form} catalog={catalog} />
        <div className={field.field}>
          <label htmlFor={ids.expiry} className={field.label}>
            Expires in
          </label>
          <Controller
            control={form.control}
            name="expiresInSeconds"
            render={({ field: expiry }) => (
              <select
                id={ids.expiry}
                ref={expiry.ref}
                className={`${field.input} ${styles.select}`}
                aria-describedby={`${ids.expiry}-hint`}
                value={String(expiry.value)}
                onChange={(e) => expiry.onChange(Number(e.target.value))}
                onBlur={expiry.onBlur}
              >
                {expiryChoices(max).map((seconds) => (
                  <option key={seconds} value={seconds}>
                    {formatDuration(seconds)}
                    {seconds === max ? ' (the widget’s maximum)' : ''}
                  </option>
                ))}
              </select>
            )}
          />
          <span id={`${ids.expiry}-hint`} className={styles.hint}>
            Capped by this widget’s maximum token lifetime, {formatDuration(max)}.
          </span>
          {errors.expiresInSeconds && <p className={field.error}>{errors.expiresInSeconds.message}</p>}
        </div>
        {sign.isError && <Alert tone="error">The token could not be signed: {sign.error.message}</Alert>}
        <div className={styles.actions}>
          <Button type="submit" variant="primary" pending={sign.isPending}>
            Sign test token
          </Button>
        </div>
      </form>
      {sign.data && <SignedToken key={sign.data.token} signed={sign.data} widgetId={settings.widgetId} catalog={catalog} onCheck={onCheck} />}
    </Card>
  );
}

/** The "Add field" picker and the inputs of the fields picked so far, by side. */
function Properties({ form, catalog }: { form: UseFormReturn<TestTokenFormValues>; catalog: FieldCatalog }) {
  const list = useFieldArray({ control: form.control, name: 'properties' });
  const pickerId = useId();
  const [picked, setPicked] = useState('');
  const added = new Set(list.fields.map((p) => `${p.entity}:${p.name}`));
  const available = (entity: Entity, fields: Field[]) => fields.filter((f) => !added.has(`${entity}:${f.name}`));

  const add = () => {
    const [entity, name] = picked.split(':') as [Entity, string];
    const chosen = catalogField(catalog, entity, name);
    if (!chosen) return;
    list.append({ entity, name, value: initialValue(chosen) });
    setPicked('');
  };

  const group = (entity: Entity, legend: string) => {
    const rows = list.fields.map((p, index) => ({ p, index })).filter(({ p }) => p.entity === entity);
    if (rows.length === 0) return null;
    return (
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{legend}</legend>
        <div className={styles.propertyRows}>
          {rows.map(({ p, index }) => {
            const f = catalogField(catalog, p.entity, p.name);
            return f ? <PropertyRow key={p.id} form={form} index={index} field={f} onRemove={() => list.remove(index)} /> : null;
          })}
        </div>
      </fieldset>
    );
  };

  const contactLeft = available('contact', catalog.contactFields);
  const ticketLeft = available('ticket', catalog.ticketFields);
  return (
    <div className={styles.properties}>
      {group('contact', 'Contact properties')}
      {group('ticket', 'Ticket properties')}
      <div className={field.field}>
        <label htmlFor={pickerId} className={field.label}>
          Field to add
        </label>
        <div className={styles.inline}>
          <select id={pickerId} className={`${field.input} ${styles.select}`} value={picked} onChange={(e) => setPicked(e.target.value)}>
            <option value="">Choose a contact or ticket field…</option>
            {contactLeft.length > 0 && (
              <optgroup label="Contact fields">
                {contactLeft.map((f) => (
                  <option key={f.name} value={`contact:${f.name}`}>
                    {f.label} ({f.name})
                  </option>
                ))}
              </optgroup>
            )}
            {ticketLeft.length > 0 && (
              <optgroup label="Ticket fields">
                {ticketLeft.map((f) => (
                  <option key={f.name} value={`ticket:${f.name}`}>
                    {f.label} ({f.name})
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <Button disabled={!picked} onClick={add}>
            Add field
          </Button>
        </div>
        <span className={styles.hint}>Each field goes in contactProperties or ticketProperties under its API name.</span>
      </div>
    </div>
  );
}

/** One picked field: an input of its type, its API name, and Remove. */
function PropertyRow({ form, index, field: f, onRemove }: { form: UseFormReturn<TestTokenFormValues>; index: number; field: Field; onRemove: () => void }) {
  const id = useId();
  const name = `properties.${index}.value` as const;
  const error = form.formState.errors.properties?.[index]?.value?.message ?? form.formState.errors.properties?.[index]?.name?.message;
  const describedBy = [`${id}-api`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
  const inputClass = `${field.input} ${styles.propertyInput}`;

  /** A select held by the form's state, so its value is the form's from the first render; `parse` gives the claim its type. */
  const select = (options: readonly { value: string | number; label: string }[], parse: (v: string) => string | number = (v) => v) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field: choice }) => (
        <select
          {...common}
          ref={choice.ref}
          className={inputClass}
          value={String(choice.value)}
          onChange={(e) => choice.onChange(parse(e.target.value))}
          onBlur={choice.onBlur}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );

  const input = (() => {
    switch (f.type) {
      case 'priority':
        return select(
          PRIORITIES.map((p) => ({ value: p.value, label: `${p.value} ${p.label}` })),
          Number,
        );
      case 'language':
        return select(LANGUAGE_CODES.map((code) => ({ value: code, label: `${code} ${languageName(code)}`.trim() })));
      case 'dropdown':
        return select((f.choices ?? []).map((choice) => ({ value: choice, label: choice })));
      case 'checkbox':
        return (
          <Controller
            control={form.control}
            name={name}
            render={({ field: box }) => (
              <CheckboxBox {...common} ref={box.ref} checked={box.value === true} onCheckedChange={(on) => box.onChange(on === true)} onBlur={box.onBlur} />
            )}
          />
        );
      case 'number':
        return <input {...common} type="number" inputMode="decimal" step="any" className={inputClass} {...form.register(name, { valueAsNumber: true })} />;
      case 'date':
        return <input {...common} type="date" className={inputClass} {...form.register(name)} />;
      case 'paragraph':
        return <textarea {...common} rows={3} className={`${inputClass} ${styles.textarea}`} {...form.register(name)} />;
      case 'email':
        return <input {...common} type="email" autoComplete="off" className={inputClass} {...form.register(name)} />;
      case 'phone':
        return <input {...common} type="tel" autoComplete="off" className={inputClass} {...form.register(name)} />;
      case 'text':
        return <input {...common} type="text" autoComplete="off" className={inputClass} {...form.register(name)} />;
    }
  })();

  return (
    <div className={`${styles.propertyRow} ${f.type === 'checkbox' ? styles.checkboxRow : ''}`}>
      <div className={f.type === 'checkbox' ? styles.checkboxField : field.field}>
        {f.type === 'checkbox' && input}
        <label htmlFor={id} className={field.label}>
          {f.label}
        </label>
        {f.type !== 'checkbox' && input}
        <span id={`${id}-api`} className={styles.apiName}>
          {f.name}
        </span>
        {error && (
          <p id={`${id}-error`} className={field.error}>
            {error}
          </p>
        )}
      </div>
      <Button variant="ghost" className={styles.remove} aria-label={`Remove ${f.label}`} onClick={onRemove}>
        Remove
      </Button>
    </div>
  );
}

const languageNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;
function languageName(code: string): string {
  const named = languageNames?.of(code);
  return named && named !== code ? `— ${named}` : '';
}

/** The signed token with Copy, Check it, and a test chat started with it. */
function SignedToken({
  signed,
  widgetId,
  catalog,
  onCheck,
}: {
  signed: TokensSignTestOutput;
  widgetId: string;
  catalog: FieldCatalog;
  onCheck: (token: string) => void;
}) {
  const ids = { token: useId() };
  return (
    <section className={styles.signed} aria-labelledby={`${ids.token}-title`}>
      <h3 id={`${ids.token}-title`} className={styles.subTitle}>
        Signed test token
      </h3>
      <div className={styles.field}>
        <label htmlFor={ids.token} className={field.label}>
          Test token
        </label>
        <div className={styles.inline}>
          <input id={ids.token} className={secretValue.value} readOnly value={signed.token} aria-describedby={`${ids.token}-hint`} />
          <CopyButton text={signed.token} />
        </div>
        <span id={`${ids.token}-hint`} className={styles.hint}>
          Signed with key <code className={styles.code}>{signed.kid}</code>; expires {formatTime(signed.expiresAt)}.
        </span>
      </div>
      <div className={styles.actions}>
        <Button onClick={() => onCheck(signed.token)}>Check it</Button>
      </div>
      <TestChatStarter widgetId={widgetId} token={signed.token} catalog={catalog} />
    </section>
  );
}
