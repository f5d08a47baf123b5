import { useQueryClient } from '@tanstack/react-query';
import { isConflict } from '../../lib/mutation-feedback.ts';
import { trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';

/**
 * A failed change to a field. A conflict says another admin changed it first and offers to load
 * their version; nothing is overwritten. `onReloaded` clears the failed attempt once it is loaded.
 */
export function FieldErrorAlert({ error, onReloaded }: { error: { message: string }; onReloaded: () => void }) {
  const queryClient = useQueryClient();
  if (!isConflict(error)) return <Alert tone="error">{error.message}</Alert>;
  return (
    <Alert tone="error">
      This field was changed by someone else — reload to see their version, then make your change again.{' '}
      <Button
        variant="secondary"
        onClick={async () => {
          await queryClient.invalidateQueries(trpc.fields.pathFilter());
          onReloaded();
        }}
      >
        Reload
      </Button>
    </Alert>
  );
}
