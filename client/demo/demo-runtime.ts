import { setupWorker } from 'msw/browser';
import type { DemoInfo } from '../lib/demo-context.ts';
import { webchatHandlers } from '../mocks/chat.ts';
import { MOCK_USERS } from '../mocks/db.ts';
import { trpcHandlers } from '../mocks/trpc-handlers.ts';
import { createDemoStore } from './store.ts';

/**
 * Demo mode: every call the console makes to /api/trpc and /webchat is answered in this browser
 * by the same handlers the component tests use, over the demo's stored data. Loaded only by the
 * demo build (app/main.tsx), never by the console served with the API.
 */
export async function startDemo(): Promise<DemoInfo> {
  const store = createDemoStore();
  // A change is stored before its answer goes out, so a refetch right after it reads it back.
  const options = { onChange: store.persist };
  const worker = setupWorker(...trpcHandlers(store.db, options), ...webchatHandlers(store.db, options));

  // Another tab wrote: take its data, once no call of this tab is half way through its handler.
  // This tab's next save then names the version it has, so a stale edit is a CONFLICT.
  let inFlight = 0;
  let behind = false;
  const catchUp = () => {
    if (behind && inFlight === 0) {
      behind = false;
      store.refresh();
    }
  };
  worker.events.on('request:start', ({ request }) => {
    if (isApi(request.url)) inFlight += 1;
  });
  worker.events.on('request:end', ({ request }) => {
    if (isApi(request.url)) inFlight = Math.max(0, inFlight - 1);
    catchUp();
  });
  window.addEventListener('storage', (event) => {
    if (event.key === store.key) {
      behind = true;
      catchUp();
    }
  });

  await worker.start({
    // The worker sits next to index.html, so the demo works under any path of any static host.
    serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return {
    admin: MOCK_USERS.admin,
    agent: MOCK_USERS.agent,
    reset() {
      store.reset();
      window.location.hash = '#/';
      window.location.reload();
    },
  };
}

function isApi(url: string): boolean {
  const { pathname } = new URL(url);
  return pathname.includes('/api/trpc/') || pathname.includes('/webchat/');
}
