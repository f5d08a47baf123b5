import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { SessionContext } from '../lib/session.tsx';
import { errorCode, setCsrfToken, trpc } from '../lib/trpc.ts';
import { Alert } from '../ui/Alert.tsx';

// Each side loads only what it shows: the sign-in form (react-hook-form, zod) or the signed-in
// console (router, shell, screens). The router reads the address when it loads: deep links survive.
const SignInPage = lazy(() => import('../features/sign-in/SignInPage.tsx'));
const Console = lazy(() => import('./Console.tsx'));

/** Sign-in when there is no session, the console otherwise. */
export function SessionGate() {
  const me = useQuery(trpc.auth.me.queryOptions());
  useEffect(() => {
    if (me.data) setCsrfToken(me.data.csrfToken);
  }, [me.data]);

  if (me.isPending) return <Loading />;
  if (me.isError) {
    if (errorCode(me.error) === 'UNAUTHORIZED') {
      return (
        <Suspense fallback={<Loading />}>
          <SignInPage />
        </Suspense>
      );
    }
    return (
      <main className="page-error">
        <Alert tone="error">The console could not reach the server: {me.error.message}</Alert>
      </main>
    );
  }
  return (
    <SessionContext.Provider value={me.data}>
      <Suspense fallback={<Loading />}>
        <Console />
      </Suspense>
    </SessionContext.Provider>
  );
}

function Loading() {
  return (
    <p className="visually-hidden" role="status">
      Loading the console…
    </p>
  );
}
