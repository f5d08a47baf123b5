import type { APIRequestContext } from '@playwright/test';
import { startSampleApp, type SampleApp } from '../sample-app/app.ts';
import { ADMIN, test } from './fixtures.ts';

/** The admin API, as a script would use it: sign in, then call procedures with the CSRF token. */
export interface Api {
  call<T>(procedure: string, input?: unknown): Promise<T>;
}

const QUERIES = new Set(['widgets.list', 'signingKeys.list', 'tickets.list', 'tickets.get', 'userAuth.get']);

export async function adminApi(request: APIRequestContext, baseURL: string): Promise<Api> {
  const login = await request.post(`${baseURL}/api/trpc/auth.login`, { data: { email: ADMIN.email, password: ADMIN.password } });
  const { csrfToken } = ((await login.json()) as { result: { data: { csrfToken: string } } }).result.data;
  return {
    async call<T>(procedure: string, input?: unknown) {
      const res = QUERIES.has(procedure)
        ? await request.get(`${baseURL}/api/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
        : await request.post(`${baseURL}/api/trpc/${procedure}`, { data: input ?? null, headers: { 'x-csrf-token': csrfToken } });
      const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
      if (!body.result) throw new Error(`${procedure}: ${body.error?.message}`);
      return body.result.data;
    },
  };
}

export type CustomerApp = SampleApp & { widgetId: string };

/** The customer's app on the seed's "Website chat", signing tokens with the key as the console shows it. */
export async function startCustomerApp(api: Api, baseURL: string, tokenTtlSeconds?: number): Promise<CustomerApp> {
  const widget = (await api.call<{ id: string; token: string; name: string }[]>('widgets.list')).find((w) => w.name === 'Website chat');
  if (!widget) throw new Error('the seed has no "Website chat" widget');
  const [key] = await api.call<{ kid: string }[]>('signingKeys.list');
  const { secret } = await api.call<{ secret: string }>('signingKeys.reveal', { kid: key?.kid });
  const app = await startSampleApp({ port: 0, webchatUrl: baseURL, widgetId: widget.id, widgetToken: widget.token, secret, tokenTtlSeconds });
  return Object.assign(app, { widgetId: widget.id });
}

/** Specs on the customer's side: `api` signed in as the admin, `customerApp()` started and closed with the test. */
export const customerTest = test.extend<{ api: Api; customerApp: (tokenTtlSeconds?: number) => Promise<CustomerApp> }>({
  api: async ({ request, baseURL }, use) => {
    await use(await adminApi(request, baseURL ?? ''));
  },
  customerApp: async ({ api, baseURL }, use) => {
    const apps: CustomerApp[] = [];
    await use(async (tokenTtlSeconds) => {
      const app = await startCustomerApp(api, baseURL ?? '', tokenTtlSeconds);
      apps.push(app);
      return app;
    });
    for (const app of apps) await app.close();
  },
});
