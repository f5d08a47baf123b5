import type { ReactNode } from 'react';
import styles from './Alert.module.css';

/** An inline message; errors are announced at once, the rest politely. */
export function Alert({ tone, children }: { tone: 'error' | 'info' | 'success'; children: ReactNode }) {
  return (
    <div className={`${styles.alert} ${styles[tone]}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
