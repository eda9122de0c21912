import compression from "compression";
import express, { Router, type RequestHandler } from "express";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../config/paths.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";

export const FRONTEND_DIST = path.join(ROOT, "web/frontend/dist");
const APP_PATH = /^\/(?!(api|proxy|assets|local|apps|healthz|readyz)(\/|$))[^.]*$/;
const APP_BRIDGE_CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

export interface FrontendOptions {
  apiKey: string;
  /** Local mode: App Bridge comes from /local/app-bridge.js and /local/admin may frame the app. */
  local: boolean;
}

/**
 * Serves the built admin UI (web/frontend/dist). The document goes through Shopify's
 * ensureInstalledOnShop (embeds the app in the admin if opened outside it, sets the per-shop
 * frame-ancestors CSP); the API key is written into the page at run time, so one build serves any app.
 */
export function frontendRoutes(shopify: ShopifyApp, options: FrontendOptions): Router {
  const router = Router();
  // The admin's JS and CSS travel gzipped (about a fifth of their size): it is what decides how soon
  // the admin paints on a slow connection.
  router.use(compression());
  router.use("/assets", express.static(path.join(FRONTEND_DIST, "assets"), { immutable: true, maxAge: "365d", index: false, fallthrough: false }));

  let html: string | undefined;
  const page = () => {
    if (html) return html;
    const file = path.join(FRONTEND_DIST, "index.html");
    if (!existsSync(file)) return undefined;
    let text = readFileSync(file, "utf8").replaceAll("%SHOPIFY_API_KEY%", options.apiKey);
    if (options.local) text = text.replace(APP_BRIDGE_CDN, "/local/app-bridge.js");
    return (html = text);
  };

  const allowLocalAdmin: RequestHandler = (_req, res, next) => {
    const csp = res.getHeader("Content-Security-Policy");
    if (options.local && typeof csp === "string") {
      res.setHeader("Content-Security-Policy", csp.replace("frame-ancestors ", "frame-ancestors 'self' ").replace(" 'none'", ""));
    }
    next();
  };

  // The admin UI routes in the browser (/banner, /privacy-requests …): any other GET of a page path
  // (no file extension, not an API or proxy path) gets the same document.
  const appPath: RequestHandler = (req, _res, next) => (APP_PATH.test(req.path) ? next() : next("route"));
  router.get("/{*path}", appPath, shopify.ensureInstalledOnShop(), allowLocalAdmin, (_req, res) => {
    const body = page();
    if (!body) {
      res.status(503).type("text").send("The admin UI is not built yet: run `npm run build`.");
      return;
    }
    res.set("Cache-Control", "no-store").type("html").send(body);
  });
  return router;
}
