import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Me } from '../../shared/schemas/auth.ts';
import { createMockDb, type MockDb } from '../mocks/db.ts';
import { trpcHandlers } from '../mocks/trpc-handlers.ts';
import { SessionContext } from '../lib/session.tsx';
import { setCsrfToken } from '../lib/trpc.ts';
import { Toaster } from '../ui/Toaster.tsx';
import { mockServer } from './setup.ts';

/**
 * Renders a piece of the console as a signed-in admin (or agent) would see it, with a fresh store
 * behind msw, a fresh query cache and a router at `path`. Returns the store so a test can check
 * what was written, or change it behind the console's back.
 */
export function renderSignedIn(
  ui: ReactNode,
  {
    role = 'admin',
    path = '/',
    route = '*',
    given,
  }: { role?: 'admin' | 'agent'; path?: string | ((db: MockDb) => string); route?: string; given?: (db: MockDb) => void } = {},
) {
  const db = createMockDb();
  given?.(db);
  mockServer.use(...trpcHandlers(db));
  const user = db.users.find((u) => u.role === role);
  if (!user) throw new Error(`the seed has no ${role}`);
  db.session = { userId: user.id, csrfToken: 'test-csrf-token' };
  setCsrfToken(db.session.csrfToken);
  const me: Me = { user: { id: user.id, email: user.email, name: user.name, role }, apiKey: null, role, csrfToken: db.session.csrfToken };

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: route, element: ui },
      { path: '/elsewhere', element: <p>Elsewhere</p> },
    ],
    { initialEntries: [typeof path === 'function' ? path(db) : path] },
  );
  const view = render(
    <QueryClientProvider client={queryClient}>
      <SessionContext.Provider value={me}>
        <Toaster>
          <RouterProvider router={router} />
        </Toaster>
      </SessionContext.Provider>
    </QueryClientProvider>,
  );
  return { ...view, db, router, queryClient, user: userEvent.setup() };
}

export function widgetNamed(db: MockDb, name: string) {
  const widget = db.widgets.find((w) => w.name === name);
  if (!widget) throw new Error(`the seed has no widget ${name}`);
  return widget;
}
