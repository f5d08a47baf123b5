import { useEffect, useState } from 'react';

/**
 * A screen's module, loaded on demand and kept once loaded. Unlike React.lazy it does not go
 * through a Suspense fallback (React holds a revealed fallback for at least 300 ms), and it can be
 * started early, e.g. while the sign-in request is on its way.
 */
export interface Preloadable<T> {
  preload(): Promise<T>;
  loaded(): T | undefined;
}

export function preloadable<T>(load: () => Promise<{ default: T }>): Preloadable<T> {
  let value: T | undefined;
  let pending: Promise<T> | undefined;
  return {
    preload() {
      pending ??= load().then(
        (module) => (value = module.default),
        (error: unknown) => {
          pending = undefined; // a later attempt may succeed (a deploy replaced the files, a network blip)
          throw error;
        },
      );
      return pending;
    },
    loaded: () => value,
  };
}

/** The module once loaded (loading it if needed), or the error that stopped it. */
export function useLoaded<T>(module: Preloadable<T>): { value: T | undefined; error: Error | null } {
  const [, setLoaded] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const value = module.loaded();
  useEffect(() => {
    if (value !== undefined) return;
    let live = true;
    module.preload().then(
      () => live && setLoaded((n) => n + 1),
      (e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [module, value]);
  return { value, error };
}

/**
 * The module if it is loaded, and a `load` to call on the user's first sign of wanting it
 * (hover, focus, click). Until then nothing is fetched.
 */
export function useOnDemand<T>(module: Preloadable<T>): { value: T | undefined; load: () => void } {
  const [, setLoaded] = useState(0);
  const value = module.loaded();
  const load = () => {
    if (value !== undefined) return;
    module.preload().then(
      () => setLoaded((n) => n + 1),
      () => undefined, // a failed fetch is tried again on the next sign
    );
  };
  return { value, load };
}
