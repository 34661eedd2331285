const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface WebCrypto {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** Web Crypto exists in browsers and Node 20 alike; `shared` declares only what it uses. */
function webCrypto(): WebCrypto {
  return (globalThis as unknown as { crypto: WebCrypto }).crypto;
}

/** A random id of `length` base62 characters (default 16, about 95 bits). */
export function newId(length = 16): string {
  const bytes = new Uint8Array(length);
  webCrypto().getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % 62];
  return id;
}

export const ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
