import { createHmac, timingSafeEqual } from "node:crypto";

/** Shopify's app proxy signatures may be this old (or this far ahead), as in Shopify's own library. */
export const MAX_CLOCK_SKEW_S = 90;

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/**
 * The message Shopify signs for an app proxy request: every query parameter but `signature`, as
 * `key=value` (a repeated key's values joined by ","), sorted in byte order (Shopify's documented
 * Ruby: `.sort` on strings), concatenated with no separator.
 */
export function appProxyMessage(params: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  return [...grouped]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort(byteOrder)
    .join("");
}

export function signAppProxyMessage(params: URLSearchParams, secret: string): string {
  return createHmac("sha256", secret).update(appProxyMessage(params), "utf8").digest("hex");
}

/**
 * Whether an app proxy query was signed by Shopify with `secret`: hex HMAC-SHA256 of appProxyMessage,
 * compared in constant time; `signature`, `shop` and `timestamp` present exactly once; the timestamp
 * within MAX_CLOCK_SKEW_S of now.
 */
export function verifyAppProxySignature(params: URLSearchParams, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  for (const key of ["signature", "shop", "timestamp"]) if (params.getAll(key).length !== 1) return false;
  const timestamp = Number(params.get("timestamp"));
  if (!/^\d+$/.test(params.get("timestamp")!) || Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_S) return false;
  const given = Buffer.from(params.get("signature")!);
  const expected = Buffer.from(signAppProxyMessage(params, secret));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
