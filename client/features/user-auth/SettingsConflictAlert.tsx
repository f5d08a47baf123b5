import { useQueryClient } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc.ts';
import { ConflictAlert } from '../../ui/ConflictAlert.tsx';

/** A failed settings write; a conflict reloads the widget's settings. */
export function SettingsConflictAlert({ error, widgetId, onReloaded }: { error: { message: string }; widgetId: string; onReloaded: () => void }) {
  const queryClient = useQueryClient();
  return (
    <ConflictAlert
      error={error}
      subject="These settings were"
      onReloaded={onReloaded}
      reload={() =>
        Promise.all([queryClient.invalidateQueries(trpc.userAuth.get.queryFilter({ widgetId })), queryClient.invalidateQueries(trpc.widgets.pathFilter())])
      }
    />
  );
}
