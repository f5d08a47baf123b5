import { isConflict } from '../lib/mutation-feedback.ts';
import { Alert } from './Alert.tsx';
import { Button } from './Button.tsx';

/**
 * A failed versioned write. A conflict says another admin saved first and offers to load their
 * version; nothing is overwritten. `reload` refetches what the write was based on, and
 * `onReloaded` clears the failed attempt once it is loaded.
 */
export function ConflictAlert({
  error,
  subject,
  reload,
  onReloaded,
}: {
  error: { message: string };
  /** What was changed, as the sentence's subject: "These settings were", "This field was". */
  subject: string;
  reload: () => Promise<unknown>;
  onReloaded: () => void;
}) {
  if (!isConflict(error)) return <Alert tone="error">{error.message}</Alert>;
  return (
    <Alert tone="error">
      {subject} changed by someone else — reload to see their version, then make your change again.{' '}
      <Button
        variant="secondary"
        onClick={async () => {
          await reload();
          onReloaded();
        }}
      >
        Reload
      </Button>
    </Alert>
  );
}
