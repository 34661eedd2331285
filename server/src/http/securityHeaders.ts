import { REPORT_STYLE } from '@retrace/shared';
import type { RequestHandler } from 'express';
import { createHash } from 'node:crypto';

/** The printable report's stylesheet, allowed by hash so the board can print it in place. */
const REPORT_STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_STYLE, 'utf8').digest('base64')}'`;

/**
 * Headers for every response. The content security policy allows only this origin's
 * scripts, styles and sockets: a card that smuggles markup cannot load or run anything.
 * The only inline style allowed is the report's own, by its hash.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${REPORT_STYLE_HASH}`,
  "img-src 'self' data:",
  // 'self' covers WebSockets to this origin (ws: and wss:) in CSP level 3 browsers.
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  next();
};
