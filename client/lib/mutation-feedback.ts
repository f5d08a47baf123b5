import { TRPCClientError } from '@trpc/client';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { errorCode } from './trpc.ts';

/** A CONFLICT means another admin saved first: the screen offers a reload instead of a retry. */
export function isConflict(error: unknown): boolean {
  return errorCode(error) === 'CONFLICT';
}

function fieldErrorsOf(error: unknown): Record<string, string[] | undefined> {
  if (!(error instanceof TRPCClientError)) return {};
  const data: unknown = error.data;
  if (!data || typeof data !== 'object' || !('fieldErrors' in data)) return {};
  return (data.fieldErrors ?? {}) as Record<string, string[] | undefined>;
}

/**
 * Whether the server's per-field messages (`data.fieldErrors`, from the same zod schema the form
 * resolves with) name one of these fields. When none does, the form shows the message as a whole.
 */
export function namesAField(error: unknown, fields: readonly string[]): boolean {
  const fieldErrors = fieldErrorsOf(error);
  return fields.some((name) => fieldErrors[name]?.[0]);
}

/** Puts the server's per-field messages next to the fields they name. */
export function applyFieldErrors<T extends FieldValues>(error: unknown, fields: readonly Path<T>[], setError: UseFormSetError<T>): void {
  const fieldErrors = fieldErrorsOf(error);
  for (const name of fields) {
    const message = fieldErrors[name]?.[0];
    if (message) setError(name, { type: 'server', message });
  }
}
