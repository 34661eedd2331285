import type { RequestHandler } from 'express';
import { TokenBucket } from '../sync/TokenBucket';
import { clientAddress } from './clientAddress';

/** Per-address request budget for the REST API; 429 with Retry-After beyond it. */
export function rateLimit(
  requestsPerMinute: number,
  trustedProxies: ReadonlySet<string> = new Set(),
  maxTracked = 10_000,
): RequestHandler {
  const buckets = new Map<string, TokenBucket>();
  return (req, res, next) => {
    const address = clientAddress(req, trustedProxies);
    let bucket = buckets.get(address);
    if (!bucket) {
      if (buckets.size >= maxTracked) buckets.delete(buckets.keys().next().value!);
      bucket = new TokenBucket(requestsPerMinute / 60, requestsPerMinute);
      buckets.set(address, bucket);
    }
    if (bucket.take()) return next();
    res.setHeader('Retry-After', String(Math.ceil(60 / requestsPerMinute)));
    res.status(429).json({ error: 'too many requests; slow down' });
  };
}
