import { rateLimiter, takePoint } from "../security/rate-limiter.js";
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

/** Shared through Redis by every instance when there is one, per instance otherwise (web/security/rate-limiter.ts). */
export function privacyRequestLimits(redis?: Redis, limits = { network: NETWORK_LIMIT, address: ADDRESS_LIMIT }): PrivacyRequestLimits {
  const networks = rateLimiter("privacy:network", limits.network, redis);
  const addresses = rateLimiter("privacy:address", limits.address, redis);
  return {
    network: (shop, client) => takePoint(networks, `${shop}|${client}`),
    address: (shop, addressRef) => takePoint(addresses, `${shop}|${addressRef}`),
  };
}
