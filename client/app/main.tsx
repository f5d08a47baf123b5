import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { queryClient } from '../lib/trpc.ts';
import { Toaster } from '../ui/Toaster.tsx';
import '../ui/tokens.css';
import { SessionGate } from './SessionGate.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Toaster>
        <SessionGate />
      </Toaster>
    </QueryClientProvider>
  </StrictMode>,
);
