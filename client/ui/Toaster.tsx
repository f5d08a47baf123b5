import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import styles from './Toaster.module.css';

interface Toast {
  id: number;
  tone: 'success' | 'error';
  message: string;
}

const SUCCESS_SECONDS = 6;

const ToastContext = createContext<(tone: Toast['tone'], message: string) => void>(() => undefined);

/**
 * Every mutation's outcome. Successes are said politely and go after a few seconds; errors are
 * announced at once and stay until dismissed, so nobody misses one.
 */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((current) => current.filter((t) => t.id !== id));
  }, []);
  const push = useCallback(
    (tone: Toast['tone'], message: string) => {
      const id = Date.now() + Math.random();
      setToasts((current) => [...current.slice(-3), { id, tone, message }]);
      if (tone === 'success') timers.current.set(id, setTimeout(() => dismiss(id), SUCCESS_SECONDS * 1000));
    },
    [dismiss],
  );
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const list = (tone: Toast['tone']) =>
    toasts
      .filter((t) => t.tone === tone)
      .map((t) => (
        // An error is its own alert, announced as it appears; successes share the polite region.
        <div key={t.id} className={`${styles.toast} ${styles[t.tone]}`} role={tone === 'error' ? 'alert' : undefined}>
          <span>{t.message}</span>
          <button type="button" className={styles.dismiss} aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ));
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className={styles.region}>
        <div>{list('error')}</div>
        <div role="status" aria-live="polite">
          {list('success')}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
