import * as RadixDialog from '@radix-ui/react-dialog';
import { useCallback, useRef, type ReactNode } from 'react';
import styles from './Dialog.module.css';

/**
 * A modal dialog on Radix: focus is trapped inside and returned on close to whatever had it when
 * the dialog opened (these dialogs are opened by state, not by a Radix trigger); Esc and Cancel
 * close it without doing anything.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  fallbackFocusId,
  wide = false,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  footer: ReactNode;
  /** Where focus goes on close when what opened the dialog is gone (a revoked row's button). */
  fallbackFocusId?: string;
  /** Room for a long value on one line (a new API key). */
  wide?: boolean;
}) {
  const returnFocusTo = useRef<HTMLElement | null>(null);
  const body = useScrollableByKeyboard();
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className={styles.overlay} />
        <RadixDialog.Content
          className={wide ? `${styles.content} ${styles.wide}` : styles.content}
          onOpenAutoFocus={() => {
            returnFocusTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onCloseAutoFocus={(event) => {
            const opener = returnFocusTo.current;
            const target = opener?.isConnected ? opener : fallbackFocusId ? document.getElementById(fallbackFocusId) : null;
            if (target) {
              event.preventDefault();
              target.focus();
            }
          }}
        >
          <RadixDialog.Title className={styles.title}>{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description asChild>
              <div className={styles.description}>{description}</div>
            </RadixDialog.Description>
          ) : (
            <RadixDialog.Description className="visually-hidden">{title}</RadixDialog.Description>
          )}
          {children && (
            <div ref={body} className={styles.body}>
              {children}
            </div>
          )}
          <div className={styles.footer}>{footer}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export const DialogClose = RadixDialog.Close;

/**
 * The body scrolls when its content is taller than the window (the title and the actions stay in
 * view); while it does, it takes keyboard focus so the arrow keys can scroll it.
 */
function useScrollableByKeyboard() {
  const observer = useRef<ResizeObserver | null>(null);
  return useCallback((node: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!node || typeof ResizeObserver === 'undefined') return;
    const update = () => {
      if (node.scrollHeight > node.clientHeight + 1) node.tabIndex = 0;
      else node.removeAttribute('tabindex');
    };
    observer.current = new ResizeObserver(update);
    observer.current.observe(node);
    for (const child of Array.from(node.children)) observer.current.observe(child);
    update();
  }, []);
}
