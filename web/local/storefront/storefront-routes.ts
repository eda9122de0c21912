import { Router } from "express";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EXTENSION, renderEmbed } from "./render-embed.js";
import { HOST_NAME } from "../../../extensions/consent-banner/src/contract.js";
import { storefrontPage } from "./page.js";

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), "../public");

export interface StorefrontOptions {
  shop: string;
  /** The app-owned settings metafield of the demo shop, when the admin has written one. */
  savedSettings?: () => unknown;
}

/**
 * /local/storefront: a storefront page with the real app embed rendered by liquidjs. Query parameters
 * play what Shopify and the merchant would decide: locale (de, fr, ar …), region (DEBE, USCA, …),
 * customer (a logged-in customer id), revision / everywhere / gcm / colours (block settings), design=1
 * (Shopify's theme editor), fail=1 (the
 * Customer Privacy API refuses to save), banner=0 (the same page without the embed, for comparisons),
 * tracker=1 (a stand-in tracker pasted into the theme, as merchants do: loaded from tracker.localhost,
 * which browsers resolve to this machine, before any consent; it sets a Google Analytics-style `_ga`
 * cookie) or tracker=<host> (the same from that host, e.g. www.google-analytics.com mapped here by the
 * browser's host resolver rules in tests): what the consent leak report shows.
 */
export function storefrontRoutes(options: StorefrontOptions): Router {
  const router = Router();
  router.get("/storefront", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const locale = /^[a-z]{2}(-[A-Z]{2})?$/.test(q.locale ?? "") ? q.locale! : "en";
    const region = /^[A-Z0-9]{2,8}$/.test(q.region ?? "") ? q.region! : "DEBE";
    const settings: Record<string, unknown> = {};
    if (q.revision && /^\d+$/.test(q.revision)) settings.revision = Number(q.revision);
    if (q.everywhere) settings.everywhere = q.everywhere === "1";
    if (q.gcm) settings.gcm = q.gcm === "1";
    for (const colour of ["background", "text", "button", "button_text"]) {
      if (/^#[0-9a-f]{6}$/i.test(q[colour] ?? "")) settings[colour] = q[colour];
    }
    const embed =
      q.banner === "0"
        ? ""
        : await renderEmbed({
            locale,
            settings,
            designMode: q.design === "1",
            savedSettings: options.savedSettings?.(),
            privacyPolicyUrl: "/local/storefront/policy",
            assetBase: "/local/storefront/assets",
          });
    if (q.customer && /^\d+$/.test(q.customer)) res.cookie("local_customer", q.customer, { sameSite: "lax", httpOnly: true });
    else if (q.customer === "") res.clearCookie("local_customer");
    const trackerHost = q.tracker === "1" ? "tracker.localhost" : HOST_NAME.test(q.tracker ?? "") ? q.tracker : undefined;
    const port = /:(\d+)$/.exec(req.get("host") ?? "")?.[1];
    const tracker = trackerHost && `//${trackerHost}${port ? `:${port}` : ""}/local/tracker.js`;
    res.type("html").send(storefrontPage({ shop: options.shop, locale, region, embed, failConsent: q.fail === "1", tracker }));
  });
  router.get("/storefront/policy", (_req, res) => {
    res
      .type("html")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Privacy policy</title></head><body><main><h1>Privacy policy</h1><p>The demo shop's privacy policy.</p><p><a href="/local/storefront">Back to the store</a></p></main></body></html>`,
      );
  });
  router.get("/storefront/assets/:file", (req, res) => {
    res.sendFile(path.join(EXTENSION, "assets", path.basename(req.params.file)), { maxAge: "1h" });
  });
  // The stand-in tracker: a cookie with an id in its value and a beacon with the page's address in its
  // query, as real ones do; the banner must report only the names (host, cookie).
  router.get("/tracker.js", (_req, res) => {
    res.type("js").send(
      `document.cookie = "_ga=GA1.1." + Math.floor(Math.random() * 1e9) + "." + Math.floor(Date.now() / 1000) + "; path=/; max-age=63072000; samesite=lax";
new Image().src = new URL("/local/tracker.gif?cid=" + Math.random() + "&dl=" + encodeURIComponent(location.href), document.currentScript.src).href;`,
    );
  });
  router.get("/tracker.gif", (_req, res) => {
    res.type("gif").set("cache-control", "no-store").send(Buffer.from("R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==", "base64"));
  });
  router.get("/customer-privacy.js", (_req, res) => {
    res.sendFile(path.join(PUBLIC, "customer-privacy.js"));
  });
  return router;
}
