import type { RequestHandler } from "express";
import type { ShopifyApp } from "../shopify/create-shopify.js";

export interface AppProxyContext {
  shop: string;
  /** Shopify's id of the logged-in customer; undefined for anonymous visitors (Shopify sends it empty). */
  loggedInCustomerId?: string;
  /** The storefront path the request came through, e.g. /apps/consent (merchants can change it). */
  pathPrefix?: string;
}

/**
 * Guards /proxy/*: Shopify's app proxy signs every forwarded request (hex HMAC-SHA256 over the sorted
 * query, repeated keys joined by commas). Shopify's library checks it, including the timestamp (90 s)
 * and that shop/signature/timestamp appear once. Unsigned, forged or stale: 401. On success the
 * verified context is in res.locals.proxy.
 */
export function verifyAppProxy(shopify: ShopifyApp): RequestHandler {
  return async (req, res, next) => {
    const query = new URL(req.originalUrl, "http://proxy.invalid").searchParams;
    let valid = false;
    try {
      valid = await shopify.api.utils.validateHmac(query as never, { signator: "appProxy" });
    } catch {
      valid = false; // no signature, repeated single-value keys, or a stale timestamp
    }
    const shop = valid ? shopify.api.utils.sanitizeShop(query.get("shop") ?? "") : null;
    if (!shop) {
      res.status(401).json({ error: "invalid app proxy signature" });
      return;
    }
    const proxy: AppProxyContext = {
      shop,
      loggedInCustomerId: query.get("logged_in_customer_id") || undefined,
      pathPrefix: query.get("path_prefix") || undefined,
    };
    res.locals.proxy = proxy;
    next();
  };
}
