/** Where the demo's database lives: IndexedDB database "/pglite/webchat-auth-demo". */
export const DEMO_DATA_DIR = 'idb://webchat-auth-demo';

export async function demoDatabaseExists(): Promise<boolean> {
  const databases = await indexedDB.databases();
  return databases.some((d) => d.name === `/pglite/${DEMO_DATA_DIR.slice('idb://'.length)}`);
}

/** The build's migrated, empty database (scripts/build-store-snapshot.ts), or undefined without it. */
export async function fetchSnapshot(): Promise<Blob | undefined> {
  try {
    const response = await fetch(new URL('../../dist/store-snapshot.tar.gz', import.meta.url));
    return response.ok ? await response.blob() : undefined;
  } catch {
    // Without it the database is made from scratch: slower, the same in the end.
    return undefined;
  }
}
