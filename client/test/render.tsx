import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Me } from '../../shared/schemas/auth.ts';
import { createSession, userWithRole } from '../../server/store/factories.ts';
import { SessionContext } from '../lib/session.tsx';
import { setCsrfToken } from '../lib/trpc.ts';
import { Toaster } from '../ui/Toaster.tsx';
import { startTestServer, type TestServer } from './app.ts';

/**
 * Renders a piece of the console as a signed-in admin (or agent) would see it, against the real
 * server code on a fresh seeded store, with a fresh query cache and a router at `path`. `given`
 * prepares data first (server/store/factories.ts); the returned server lets a test read what was
 * written, or change it behind the console's back.
 */
export async function renderSignedIn(
  ui: ReactNode,
  {
    role = 'admin',
    path = '/',
    route = '*',
    given,
  }: {
    role?: 'admin' | 'agent';
    path?: string | ((server: TestServer) => string | Promise<string>);
    route?: string;
    given?: (server: TestServer) => unknown;
  } = {},
) {
  const server = await startTestServer();
  await given?.(server);
  const user = await userWithRole(server.db, role);
  const session = await createSession(server.db, user.id);
  server.cookies.value = session.cookie;
  setCsrfToken(session.csrfToken);
  const me: Me = { user: { id: user.id, email: user.email, name: user.name, role }, apiKey: null, role, csrfToken: session.csrfToken };

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: route, element: ui },
      { path: '/elsewhere', element: <p>Elsewhere</p> },
    ],
    { initialEntries: [typeof path === 'function' ? await path(server) : path] },
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
  return { ...view, server, db: server.db, router, queryClient, user: userEvent.setup() };
}
