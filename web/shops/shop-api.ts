import { Router } from "express";
import type { Session } from "@shopify/shopify-api";
import type { Database } from "../db/database.js";
import type { Logger } from "../logging/logger.js";
import { API_VERSION } from "../shopify/api.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import type { ShopOverview } from "./shop-overview.js";
import { findShop } from "./shop-repository.js";

const SHOP_QUERY = `#graphql
  query ShopOverview { shop { name myshopifyDomain } }`;

/** GET /api/shop: the authenticated shop, its install status, and its name from the Admin API. */
export function shopRoutes(shopify: ShopifyApp, db: Database, logger: Logger): Router {
  const router = Router();
  router.get("/shop", async (_req, res) => {
    const session = res.locals.shopify.session as Session;
    const shop = await findShop(db.prisma, session.shop);
    let name: string | null = null;
    try {
      const client = new shopify.api.clients.Graphql({ session });
      const response = await client.request<{ shop: { name: string } }>(SHOP_QUERY);
      name = response.data?.shop.name ?? null;
    } catch (error) {
      logger.warn({ shop: session.shop, err: error }, "Admin API shop query failed");
    }
    const body: ShopOverview = {
      shop: session.shop,
      name,
      status: shop && !shop.uninstalledAt ? "installed" : "uninstalled",
      installedAt: shop?.installedAt?.toISOString() ?? null,
      uninstalledAt: shop?.uninstalledAt?.toISOString() ?? null,
      apiVersion: API_VERSION,
      database: db.provider,
    };
    res.json(body);
  });
  return router;
}
