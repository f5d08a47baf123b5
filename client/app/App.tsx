import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { WidgetsPage } from '../features/widgets/WidgetsPage.tsx';
import { SignInPage } from '../features/sign-in/SignInPage.tsx';
import { errorCode, setCsrfToken, trpc } from '../lib/trpc.ts';
import { Alert } from '../ui/Alert.tsx';
import { Shell } from './Shell.tsx';

export function App() {
  const me = useQuery(trpc.auth.me.queryOptions());
  useEffect(() => {
    if (me.data) setCsrfToken(me.data.csrfToken);
  }, [me.data]);

  if (me.isPending) return <p className="visually-hidden" role="status">Loading…</p>;
  if (me.isError) {
    if (errorCode(me.error) === 'UNAUTHORIZED') return <SignInPage />;
    return (
      <main className="page-error">
        <Alert tone="error">The console could not reach the server: {me.error.message}</Alert>
      </main>
    );
  }
  return (
    <Shell me={me.data}>
      <WidgetsPage />
    </Shell>
  );
}
