import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useState } from 'react';
import { useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import type { UserAuthSettings } from '../../../shared/schemas/user-auth.ts';

/**
 * A form over part of a widget's settings that remembers the version its edit started from.
 *
 * While the form is untouched it follows the server (another admin's save shows up). Once the
 * admin edits, their values stay put and the save sends the version they started from, so a
 * change made meanwhile by someone else comes back as CONFLICT instead of being overwritten;
 * `changedElsewhere` says so before they even press Save.
 */
export function useVersionedForm<T extends FieldValues>(
  schema: z.ZodType<T, T>,
  settings: UserAuthSettings,
  pick: (settings: UserAuthSettings) => T,
) {
  const form = useForm<T>({ resolver: zodResolver(schema), defaultValues: pick(settings) as DefaultValues<T> });
  const [baseVersion, setBaseVersion] = useState(settings.version);
  const dirty = form.formState.isDirty;

  useEffect(() => {
    if (!dirty && settings.version !== baseVersion) {
      form.reset(pick(settings));
      setBaseVersion(settings.version);
    }
    // `pick` is a plain projection; following it would reset on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings, dirty, baseVersion, form]);

  /** After a successful save: the saved settings become the form's new starting point. */
  const accept = useCallback(
    (next: UserAuthSettings) => {
      form.reset(pick(next));
      setBaseVersion(next.version);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [form],
  );

  return { form, baseVersion, accept, changedElsewhere: dirty && settings.version !== baseVersion };
}
