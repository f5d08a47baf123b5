import { useState } from 'react';
import { useDemo } from '../lib/demo-context.ts';
import { Button } from '../ui/Button.tsx';
import { Dialog, DialogClose } from '../ui/Dialog.tsx';
import styles from './DemoBanner.module.css';

/** On every screen of the demo: where the data lives, and a way back to the start. */
export function DemoBanner() {
  const demo = useDemo();
  const [confirm, setConfirm] = useState(false);
  if (!demo) return null;
  return (
    <div className={styles.banner} role="region" aria-label="Demo mode">
      <span>
        <strong>Demo mode</strong> — data stays in this browser
      </span>
      <Button variant="ghost" className={styles.reset} onClick={() => setConfirm(true)}>
        Reset demo
      </Button>
      <Dialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Reset the demo?"
        description="Everything you changed in this browser goes, and the demo starts again as it was first seeded."
        footer={
          <>
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant="danger" onClick={() => demo.reset()}>
              Reset demo
            </Button>
          </>
        }
      />
    </div>
  );
}
