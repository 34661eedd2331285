import { generateJitteredKeyBetween, generateNJitteredKeysBetween } from 'fractional-indexing-jittered';

/**
 * Fractional-index order keys. Keys are jittered so two people inserting at the same spot
 * at the same moment almost never produce the same key; ties are still broken by id.
 * Keys compare as plain strings (never `localeCompare`: it is locale dependent).
 */

export function keyBetween(before: string | null, after: string | null): string {
  return generateJitteredKeyBetween(before, after);
}

export function keysBetween(before: string | null, after: string | null, count: number): string[] {
  return generateNJitteredKeysBetween(before, after, count);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareByOrderKey(
  a: { readonly orderKey: string; readonly id: string },
  b: { readonly orderKey: string; readonly id: string },
): number {
  return compareStrings(a.orderKey, b.orderKey) || compareStrings(a.id, b.id);
}

/** A syntactically valid key: generating a key after it must succeed. */
export function isValidOrderKey(key: string): boolean {
  if (key.length === 0 || key.length > 128) return false;
  try {
    generateJitteredKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}
