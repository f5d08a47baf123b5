import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { Alert } from '../ui/Alert.tsx';

/** Admin screens say plainly that they are for admins instead of showing an agent a wall of errors. */
export function AdminOnly({ children }: { children: ReactNode }) {
  if (useSession().role === 'admin') return children;
  return (
    <Alert tone="info">
      Only admins can change widget and account settings. <Link to="/widgets">Back to widgets</Link>
    </Alert>
  );
}
