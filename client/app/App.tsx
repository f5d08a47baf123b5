import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet } from 'react-router';
import { SignInPage } from '../features/sign-in/SignInPage.tsx';
import { errorCode, setCsrfToken, trpc } from '../lib/trpc.ts';
import { Alert } from '../ui/Alert.tsx';
import { SessionContext } from '../lib/session.tsx';
import { Shell } from './Shell.tsx';

/** The session gate: sign-in when there is no session, the console otherwise; deep links survive. */
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
    <SessionContext.Provider value={me.data}>
      <Shell me={me.data}>
        <Outlet />
      </Shell>
    </SessionContext.Provider>
  );
}
