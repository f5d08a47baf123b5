import { useState } from 'react';
import { Button } from './Button.tsx';

/** Copies text to the clipboard and says so on the button itself. */
export function CopyButton({ text, label = 'Copy', describedBy }: { text: string | (() => Promise<string> | string); label?: string; describedBy?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <Button
      variant="secondary"
      aria-describedby={describedBy}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(typeof text === 'string' ? text : await text());
          setState('copied');
        } catch {
          setState('failed');
        }
        setTimeout(() => setState('idle'), 2500);
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </Button>
  );
}
