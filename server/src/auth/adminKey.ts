import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logger';
import type { BoardStorage } from '../storage/BoardStorage';
import { generateToken, hashToken } from './tokens';

/**
 * The workspace admin key unlocks the library and insights. RETRACE_ADMIN_KEY sets it;
 * otherwise one is generated on first start and shown once in the log. Only its hash is
 * stored (in the data directory's database), so it cannot be shown again.
 */
const SETTING = 'admin-key-sha256';

export async function ensureAdminKey(storage: BoardStorage, configured: string | null, log: Logger): Promise<void> {
  if (configured) {
    await storage.setSetting(SETTING, hashToken(configured));
    return;
  }
  if (await storage.getSetting(SETTING)) return;
  const key = generateToken();
  await storage.setSetting(SETTING, hashToken(key));
  log.warn(`Workspace admin key (shown only now; it unlocks the board library and insights): ${key}`);
}

/** The stored hash of the current admin key (sessions are bound to it). */
export function adminKeyHash(storage: BoardStorage): Promise<string | null> {
  return storage.getSetting(SETTING);
}

/** Replaces the admin key with a new random one, returned once; the old key and every session stop working. */
export async function rotateAdminKey(storage: BoardStorage): Promise<string> {
  const key = generateToken();
  await storage.setSetting(SETTING, hashToken(key));
  return key;
}

/** Whether `candidate` is the admin key (constant-time comparison of hashes). */
export async function isAdminKey(storage: BoardStorage, candidate: string | null): Promise<boolean> {
  if (!candidate) return false;
  const stored = await adminKeyHash(storage);
  if (!stored) return false;
  const a = Buffer.from(stored, 'hex');
  const b = Buffer.from(hashToken(candidate), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
