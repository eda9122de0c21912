import { adminGraphql } from "../shopify/admin-graphql.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";

const SHOP_FACTS = `#graphql
  query ShopNameAndDomain { shop { name primaryDomain { host } } }`;

const TTL_MS = 10 * 60_000;
const cache = new Map<string, { name: string; host: string; at: number }>();

/**
 * The shop's name (e-mails are sent in it) and its storefront's primary domain (the links in them point
 * there), from the Admin API, kept for ten minutes. When Shopify cannot say: the domain's first label, and
 * the myshopify domain (Shopify redirects it to the primary domain, path and query kept). Never from a
 * request header: a shopper could write those.
 */
export async function shopFacts(shopify: ShopifyApp, shop: string, now = Date.now()): Promise<{ name: string; host: string }> {
  const cached = cache.get(shop);
  if (cached && now - cached.at < TTL_MS) return cached;
  try {
    const { shop: found } = await adminGraphql<{ shop: { name: string; primaryDomain: { host: string } | null } }>(shopify, shop, SHOP_FACTS);
    const host = found.primaryDomain?.host && /^[a-z0-9.-]{1,253}$/i.test(found.primaryDomain.host) ? found.primaryDomain.host.toLowerCase() : shop;
    const facts = { name: found.name, host, at: now };
    cache.set(shop, facts);
    return facts;
  } catch {
    return { name: shop.replace(/\.myshopify\.com$/, ""), host: shop };
  }
}

export const shopName = async (shopify: ShopifyApp, shop: string) => (await shopFacts(shopify, shop)).name;
