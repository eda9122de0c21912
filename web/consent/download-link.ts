import { timingSafeEqual } from "node:crypto";
import type { Keyring } from "../security/encryption.js";

/** How long a download link works. */
export const LINK_LIFETIME_MS = 60_000;

export interface DownloadGrant {
  shop: string;
  /** YYYY-MM-DD bounds (from inclusive, to inclusive), or "" for open. */
  from: string;
  to: string;
}

const message = (grant: DownloadGrant, expires: number) => `receipts.csv\n${grant.shop}\n${grant.from}\n${grant.to}\n${expires}`;

/**
 * A browser cannot attach a session token to a plain download, so the admin asks for a short-lived
 * signed link instead: HMAC under a key derived from the encryption key, bound to the shop, the range
 * and an expiry one minute ahead.
 */
export function signDownload(keyring: Keyring, grant: DownloadGrant, now = Date.now()): { query: URLSearchParams; expiresAt: Date } {
  const expires = now + LINK_LIFETIME_MS;
  const query = new URLSearchParams({
    shop: grant.shop,
    from: grant.from,
    to: grant.to,
    expires: String(expires),
    signature: keyring.pseudonym("download", message(grant, expires)),
  });
  return { query, expiresAt: new Date(expires) };
}

/** The grant a link carries, if it is intact and not expired (any key of the ring may have signed it). */
export function verifyDownload(keyring: Keyring, query: URLSearchParams, now = Date.now()): DownloadGrant | undefined {
  const grant = { shop: query.get("shop") ?? "", from: query.get("from") ?? "", to: query.get("to") ?? "" };
  const expires = Number(query.get("expires"));
  const signature = Buffer.from(query.get("signature") ?? "");
  if (!grant.shop || !Number.isInteger(expires) || expires < now || expires > now + LINK_LIFETIME_MS) return undefined;
  const valid = keyring.pseudonyms("download", message(grant, expires)).some((expected) => {
    const bytes = Buffer.from(expected);
    return bytes.length === signature.length && timingSafeEqual(bytes, signature);
  });
  return valid ? grant : undefined;
}
