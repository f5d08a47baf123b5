import { RouterProvider } from 'react-router';
import { router } from './router.tsx';

/** The signed-in console: one router, created once, for every screen behind the session gate. */
export default function Console() {
  return <RouterProvider router={router} />;
}
