import { createContext, useContext } from 'react';

/** What the console knows about demo mode; null in the real console. */
export interface DemoInfo {
  admin: { email: string; password: string };
  agent: { email: string; password: string };
  /** Puts the demo back as it was first seeded, and reloads. */
  reset(): Promise<void>;
}

export const DemoContext = createContext<DemoInfo | null>(null);

export function useDemo(): DemoInfo | null {
  return useContext(DemoContext);
}
