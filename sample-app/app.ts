import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/**
 * A small customer application: a sign-in page with demo users and a signed-in page that embeds
 * the chat widget with a JWT minted here, server-side, on each page load and again whenever the
 * widget asks (`GET /chat-token`, for the signed-in user only). Signing out ends the chat first
 * (`fdWidget.logout()`). The signing secret stays in this process: it is never sent to the browser
 * and never logged.
 */
export interface SampleAppOptions {
  /** 0 picks a free port. */
  port: number;
  /** The help desk's origin, e.g. http://localhost:3000 (the embed snippet's `host`). */
  webchatUrl: string;
  widgetId: string;
  widgetToken: string;
  /** The signing key exactly as the console shows it (Signing key › Reveal / Copy). */
  secret: string;
  /** How long each chat token lives; default 600 (10 minutes). A short one shows renewal. */
  tokenTtlSeconds?: number;
}

const DEFAULT_TOKEN_TTL_SECONDS = 600;

export interface SampleApp {
  url: string;
  close(): Promise<void>;
}

type Identity = { email: string } | { unique_external_id: string };

interface DemoUser {
  key: string;
  name: string;
  /** How the user is identified to the help desk, as shown on the sign-in page. */
  describe: string;
  identity: Identity;
  contactProperties: Record<string, string | number>;
  ticketProperties: Record<string, string | number>;
}

/** Field names are the help desk's catalog (shared/seed.ts). */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: 'ada',
    name: 'Ada Lovelace',
    describe: 'ada@example.com (signs in by email)',
    identity: { email: 'ada@example.com' },
    contactProperties: { name: 'Ada Lovelace', cf_customer_tier: 'Gold', language: 'en' },
    ticketProperties: { cf_plan: 'Growth', cf_order_number: 'ORD-1815' },
  },
  {
    key: 'grace',
    name: 'Grace Hopper',
    describe: 'customer id cust-1906 (signs in by unique_external_id)',
    identity: { unique_external_id: 'cust-1906' },
    contactProperties: { name: 'Grace Hopper', cf_customer_tier: 'Platinum', language: 'en' },
    ticketProperties: { cf_plan: 'Enterprise', priority: 3 },
  },
  {
    key: 'linus',
    name: 'Linus',
    describe: 'linus@example.com, Plan: Pro',
    identity: { email: 'linus@example.com' },
    contactProperties: { name: 'Linus', cf_customer_tier: 'Standard', language: 'fi' },
    ticketProperties: { cf_plan: 'Pro', priority: 2, cf_order_number: 'ORD-1991' },
  },
];

const COOKIE = 'sample_user';

