import { rateLimiter, takePoint } from "../security/rate-limiter.js";
import type { Redis } from "ioredis";

/** "burst,perSecond" from the environment: up to `capacity` at once, `perSecond` on average. */
export interface RateLimit {
  capacity: number;
  perSecond: number;
}

export interface ReceiptLimits {
  perClient: RateLimit;
  perShop: RateLimit;
}

export interface ReceiptRateLimiter {
  /** Whether one more receipt may be stored for this shop from this client network. */
  allow(shop: string, client: string): Promise<boolean>;
}

/** A limit as rate-limiter-flexible's window: `capacity` points per capacity/perSecond seconds. */
const windowOf = (limit: RateLimit) => ({ points: limit.capacity, duration: Math.max(1, Math.round(limit.capacity / limit.perSecond)) });

/**
 * Consent receipt limits, per client network and per shop (rate-limiter-flexible). With Redis they are
 * shared by every app instance; an in-memory limiter is the insurance, so an unreachable Redis never
 * refuses receipts (the limits are then per instance until it is back). Without Redis: per instance.
 * The client's allowance is checked first, so a flooding client cannot use up its shop's.
 */
export function receiptRateLimiter(limits: ReceiptLimits, redis?: Redis): ReceiptRateLimiter {
  const clients = rateLimiter("receipts:client", windowOf(limits.perClient), redis);
  const shops = rateLimiter("receipts:shop", windowOf(limits.perShop), redis);
  return {
    async allow(shop, client) {
      return (await takePoint(clients, `${shop}|${client}`)) && (await takePoint(shops, shop));
    },
  };
}
