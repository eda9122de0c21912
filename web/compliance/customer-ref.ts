import type { Keyring } from "../security/encryption.js";

/**
 * The customer pseudonym that links a request, its export and its proof of erasure: a keyed hash of
 * shop + customer id, under the current encryption key.
 */
export function customerRefOf(keyring: Keyring, shop: string, customerId: string): string {
  return keyring.pseudonym("customer", `${shop}:${customerId}`);
}

/** The same pseudonym under every key still in the keyring: rows written before a key rotation still match. */
export function customerRefsOf(keyring: Keyring, shop: string, customerId: string): string[] {
  return keyring.pseudonyms("customer", `${shop}:${customerId}`);
}
