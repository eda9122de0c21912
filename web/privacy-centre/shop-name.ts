import { adminGraphql } from "../shopify/admin-graphql.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";

const SHOP_NAME = `#graphql
  query ShopName { shop { name } }`;

const TTL_MS = 10 * 60_000;
const cache = new Map<string, { name: string; at: number }>();

/** The shop's name (e-mails are sent in it), from the Admin API, kept for ten minutes; its domain's first label when Shopify cannot say. */
export async function shopName(shopify: ShopifyApp, shop: string, now = Date.now()): Promise<string> {
  const cached = cache.get(shop);
  if (cached && now - cached.at < TTL_MS) return cached.name;
  try {
    const { shop: found } = await adminGraphql<{ shop: { name: string } }>(shopify, shop, SHOP_NAME);
    cache.set(shop, { name: found.name, at: now });
    return found.name;
  } catch {
    return shop.replace(/\.myshopify\.com$/, "");
  }
}
