import { useState, type ReactNode } from 'react';
import { Button } from './Button.tsx';
import table from './Table.module.css';

/**
 * Key lists grow with every rotation: revoked entries are folded away behind one button that says
 * how many there are, and unfolded on request.
 */
export function useFoldRevoked<T>(items: readonly T[], isRevoked: (item: T) => boolean): { shown: T[]; toggle: ReactNode } {
  const [showRevoked, setShowRevoked] = useState(false);
  const revoked = items.filter(isRevoked).length;
  const shown = showRevoked ? [...items] : items.filter((item) => !isRevoked(item));
  const toggle =
    revoked > 0 ? (
      <Button variant="ghost" className={table.more} aria-expanded={showRevoked} onClick={() => setShowRevoked((v) => !v)}>
        {showRevoked ? 'Hide revoked keys' : `Show revoked keys (${revoked})`}
      </Button>
    ) : null;
  return { shown, toggle };
}
