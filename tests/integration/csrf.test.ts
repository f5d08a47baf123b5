import { describe, expect, it } from 'vitest';
import { rawCall, signIn, startTestServer, storeKinds } from '../support/server.ts';

describe.each(storeKinds)('cross-site request forgery, on %s', (kind) => {
  it('refuses cookie-authenticated mutations that are not same-site JSON with the CSRF token, and changes nothing', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const [widget] = await admin.client.widgets.list.query();
    const widgetId = widget?.id ?? '';
    const input = { widgetId, expectedVersion: 1 };
    const body = JSON.stringify(input);
    const form = new FormData();
    form.set('widgetId', widgetId);
    form.set('expectedVersion', '1');

    const attempts = {
      'no token': rawCall(server.url, 'userAuth.enforce', { input, headers: { cookie: admin.cookie } }),
      'wrong token': rawCall(server.url, 'userAuth.enforce', { input, headers: { cookie: admin.cookie, 'x-csrf-token': 'x'.repeat(43) } }),
      'another session’s token': signIn(server.url).then((other) =>
        rawCall(server.url, 'userAuth.enforce', { input, headers: { cookie: admin.cookie, 'x-csrf-token': other.csrfToken } }),
      ),
      multipart: rawCall(server.url, 'userAuth.enforce', { body: form, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } }),
      'text/plain': rawCall(server.url, 'userAuth.enforce', {
        body,
        headers: { cookie: admin.cookie, 'content-type': 'text/plain', 'x-csrf-token': admin.csrfToken },
      }),
      'cross-site Origin': rawCall(server.url, 'userAuth.enforce', {
        input,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, origin: 'https://evil.example' },
      }),
      'multipart with no input (a no-input mutation)': rawCall(server.url, 'auth.logout', {
        body: new FormData(),
        headers: { cookie: admin.cookie },
      }),
    };
    const statuses: Record<string, number> = {};
    for (const [name, attempt] of Object.entries(attempts)) statuses[name] = (await attempt).status;
    expect(statuses).toEqual({
      'no token': 403,
      'wrong token': 403,
      'another session’s token': 403,
      multipart: 415,
      'text/plain': 415,
      'cross-site Origin': 403,
      'multipart with no input (a no-input mutation)': 415,
    });

    const after = await admin.client.userAuth.get.query({ widgetId });
    expect(after).toMatchObject({ enforcement: 'not_enforced', version: 1 });
    const events = await admin.client.audit.list.query({ widgetId });
    expect(events.items).toEqual([]);
    expect((await admin.client.auth.me.query()).user).not.toBeNull();
  });

  it('accepts the same mutation from the same origin with the token', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const [widget] = await admin.client.widgets.list.query();
    const res = await rawCall(server.url, 'userAuth.enforce', {
      input: { widgetId: widget?.id, expectedVersion: 1 },
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, origin: server.url },
    });
    expect(res.status).toBe(200);
  });

  it('needs no CSRF token from an API key, which browsers never send on their own', async () => {
    await using server = await startTestServer(kind);
    const admin = await signIn(server.url);
    const { key } = await admin.client.apiKeys.create.mutate({ name: 'ci' });
    const [widget] = await admin.client.widgets.list.query();
    const res = await rawCall(server.url, 'userAuth.enforce', {
      input: { widgetId: widget?.id, expectedVersion: 1 },
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
  });
});
