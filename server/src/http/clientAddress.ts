import type { IncomingMessage } from 'node:http';

/**
 * The address a request comes from, for per-address limits. The socket's peer, unless that
 * peer is one of the operator's reverse proxies (RETRACE_TRUSTED_PROXIES): then the last
 * address in X-Forwarded-For that no trusted proxy added. Nothing a client writes in the
 * header is believed beyond what a trusted proxy vouches for.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.has(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? peer;
}

/** "::ffff:127.0.0.1" and "127.0.0.1" are one address. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/**
 * The origin a reader reached this server at ("https://retrace.example"), for links in
 * reports: RETRACE_PUBLIC_URL when the operator set it; otherwise the Host header, with
 * https when a trusted proxy says the reader used it. null when the host is not a plain
 * host name (nothing a client writes ends up as markup in a link).
 */
export function requestOrigin(
  req: IncomingMessage,
  config: { readonly publicUrl: string | null; readonly trustedProxies: ReadonlySet<string> },
): string | null {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = req.headers.host ?? '';
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return null;
  const viaProxy = config.trustedProxies.has(normalise(req.socket.remoteAddress ?? ''));
  const forwarded = req.headers['x-forwarded-proto'];
  const https = viaProxy ? forwarded === 'https' : 'encrypted' in req.socket && req.socket.encrypted === true;
  return `${https ? 'https' : 'http'}://${host}`;
}
