import { createBrowserRouter, Navigate, Outlet } from 'react-router';
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

export const router = createBrowserRouter([
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
          { path: 'widgets/:widgetId/user-authentication', lazy: screen(() => import('../features/user-auth/UserAuthPage.tsx')) },
          { path: 'settings/api-keys', lazy: screen(() => import('../features/api-keys/ApiKeysPage.tsx')) },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
