import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface SessionTokenOptions {
  apiKey: string;
  apiSecret: string;
  shop: string;
  /** The staff member the token is for (Shopify's user id). */
  userId?: string;
  /** Lifetime in seconds; Shopify's is 60. */
  lifetime?: number;
  now?: number;
}

/**
 * Mints a session token exactly as Shopify's admin hands one to App Bridge: an HS256 JWT signed with
 * the app's secret, with iss/dest/aud/sub/exp/nbf/iat/jti/sid. Used by the local admin and the tests.
 */
export async function mintSessionToken(options: SessionTokenOptions): Promise<string> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${options.shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${options.shop}/admin`)
    .setAudience(options.apiKey)
    .setSubject(options.userId ?? "1")
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (options.lifetime ?? 60))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(options.apiSecret));
}
