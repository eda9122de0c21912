import express, { Router } from "express";
import { signAppProxyMessage } from "../../proxy/app-proxy-signature.js";

export interface LocalProxyOptions {
  apiSecret: string;
  shop: string;
  selfUrl: () => string;
  /** Shopify's rendering of an `application/liquid` answer inside the theme (storefront-routes.ts liquidInTheme). */
  theme: (request: { cookie?: string; query: URLSearchParams; host?: string }, liquid: string) => Promise<string>;
}

/** Signs an app proxy query exactly as Shopify does (web/proxy/app-proxy-signature.ts). */
export function signProxyQuery(params: URLSearchParams, secret: string): URLSearchParams {
  const signed = new URLSearchParams(params);
  signed.set("signature", signAppProxyMessage(params, secret));
  return signed;
}

/**
 * /apps/consent/* on the local storefront: plays Shopify's app proxy. Forwards method and body to
 * /proxy/*, adding shop, logged_in_customer_id (the local_customer cookie, empty when nobody is logged
 * in), path_prefix and timestamp, signed with the app secret; strips cookies; passes X-Forwarded-For and
 * X-Forwarded-Host. An answer of `Content-Type: application/liquid` is rendered in the theme, as Shopify does.
 */
export function localProxy(options: LocalProxyOptions): Router {
  const router = Router();
  router.use(express.raw({ type: () => true, limit: "64kb" }), async (req, res) => {
    const incoming = new URL(req.originalUrl, "http://storefront.local");
    const customer = /(?:^|;\s*)local_customer=(\d+)/.exec(req.get("cookie") ?? "")?.[1] ?? "";
    const query = new URLSearchParams(incoming.searchParams);
    query.set("shop", options.shop);
    query.set("logged_in_customer_id", customer);
    query.set("path_prefix", "/apps/consent");
    query.set("timestamp", String(Math.floor(Date.now() / 1000)));
    const target = `${options.selfUrl()}/proxy${req.path}?${signProxyQuery(query, options.apiSecret)}`;
    const body = ["GET", "HEAD"].includes(req.method) || !Buffer.isBuffer(req.body) || req.body.length === 0 ? undefined : new Uint8Array(req.body);
    const response = await fetch(target, {
      method: req.method,
      headers: {
        "content-type": req.get("content-type") ?? "application/octet-stream",
        "x-forwarded-for": req.ip ?? "",
        "x-forwarded-host": req.get("host") ?? "",
      },
      body,
    });
    const type = response.headers.get("content-type") ?? "text/plain";
    if (type.startsWith("application/liquid")) {
      const html = await options.theme({ cookie: req.get("cookie"), query: incoming.searchParams, host: req.get("host") }, await response.text());
      res.status(response.status).type("html").set("Cache-Control", "no-store").send(html);
      return;
    }
    for (const header of ["content-disposition", "retry-after", "cache-control"]) {
      const value = response.headers.get(header);
      if (value) res.set(header, value);
    }
    res
      .status(response.status)
      .type(type)
      .send(Buffer.from(await response.arrayBuffer()));
  });
  return router;
}
