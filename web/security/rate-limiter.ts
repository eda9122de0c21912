import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";

/** A window: `points` allowed per `duration` seconds. */
export interface RateWindow {
  points: number;
  duration: number;
}

/**
 * A rate limiter (rate-limiter-flexible): shared through Redis by every instance when there is one, with an
 * in-memory limiter as its insurance (an unreachable Redis never refuses anyone; the limit is then per
 * instance until it is back); per instance without Redis.
 */
export function rateLimiter(name: string, window: RateWindow, redis?: Redis): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, ...window });
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `consent:${name}`, ...window, insuranceLimiter: memory }) : memory;
}

/** Whether one more may pass for `key` (takes one point); false when the window is used up. */
export async function takePoint(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return false;
    throw refusal;
  }
}
