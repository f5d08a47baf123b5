import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { WidgetsPage } from '../features/widgets/WidgetsPage.tsx';
import { Skeleton } from '../ui/Card.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import { NotFound } from './NotFound.tsx';
import { Shell } from './Shell.tsx';

// Not on the first screen: loaded when first opened.
const UserAuthPage = lazy(() => import('../features/user-auth/UserAuthPage.tsx'));
const ApiKeysPage = lazy(() => import('../features/api-keys/ApiKeysPage.tsx'));

/** An admin screen, loaded on first visit. */
const adminScreen = (element: React.ReactNode) => (
  <AdminOnly>
    <Suspense fallback={<Skeleton label="Loading" lines={6} />}>{element}</Suspense>
  </AdminOnly>
);

export const router = createBrowserRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/widgets" replace /> },
      { path: 'widgets', element: <WidgetsPage /> },
      { path: 'widgets/:widgetId/user-authentication', element: adminScreen(<UserAuthPage />) },
      { path: 'settings/api-keys', element: adminScreen(<ApiKeysPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