export function startSampleApp(options: SampleAppOptions): Promise<SampleApp> {
  const webchatUrl = options.webchatUrl.replace(/\/+$/, '');
  const ttl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) throw new TypeError(`tokenTtlSeconds must be a whole number of seconds, at least 1 (got ${ttl})`);
  const server = createServer((req, res) => {
    try {
      route(req, res, { ...options, webchatUrl, tokenTtlSeconds: ttl });
    } catch {
      // Deliberately no details: nothing here may print the secret or a token.
      if (!res.headersSent) page(res, 500, 'Error', '<h1>Something went wrong</h1><p><a href="/">Back to sign-in</a></p>');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://localhost:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

function route(req: IncomingMessage, res: ServerResponse, options: Required<SampleAppOptions>) {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const isGet = method === 'GET' || method === 'HEAD';

  if (pathname === '/' && isGet) {
    const user = currentUser(req);
    if (user) return redirect(res, '/app');
    return page(res, 200, 'Sign in — Sample app', signInPage());
  }
  if (pathname === '/signin' && method === 'POST') {
    if (!sameOrigin(req)) return page(res, 403, 'Forbidden', '<h1>Forbidden</h1>');
    return readForm(req, res, (form) => {
      const user = DEMO_USERS.find((u) => u.key === form.get('user'));
      if (!user) return page(res, 400, 'Unknown user', '<h1>Unknown demo user</h1><p><a href="/">Back to sign-in</a></p>');
      res.setHeader('set-cookie', `${COOKIE}=${user.key}; Path=/; HttpOnly; SameSite=Lax`);
      redirect(res, '/app');
    });
  }
  if (pathname === '/signout' && method === 'POST') {
    if (!sameOrigin(req)) return page(res, 403, 'Forbidden', '<h1>Forbidden</h1>');
    req.resume();
    res.setHeader('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    return redirect(res, '/');
  }
  if (pathname === '/app' && isGet) {
    const user = currentUser(req);
    if (!user) return redirect(res, '/');
    return page(res, 200, `${user.name} — Sample app`, appPage(options, user));
  }
  if (pathname === '/chat-token' && isGet) {
    // The widget's onAuthTokenExpiring calls this from our own page; no other site may read it.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return json(res, 403, { error: 'same-origin requests only' });
    const user = currentUser(req);
    if (!user) return json(res, 401, { error: 'signed out' });
    return json(res, 200, { token: chatToken(options, user) });
  }
  if (pathname === '/anonymous' && isGet) {
    return page(res, 200, 'Sample app', appPage(options, null));
  }
  return page(res, 404, 'Not found', '<h1>Not found</h1><p><a href="/">Back to sign-in</a></p>');
}

function identityLabel(identity: Identity) {
  return 'email' in identity ? `email ${identity.email}` : `unique_external_id ${identity.unique_external_id}`;
}

function claimsFor(user: DemoUser) {
  return { ...user.identity, contactProperties: user.contactProperties, ticketProperties: user.ticketProperties };
}

function signInPage() {
  const items = DEMO_USERS.map(
    (u) => `<li>
        <form method="post" action="/signin">
          <input type="hidden" name="user" value="${esc(u.key)}">
          <span><strong>${esc(u.name)}</strong> — ${esc(u.describe)}</span>
          <button type="submit">Sign in as ${esc(u.name)}</button>
        </form>
      </li>`,
  ).join('\n      ');
  return `<h1>Sample app</h1>
    <p>A customer application that signs a chat token for its signed-in user on the server and passes it to the help desk's chat widget. Pick a demo user; no password is needed.</p>
    <ul class="users">
      ${items}
    </ul>
    <p><a href="/anonymous">Continue without signing in</a></p>`;
}

/** A chat token for the signed-in user, signed here with the help desk's key. */
function chatToken(options: Required<SampleAppOptions>, user: DemoUser) {
  return jwt.sign(claimsFor(user), options.secret, { algorithm: 'HS256', expiresIn: options.tokenTtlSeconds });
}

function lifetime(seconds: number) {
  if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

function appPage(options: Required<SampleAppOptions>, user: DemoUser | null) {
  const jwtAuthToken = user ? chatToken(options, user) : null;
  const embed = embedSnippet(options, jwtAuthToken);
  const who = user
    ? `<p>Signed in as <strong>${esc(user.name)}</strong> · identified to the help desk by ${esc(identityLabel(user.identity))}</p>
    <form method="post" action="/signout" id="signout"><button type="submit">Sign out</button></form>
    <script>
      // Sign-out ends the chat first, in every tab, so the next person on this browser sees none of it.
      document.getElementById('signout').addEventListener('submit', async (event) => {
        event.preventDefault();
        try {
          await window.fdWidget.logout();
        } finally {
          event.target.submit();
        }
      });
    </script>
    <h2>What the chat knows about you</h2>
    <p>This page was served with a chat token minted on the server a moment ago (HS256, valid ${esc(lifetime(options.tokenTtlSeconds))}); the widget asks <code>/chat-token</code> for a fresh one before it expires. Its claims:</p>
    <pre>${esc(JSON.stringify(claimsFor(user), null, 2))}</pre>`
    : `<p>You are not signed in, so the widget starts without a token: the chat is unauthenticated, or refused when the widget enforces authentication.</p>
    <p><a href="/">Sign in as a demo user</a></p>`;
  return `<h1>Sample app</h1>
    ${who}
    <p>Open the chat with the <strong>Chat</strong> button at the bottom right.</p>
    ${embed}`;
}

/** The help desk's embed snippet (Install card), filled in; values as JSON strings, safe inside a script. */
function embedSnippet(options: Required<SampleAppOptions>, jwtAuthToken: string | null) {
  const tokenLines = jwtAuthToken
    ? `
    // Minted by this server for the signed-in user on each page load; never build it in the browser.
    jwtAuthToken: ${js(jwtAuthToken)},
    // Before it expires: a fresh one from this site's own server, for whoever is signed in now.
    onAuthTokenExpiring: () => fetch('/chat-token').then((r) => r.json()).then((j) => j.token)`
    : '';
  return `<script src="${esc(options.webchatUrl)}/webchat/js/widget.js"></script>
<script>
  window.fdWidget.init({
    host: ${js(options.webchatUrl)},
    token: ${js(options.widgetToken)},
    widgetId: ${js(options.widgetId)}${tokenLines ? `,${tokenLines}` : ''}
  });
</script>`;
}

const STYLE = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;max-width:720px;margin:0 auto;padding:32px 20px 120px}
h1{margin-top:0}ul.users{list-style:none;padding:0}ul.users li{margin:0 0 12px}
ul.users form{display:flex;flex-direction:column;gap:8px;align-items:flex-start;padding:12px 16px;border:1px solid #d0d7de;border-radius:8px}
button{font:inherit;padding:6px 14px;border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}pre{background:#f6f8fa;padding:12px;border-radius:8px;overflow:auto}`;

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'same-origin');
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
  <style>${STYLE}</style>
</head>
<body>
  <main>
    ${body}
  </main>
</body>
</html>
`);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string) {
  res.statusCode = 303;
  res.setHeader('location', location);
  res.setHeader('cache-control', 'no-store');
  res.end();
}

function currentUser(req: IncomingMessage): DemoUser | null {
  const cookies = (req.headers.cookie ?? '').split(';').map((part) => part.trim());
  const value = cookies.find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
  return DEMO_USERS.find((u) => u.key === value) ?? null;
}

/** Forms post only from this app's own pages (a browser sends Origin on POST). */
function sameOrigin(req: IncomingMessage) {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function readForm(req: IncomingMessage, res: ServerResponse, done: (form: URLSearchParams) => void) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
    if (body.length > 4096) req.destroy();
  });
  req.on('end', () => {
    try {
      done(new URLSearchParams(body));
    } catch {
      if (!res.headersSent) page(res, 500, 'Error', '<h1>Something went wrong</h1>');
    }
  });
}

function esc(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A JavaScript string literal that cannot close the surrounding script element. */
function js(text: string) {
  return JSON.stringify(text).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
