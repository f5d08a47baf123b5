import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { TRPCClientError } from '@trpc/client';
import { errorCode } from './trpc.ts';

/** A CONFLICT means another admin saved first: the screen offers a reload instead of a retry. */
export function isConflict(error: unknown): boolean {
  return errorCode(error) === 'CONFLICT';
}

/**
 * Puts the server's per-field messages (`data.fieldErrors`, from the same zod schema the form
 * resolves with) next to the fields they name. Returns whether any field was named, so the caller
 * shows the message as a whole otherwise.
 */
export function applyFieldErrors<T extends FieldValues>(error: unknown, fields: readonly Path<T>[], setError: UseFormSetError<T>): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data: unknown = error.data;
  if (!data || typeof data !== 'object' || !('fieldErrors' in data)) return false;
  const fieldErrors = data.fieldErrors as Record<string, string[] | undefined>;
  let applied = false;
  for (const name of fields) {
    const message = fieldErrors[name]?.[0];
    if (message) {
      setError(name, { type: 'server', message });
      applied = true;
    }
  }
  return applied;
}
