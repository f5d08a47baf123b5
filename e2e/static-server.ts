import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

/**
 * A plain static file host for the demo build, serving it under a sub-path as a docs site or a
 * bucket would: no SPA fallback, no API. It counts requests that reach it for /api or /webchat,
 * which in demo mode must be none (the browser answers them).
 */
export async function serveStatic(dir: string, mount = '/demo/') {
  const files = sirv(dir, { dev: false, etag: true });
  const leaked: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.includes('/api/') || url.includes('/webchat/')) leaked.push(`${req.method} ${url}`);
    if (!url.startsWith(mount)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    req.url = url.slice(mount.length - 1);
    files(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${mount}`,
    /** Requests for the API or the widget route that reached the host (should stay empty). */
    leaked: () => [...leaked],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
