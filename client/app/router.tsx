import { createBrowserRouter, createHashRouter, Navigate, Outlet, type RouteObject } from 'react-router';
import { WidgetsPage } from '../features/widgets/WidgetsPage.tsx';
import { Skeleton } from '../ui/Card.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import { NotFound } from './NotFound.tsx';
import { Shell } from './Shell.tsx';

/**
 * Screens not on the first screen load when first opened, through the router's own `lazy`: the
 * router fetches the module before it navigates, so the current screen stays until the next one
 * can show (no Suspense fallback flashing in between).
 */
const screen = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

const routes: RouteObject[] = [
  {
    path: '/',
    element: <Shell />,
    hydrateFallbackElement: <Skeleton label="Loading" lines={6} />,
    children: [
      { index: true, element: <Navigate to="/widgets" replace /> },
      { path: 'widgets', element: <WidgetsPage /> },
      { path: 'tickets', lazy: screen(() => import('../features/tickets/TicketsPage.tsx')) },
      { path: 'tickets/:ticketId', lazy: screen(() => import('../features/tickets/TicketPage.tsx')) },
      {
        element: (
          <AdminOnly>
            <Outlet />
          </AdminOnly>
        ),
        children: [
          ...(import.meta.env.MODE === 'demo' ? [{ path: 'try-widget', lazy: screen(() => import('../features/try-widget/TryWidgetPage.tsx')) }] : []),
          { path: 'widgets/:widgetId/user-authentication', lazy: screen(() => import('../features/user-auth/UserAuthPage.tsx')) },
          { path: 'widgets/:widgetId/readiness', lazy: screen(() => import('../features/readiness/ReadinessPage.tsx')) },
          { path: 'activity', lazy: screen(() => import('../features/activity/ActivityPage.tsx')) },
          { path: 'settings/fields', lazy: screen(() => import('../features/fields/FieldsPage.tsx')) },
          { path: 'settings/api-keys', lazy: screen(() => import('../features/api-keys/ApiKeysPage.tsx')) },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];

/**
 * The console's own build uses real paths (the server answers every one with the console). The
 * demo is a static site that may live under any path of any host, so it keeps the route in the
 * hash: a reload or a shared link never asks the host for a page it does not have.
 */
export const router = import.meta.env.MODE === 'demo' ? createHashRouter(routes) : createBrowserRouter(routes);
