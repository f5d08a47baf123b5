import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { DemoContext, type DemoInfo } from '../lib/demo-context.ts';
import { queryClient } from '../lib/trpc.ts';
import { Toaster } from '../ui/Toaster.tsx';
import '../ui/tokens.css';
import { SessionGate } from './SessionGate.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const mount = root;

function render(demo: DemoInfo | null, banner: ReactNode = null) {
  createRoot(mount).render(
    <StrictMode>
      <DemoContext.Provider value={demo}>
        <QueryClientProvider client={queryClient}>
          <Toaster>
            {banner}
            <SessionGate />
          </Toaster>
        </QueryClientProvider>
      </DemoContext.Provider>
    </StrictMode>,
  );
}

// The mode is fixed at build time: in the console's own build this branch, and with it msw and
// the demo's store, is not in the bundle at all (e2e/bundle-budget.spec.ts checks).
if (import.meta.env.MODE === 'demo') {
  const [{ startDemo }, { DemoBanner }] = await Promise.all([import('../demo/demo-runtime.ts'), import('../demo/DemoBanner.tsx')]);
  render(await startDemo(), <DemoBanner />);
} else {
  render(null);
}
