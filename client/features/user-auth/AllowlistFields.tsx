import { Controller, type Control } from 'react-hook-form';
import type { Field, FieldCatalog } from '../../../shared/schemas/fields.ts';
import { z } from 'zod';
import { allowlistSchema, type Allowlist, type UserAuthSettings } from '../../../shared/schemas/user-auth.ts';
import { CheckboxBox } from '../../ui/CheckboxBox.tsx';
import styles from './UserAuthPage.module.css';

export const allowlistForm = z.object({ allowlist: allowlistSchema });
export const pickAllowlist = (settings: UserAuthSettings) => ({ allowlist: settings.allowlist });

/** The ticket and contact fields an unauthenticated visitor may still change, as checkboxes. */
export function AllowlistFields({ control, catalog }: { control: Control<{ allowlist: Allowlist }>; catalog: FieldCatalog }) {
  return (
    <div className={styles.fieldGroups}>
      <FieldGroup control={control} name="allowlist.ticketFields" legend="Ticket fields" fields={catalog.ticketFields} />
      <FieldGroup control={control} name="allowlist.contactFields" legend="Contact fields" fields={catalog.contactFields} />
    </div>
  );
}

function FieldGroup({
  control,
  name,
  legend,
  fields,
}: {
  control: Control<{ allowlist: Allowlist }>;
  name: 'allowlist.ticketFields' | 'allowlist.contactFields';
  legend: string;
  fields: Field[];
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{legend}</legend>
          {fields.map((f) => {
            const checked = field.value.includes(f.name);
            return (
              <label key={f.name} className={styles.checkbox}>
                <CheckboxBox
                  checked={checked}
                  onCheckedChange={(on) => field.onChange(on === true ? [...field.value, f.name] : field.value.filter((n) => n !== f.name))}
                />
                {f.label}
                {f.custom && <span className={styles.custom}>Custom</span>}
              </label>
            );
          })}
          {fieldState.error && <p className={styles.error}>{fieldState.error.message}</p>}
        </fieldset>
      )}
    />
  );
}
