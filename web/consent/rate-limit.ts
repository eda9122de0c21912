/**
 * Token buckets in memory, one per key: `capacity` requests at once, refilled at `perSecond`. Per
 * instance (several instances multiply the allowance); enough to stop a flood from one client or
 * against one shop without touching any other shop.
 */
export function tokenBuckets(capacity: number, perSecond: number, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return {
    take(key: string): boolean {
      const t = now();
      if (t - lastSweep > 60_000) {
        // Forget buckets that have refilled: memory stays bounded by recent clients.
        for (const [k, b] of buckets) if (b.tokens + ((t - b.at) / 1000) * perSecond >= capacity) buckets.delete(k);
        lastSweep = t;
      }
      const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    get size() {
      return buckets.size;
    },
  };
}
