import { useState, type ReactNode } from 'react';
import { Alert } from './Alert.tsx';
import { Button } from './Button.tsx';
import { Dialog, DialogClose } from './Dialog.tsx';

/**
 * A button whose action is asked about first: a dialog says what will happen, Cancel (or Esc)
 * does nothing, the confirming button runs `onConfirm` and the dialog stays open with the error
 * if it fails.
 */
export function ConfirmButton({
  label,
  accessibleName,
  title,
  description,
  confirmLabel = label,
  onConfirm,
  fallbackFocusId,
  variant,
  className,
}: {
  label: string;
  accessibleName?: string;
  title: string;
  description: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  fallbackFocusId?: string;
  variant?: 'secondary' | 'ghost';
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button
        variant={variant}
        className={className}
        aria-label={accessibleName}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={title}
        description={description}
        {...(fallbackFocusId ? { fallbackFocusId } : {})}
        footer={
          <>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button
              variant="danger"
              pending={pending}
              onClick={async () => {
                setPending(true);
                try {
                  await onConfirm();
                  setOpen(false);
                } catch (e) {
                  setError(e instanceof Error ? e.message : String(e));
                } finally {
                  setPending(false);
                }
              }}
            >
              {confirmLabel}
            </Button>
          </>
        }
      >
        {error && <Alert tone="error">{error}</Alert>}
      </Dialog>
    </>
  );
}
