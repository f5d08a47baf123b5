import type { ReactNode } from 'react';
import styles from './Badge.module.css';

export function Badge({ tone, children }: { tone: 'success' | 'warning' | 'info' | 'neutral'; children: ReactNode }) {
  return <span className={`${styles.badge} ${styles[tone]}`}>{children}</span>;
}
