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
  const worker = setupWorker(...trpcHandlers(store.db), ...webchatHandlers(store.db));
  // Read what another tab wrote before each call, write what this one changed after it.
  worker.events.on('request:start', ({ request }) => {
    if (isApi(request.url)) store.refresh();
  });
  worker.events.on('response:mocked', ({ request }) => {
    if (isApi(request.url)) store.persist();
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
