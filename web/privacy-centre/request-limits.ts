import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";

/** Privacy requests from one network: this many per window. */
export const NETWORK_LIMIT = { points: 10, duration: 10 * 60 };
/** Confirmation e-mails to one address: this many per window (nobody's inbox is flooded through the form). */
export const ADDRESS_LIMIT = { points: 3, duration: 60 * 60 };

export interface PrivacyRequestLimits {
  /** Whether this network may submit one more request to the shop. */
  network(shop: string, client: string): Promise<boolean>;
  /** Whether one more confirmation e-mail may go to this address (a keyed pseudonym, never the address). */
  address(shop: string, addressRef: string): Promise<boolean>;
}

/** rate-limiter-flexible: shared through Redis by every instance when there is one (memory as its insurance), per instance otherwise. */
export function privacyRequestLimits(redis?: Redis, limits = { network: NETWORK_LIMIT, address: ADDRESS_LIMIT }): PrivacyRequestLimits {
  const limiter = (name: string, window: { points: number; duration: number }): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: name, ...window });
    return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `consent:${name}`, ...window, insuranceLimiter: memory }) : memory;
  };
  const networks = limiter("privacy:network", limits.network);
  const addresses = limiter("privacy:address", limits.address);
  const consume = async (target: RateLimiterAbstract, key: string) => {
    try {
      await target.consume(key);
      return true;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return false;
      throw refusal;
    }
  };
  return {
    network: (shop, client) => consume(networks, `${shop}|${client}`),
    address: (shop, addressRef) => consume(addresses, `${shop}|${addressRef}`),
  };
}
