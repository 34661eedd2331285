import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Capability tokens: 256 random bits, base64url. Only their sha256 is stored. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A short, non-secret handle for attributing updates to a link ("editor:1a2b3c4d"). */
export function tokenId(tokenHash: string): string {
  return tokenHash.slice(0, 8);
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export function isPlausibleToken(token: string | null | undefined): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token);
}

/** `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}
