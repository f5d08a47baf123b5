import { useQueryClient } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc.ts';
import { ConflictAlert } from '../../ui/ConflictAlert.tsx';

/** A failed change to a field; a conflict reloads the catalog. */
export function FieldErrorAlert({ error, onReloaded }: { error: { message: string }; onReloaded: () => void }) {
  const queryClient = useQueryClient();
  return <ConflictAlert error={error} subject="This field was" onReloaded={onReloaded} reload={() => queryClient.invalidateQueries(trpc.fields.pathFilter())} />;
}
