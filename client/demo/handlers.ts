import { http, passthrough } from 'msw';
import type { FetchApp } from '../../server/fetch-app.ts';

/**
 * msw hands every API and widget request to the server's own code running in this page: the
 * tRPC router through its fetch adapter, and the plain chat-start route. The same two handlers
 * serve demo mode (in the browser) and the console's component tests (in happy-dom).
 */
export function apiHandlers(app: FetchApp | Promise<FetchApp>) {
  const answer = async ({ request }: { request: Request }) => (await (await app).handle(request)) ?? passthrough();
  return [http.all('*/api/trpc/*', answer), http.all('*/webchat/v1/sessions', answer), http.all('*/webchat/v1/sessions/*', answer)];
}
