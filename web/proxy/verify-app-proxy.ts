import type { RequestHandler } from "express";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { verifyAppProxySignature } from "./app-proxy-signature.js";

export interface AppProxyContext {
  shop: string;
  /** Shopify's id of the logged-in customer (digits); undefined for anonymous visitors (Shopify sends it empty). */
  loggedInCustomerId?: string;
  /** The storefront path the request came through, e.g. /apps/consent (merchants can change it). */
  pathPrefix?: string;
}

const CUSTOMER_ID = /^\d{1,20}$/;

/**
 * Guards /proxy/*: Shopify's app proxy signs every forwarded request (app-proxy-signature.ts).
 * Unsigned, forged or stale: 401. A signed request whose logged_in_customer_id is not a Shopify id
 * (digits): 400. On success the verified context is in res.locals.proxy.
 */
export function verifyAppProxy(shopify: ShopifyApp): RequestHandler {
  const secret = shopify.api.config.apiSecretKey;
  return (req, res, next) => {
    const query = new URL(req.originalUrl, "http://proxy.invalid").searchParams;
    const shop = verifyAppProxySignature(query, secret) ? shopify.api.utils.sanitizeShop(query.get("shop") ?? "") : null;
    if (!shop) {
      res.status(401).json({ error: "invalid app proxy signature" });
      return;
    }
    const customer = query.get("logged_in_customer_id") ?? "";
    if (customer && !CUSTOMER_ID.test(customer)) {
      res.status(400).json({ error: "logged_in_customer_id must be a Shopify customer id (digits)" });
      return;
    }
    const proxy: AppProxyContext = { shop, loggedInCustomerId: customer || undefined, pathPrefix: query.get("path_prefix") || undefined };
    res.locals.proxy = proxy;
    next();
  };
}
