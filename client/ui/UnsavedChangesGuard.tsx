import { useEffect, useId, useSyncExternalStore } from 'react';
import { useBlocker } from 'react-router';
import { Button } from './Button.tsx';
import { Dialog } from './Dialog.tsx';

/**
 * The forms on screen that hold unsaved edits. A router honours one blocker at a time, so
 * however many forms guard themselves, one of them (the first mounted) holds the blocker and
 * speaks for all.
 */
const forms = new Map<string, { dirty: boolean; what: string }>();
const listeners = new Set<() => void>();
let unsaved: readonly string[] = [];
let leader: string | null = null;

function changed() {
  unsaved = [...forms.values()].filter((f) => f.dirty).map((f) => f.what);
  leader = forms.keys().next().value ?? null;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Asks before leaving a screen while `dirty`: a navigation in the console opens "Leave without
 * saving?", and closing or reloading the tab gets the browser's own warning. `what` names the
 * form in that question ("the token policy").
 */
export function UnsavedChangesGuard({ dirty, what }: { dirty: boolean; what: string }) {
  const id = useId();
  useEffect(() => {
    forms.set(id, { dirty, what });
    changed();
  }, [id, dirty, what]);
  useEffect(
    () => () => {
      forms.delete(id);
      changed();
    },
    [id],
  );
  const speaks = useSyncExternalStore(subscribe, () => leader === id);
  return speaks ? <LeaveDialog /> : null;
}

function LeaveDialog() {
  const edits = useSyncExternalStore(subscribe, () => unsaved);
  const dirty = edits.length > 0;
  const blocker = useBlocker(dirty);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const list = edits.length > 1 ? `${edits.slice(0, -1).join(', ')} and ${edits.at(-1)}` : (edits[0] ?? 'this screen');
  return (
    <Dialog
      open={blocker.state === 'blocked'}
      onOpenChange={(open) => {
        if (!open) blocker.reset?.();
      }}
      title="Leave without saving?"
      description={`Your changes to ${list} are not saved yet.`}
      footer={
        <>
          <Button onClick={() => blocker.reset?.()}>Stay</Button>
          <Button variant="danger" onClick={() => blocker.proceed?.()}>
            Leave without saving
          </Button>
        </>
      }
    />
  );
}
