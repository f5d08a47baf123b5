import { useDemo } from '../lib/demo-context.ts';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';
import styles from './DemoBanner.module.css';

/** On every screen of the demo: where the data lives, and a way back to the start. */
export function DemoBanner() {
  const demo = useDemo();
  if (!demo) return null;
  return (
    <div className={styles.banner} role="region" aria-label="Demo mode">
      <span>
        <strong>Demo mode</strong> — data stays in this browser
      </span>
      <ConfirmButton
        label="Reset demo"
        variant="ghost"
        className={styles.reset}
        title="Reset the demo?"
        description="Everything you changed in this browser goes, and the demo starts again as it was first seeded."
        onConfirm={async () => demo.reset()}
      />
    </div>
  );
}
