import type { ShopperDetails } from "./request-types.js";

/** An app proxy path prefix as Shopify sends it (`path_prefix`: /a|apps|community|tools/<subpath>); the default otherwise. */
export function proxyPrefixOf(value: string | undefined): string {
  return value && /^\/(a|apps|community|tools)\/[A-Za-z0-9_-]{1,30}$/.test(value) ? value : "/apps/consent";
}

/** An absolute link on the shopper's storefront, under the app proxy (plain http only for a local host). */
export function storefrontLink(storefront: ShopperDetails["storefront"], path: string): string {
  const scheme = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(storefront.host) ? "http" : "https";
  return `${scheme}://${storefront.host}${storefront.pathPrefix}${path}`;
}

export const statusPath = (requestId: string, signature: string) => `/privacy/status/${encodeURIComponent(requestId)}?s=${signature}`;
