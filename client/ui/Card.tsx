import type { ReactNode } from 'react';
import styles from './Card.module.css';

/** A titled section of a settings page; the title labels the region for screen readers. */
export function Card({ id, title, description, actions, children }: { id: string; title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className={styles.card} aria-labelledby={`${id}-title`}>
      <header className={styles.header}>
        <div>
          {/* Focusable by script, so focus can land here when the control that had it goes away. */}
          <h2 id={`${id}-title`} className={styles.title} tabIndex={-1}>
            {title}
          </h2>
          {description && <div className={styles.description}>{description}</div>}
        </div>
        {actions && <div className={styles.actions}>{actions}</div>}
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}

export function Skeleton({ lines = 3, label }: { lines?: number; label: string }) {
  return (
    <div role="status" aria-busy="true" aria-label={label} className={styles.skeleton}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className={styles.skeletonLine} />
      ))}
    </div>
  );
}
