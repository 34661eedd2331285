import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { BoardStorage } from '../storage/BoardStorage';
import { adminKeyHash } from './adminKey';
import { hashToken } from './tokens';

/**
 * Signed-in admins hold a session cookie (HttpOnly, SameSite=Strict, path /api), never the
 * key itself: the library page sends the key once and forgets it, so the key is not in
 * any URL, history entry or browser storage. A session is bound to the admin key it was
 * opened with: replacing the key ends every session. Only the session id's hash is stored.
 */
export const ADMIN_COOKIE = 'retrace_admin';
export const ADMIN_SESSION_MS = 12 * 60 * 60_000;
const PREFIX = 'admin-session:';

interface StoredSession {
  readonly expiresAt: number;
  /** The admin key hash the session was opened under. */
  readonly key: string;
}

export async function openAdminSession(storage: BoardStorage, now: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const session: StoredSession = { expiresAt: now + ADMIN_SESSION_MS, key: (await adminKeyHash(storage)) ?? '' };
  await storage.setSetting(PREFIX + hashToken(id), JSON.stringify(session));
  return id;
}

export async function isAdminSession(storage: BoardStorage, id: string | null, now: number): Promise<boolean> {
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return false;
  const stored = await storage.getSetting(PREFIX + hashToken(id));
  if (!stored) return false;
  try {
    const session = JSON.parse(stored) as StoredSession;
    return session.expiresAt > now && session.key !== '' && session.key === (await adminKeyHash(storage));
  } catch {
    return false;
  }
}

export async function closeAdminSession(storage: BoardStorage, id: string | null): Promise<void> {
  if (id) await storage.setSetting(PREFIX + hashToken(id), JSON.stringify({ expiresAt: 0, key: '' }));
}

/** The admin session id from the request's cookies, or null. */
export function adminSessionOf(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ADMIN_COOKIE) return value.join('=') || null;
  }
  return null;
}

export function adminCookie(id: string, secure: boolean): string {
  return [
    `${ADMIN_COOKIE}=${id}`,
    'Path=/api',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.floor(ADMIN_SESSION_MS / 1000)}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedAdminCookie(): string {
  return `${ADMIN_COOKIE}=; Path=/api; HttpOnly; SameSite=Strict; Max-Age=0`;
}
