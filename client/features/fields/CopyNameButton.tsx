import { useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/Button.tsx';
import styles from './FieldsPage.module.css';

/** Copies a field's API name; the button names the field, since a table holds one per row. */
export function CopyNameButton({ name }: { name: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const word = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy';
  return (
    <>
      <Button
        variant="ghost"
        className={styles.copy}
        aria-label={`${word} ${name}`}
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(name);
            setState('copied');
          } catch {
            setState('failed');
          }
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setState('idle'), 2500);
        }}
      >
        {word}
      </Button>
      <span role="status" className="visually-hidden">
        {state === 'copied' ? `${name} copied to the clipboard` : state === 'failed' ? 'Could not copy; select the name and copy it by hand' : ''}
      </span>
    </>
  );
}
