import type { Keyring } from "../security/encryption.js";
import type { ShopperDetails } from "./request-types.js";

const context = (requestId: string) => `shopper-details:${requestId}`;

/** What a shopper submitted, as stored on their request: AES-GCM ciphertext bound to the request id. */
export function sealDetails(keyring: Keyring, requestId: string, details: ShopperDetails): string {
  return keyring.encrypt(JSON.stringify(details), context(requestId));
}

/** The details kept with a request, or null once cleared (or when no key in the ring reads them). */
export function openDetails(keyring: Keyring, requestId: string, sealed: string | null): ShopperDetails | null {
  if (!sealed) return null;
  try {
    return JSON.parse(keyring.decrypt(sealed, context(requestId))) as ShopperDetails;
  } catch {
    return null;
  }
}
