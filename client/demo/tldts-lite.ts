/**
 * The demo's stand-in for `tldts`, which msw pulls in (through tough-cookie) to find a cookie's
 * registrable domain with the whole public suffix list: over 100 KB gzip on the demo's first
 * screen. The demo's mocked answers set no cookies, so an approximation does: the last two labels
 * of a name, or the host itself for an IP address or a single label. Aliased in vite.config.ts for
 * the demo build only.
 */
export function getDomain(hostname: string): string | null {
  if (!hostname) return null;
  if (/^[\d.]+$/.test(hostname) || hostname.includes(':')) return hostname;
  const labels = hostname.split('.').filter(Boolean);
  return labels.length <= 2 ? labels.join('.') : labels.slice(-2).join('.');
}
