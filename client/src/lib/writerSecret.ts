const KEY = 'retrace.writer-secret';

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * This browser's secret for its silent-round drafts: only its holder can list, change or
 * delete them. Kept locally and never put in awareness (unlike the participant id).
 */
export function writerSecret(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string {
  const existing = storage.getItem(KEY);
  if (existing && /^[A-Za-z0-9_-]{22,128}$/.test(existing)) return existing;
  const secret = randomSecret();
  storage.setItem(KEY, secret);
  return secret;
}
