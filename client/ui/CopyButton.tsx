import { useEffect, useRef, useState } from 'react';
import { Button } from './Button.tsx';

/**
 * Copies text to the clipboard and says so, on the button and to screen readers. Text fetched on
 * demand (a secret) is handed to the clipboard as a promise, so the browser still counts the write
 * as part of the click (Safari refuses a write that comes after an await).
 */
export function CopyButton({ text, label = 'Copy' }: { text: string | (() => Promise<string>); label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    try {
      if (typeof text === 'string') {
        await navigator.clipboard.writeText(text);
      } else if (typeof ClipboardItem !== 'undefined' && typeof navigator.clipboard.write === 'function') {
        const blob = text().then((value) => new Blob([value], { type: 'text/plain' }));
        await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
      } else {
        await navigator.clipboard.writeText(await text());
      }
      setState('copied');
    } catch {
      setState('failed');
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2500);
  };

  return (
    <>
      <Button variant="secondary" onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </Button>
      <span role="status" className="visually-hidden">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy; select the text and copy it by hand' : ''}
      </span>
    </>
  );
}
