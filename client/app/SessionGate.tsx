import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { preloadable, useLoaded } from '../lib/preloadable.ts';
import { SessionContext } from '../lib/session.tsx';
import { errorCode, setCsrfToken, trpc } from '../lib/trpc.ts';
import { Alert } from '../ui/Alert.tsx';

// Each side loads only what it shows: the sign-in form (react-hook-form, zod) or the signed-in
// console (router, shell, screens). The console starts loading when Sign in is pressed, beside the
// sign-in request. The router reads the address when it loads: deep links survive sign-in.
const signInModule = preloadable(() => import('../features/sign-in/SignInPage.tsx'));
const consoleModule = preloadable(() => import('./Console.tsx'));
const preloadConsole = () => void consoleModule.preload().catch(() => undefined);

/** Sign-in when there is no session, the console otherwise. */
export function SessionGate() {
  const me = useQuery(trpc.auth.me.queryOptions());
  useEffect(() => {
    if (me.data) setCsrfToken(me.data.csrfToken);
  }, [me.data]);

  if (me.isPending) return <Loading />;
  if (me.isError) {
    if (errorCode(me.error) === 'UNAUTHORIZED') return <SignIn />;
    return <LoadError message={`The console could not reach the server: ${me.error.message}`} />;
  }
  return (
    <SessionContext.Provider value={me.data}>
      <SignedIn />
    </SessionContext.Provider>
  );
}

function SignIn() {
  const { value: SignInPage, error } = useLoaded(signInModule);
  if (error) return <LoadError message={`The sign-in screen could not be loaded: ${error.message}. Reload the page to try again.`} />;
  return SignInPage ? <SignInPage onSigningIn={preloadConsole} /> : <Loading />;
}

function SignedIn() {
  const { value: Console, error } = useLoaded(consoleModule);
  if (error) return <LoadError message={`The console could not be loaded: ${error.message}. Reload the page to try again.`} />;
  return Console ? <Console /> : <Loading />;
}

function Loading() {
  return (
    <p className="visually-hidden" role="status">
      Loading the console…
    </p>
  );
}

function LoadError({ message }: { message: string }) {
  return (
    <main className="page-error">
      <Alert tone="error">{message}</Alert>
    </main>
  );
}
