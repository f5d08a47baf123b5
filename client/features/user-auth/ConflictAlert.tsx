import { useQueryClient } from '@tanstack/react-query';
import { isConflict } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';

/**
 * A failed settings write. A conflict says another admin saved first and offers to load their
 * version; nothing is overwritten. `onReloaded` clears the failed attempt once it is loaded.
 */
export function ConflictAlert({ error, widgetId, onReloaded }: { error: { message: string }; widgetId: string; onReloaded: () => void }) {
  const queryClient = useQueryClient();
  if (!isConflict(error)) return <Alert tone="error">{error.message}</Alert>;
  return (
    <Alert tone="error">
      These settings were changed by someone else — reload to see their version, then make your change again.{' '}
      <Button
        variant="secondary"
        onClick={async () => {
          await queryClient.invalidateQueries(trpc.userAuth.get.queryFilter({ widgetId }));
          await queryClient.invalidateQueries(trpc.widgets.pathFilter());
          onReloaded();
        }}
      >
        Reload
      </Button>
    </Alert>
  );
}
