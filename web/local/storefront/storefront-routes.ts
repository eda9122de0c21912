import { Router } from "express";
import { Liquid } from "liquidjs";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EXTENSION, renderEmbed, renderPrivacyLink } from "./render-embed.js";
import { HOST_NAME } from "../../../extensions/consent-banner/src/contract.js";
import { storefrontPage } from "./page.js";
import { optionsFromQuery, overrideSaved } from "./storefront-params.js";

/** The page's locale and region parameters, or their defaults (en; DEBE, a consent region). */
function pageLocale(q: Record<string, string | undefined>) {
  return {
    locale: /^[a-z]{2}(-[A-Z]{2})?$/.test(q.locale ?? "") ? q.locale! : "en",
    region: /^[A-Z0-9]{2,8}$/.test(q.region ?? "") ? q.region! : "DEBE",
  };
}

/** A storefront page: the theme's frame with the real app embed, and `main` as its content (the products when absent). */
async function storefrontHtml(options: StorefrontOptions, q: Record<string, string | undefined>, port: string | undefined, main?: string): Promise<string> {
  const { locale, region } = pageLocale(q);
  const { given, ignored } = optionsFromQuery(q);
  // As on Shopify, saved settings win over the block's; a parameter given here wins over both.
  const saved = options.savedSettings?.();
  const { settings: savedSettings, overrides } = saved ? overrideSaved(saved, given) : { settings: undefined, overrides: [] };
  const settings = Object.fromEntries(given.map((option) => [option.name, option.value]));
  const embed =
    q.banner === "0"
      ? ""
      : await renderEmbed({
          locale,
          settings,
          designMode: q.design === "1",
          savedSettings,
          storeTrackers: options.storeTrackers?.(),
          privacyPolicyUrl: "/local/storefront/policy",
          assetBase: "/local/storefront/assets",
        });
  const trackerHost = q.tracker === "1" ? "tracker.localhost" : HOST_NAME.test(q.tracker ?? "") ? q.tracker : undefined;
  const tracker = trackerHost && `//${trackerHost}${port ? `:${port}` : ""}/local/tracker.js`;
  // The footer's "Privacy rights link" app block: a theme block, there with or without the embed.
  const footerBlock = await renderPrivacyLink({ locale, settings, savedSettings });
  const pasted = pastedCode(options.themeDirs ?? [THEME_EXAMPLES], q.theme);
  const notes = pasted.problem ? [...ignored, { name: "theme", value: q.theme!, problem: pasted.problem }] : ignored;
  return storefrontPage({
    shop: options.shop,
    locale,
    region,
    embed,
    footerBlock,
    failConsent: q.fail === "1",
    tracker,
    overrides,
    ignored: notes,
    main,
    themeHead: pasted.head,
    themeBody: pasted.body,
  });
}

const cookieOf = (header: string | undefined, name: string) => new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(header ?? "")?.[1];

/**
 * Shopify's part for an app proxy answer of `Content-Type: application/liquid`: renders its Liquid in the
 * shop's context (liquidjs, as Shopify does: shop.name, request.locale, localization.country, customer) and
 * places it in the theme's page, with the app embed, as Shopify places it inside the theme's layout.
 */
export function liquidInTheme(options: StorefrontOptions) {
  const engine = new Liquid({ strictFilters: true });
  return async (request: { cookie?: string; query: URLSearchParams; host?: string }, liquid: string): Promise<string> => {
    const q: Record<string, string | undefined> = {
      locale: request.query.get("locale") ?? decodeURIComponent(cookieOf(request.cookie, "local_locale") ?? ""),
      region: decodeURIComponent(cookieOf(request.cookie, "local_region") ?? ""),
    };
    const { locale, region } = pageLocale(q);
    const customer = cookieOf(request.cookie, "local_customer");
    const main = await engine.parseAndRender(liquid, {
      shop: { name: options.shopName ?? options.shop, permanent_domain: options.shop },
      request: { locale: { iso_code: locale } },
      localization: { country: { iso_code: region.slice(0, 2) } },
      customer: customer ? { id: Number(customer) } : null,
    });
    return storefrontHtml(options, { ...q, locale, region }, /:(\d+)$/.exec(request.host ?? "")?.[1], main);
  };
}

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), "../public");

export interface StorefrontOptions {
  shop: string;
  /** The app-owned settings metafield of the demo shop, when the admin has written one. */
  savedSettings?: () => unknown;
  /** The app-owned tracker list metafield (consent_banner.trackers) of the demo shop, when the admin has written one. */
  storeTrackers?: () => unknown;
  /** The shop's name as Liquid's shop.name gives it. */
  shopName?: string;
  /** Where `theme=NAME` finds NAME.head.html and NAME.body.html: APP_DATA_DIR/theme first, then the shipped examples. */
  themeDirs?: string[];
}

/** The shipped examples of code merchants paste into their theme. */
export const THEME_EXAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), "../theme-examples");

/** A theme's pasted code (`theme=NAME`): each part from the first folder that has it; none for a name that is not one. */
function pastedCode(dirs: string[], name: string | undefined): { head?: string; body?: string; problem?: string } {
  if (!name) return {};
  if (!/^[a-z0-9-]{1,40}$/.test(name)) return { problem: "a theme name is lowercase letters, digits and hyphens" };
  const part = (suffix: string) => dirs.map((dir) => path.join(dir, `${name}.${suffix}.html`)).find((file) => existsSync(file));
  const head = part("head");
  const body = part("body");
  if (!head && !body) return { problem: `no ${name}.head.html or ${name}.body.html in ${dirs.join(" or ")}` };
  return { head: head && readFileSync(head, "utf8"), body: body && readFileSync(body, "utf8") };
}

/**
 * /local/storefront: a storefront page with the real app embed rendered by liquidjs. Query parameters
 * play what Shopify and the merchant would decide (storefront-params.ts, listed on /local/): the page's own
 * (locale, region, customer, design, fail, banner, tracker) and one per banner option with a block setting
 * (revision, everywhere, gcm, position, layout, radius, background, text, button, button_text, proxy_path).
 * An option parameter wins over the settings saved from the admin (the app-owned metafield), and the page
 * says which parameters overrode what; one that is not valid is ignored, and the page says why.
 * tracker=1 is a stand-in tracker pasted into the theme, as merchants do: loaded from tracker.localhost,
 * which browsers resolve to this machine, before any consent; it sets a Google Analytics-style `_ga`
 * cookie. tracker=<host> is the same from that host (e.g. www.google-analytics.com mapped here by the
 * browser's host resolver rules in tests): what the consent leak report shows.
 */
export function storefrontRoutes(options: StorefrontOptions): Router {
  const router = Router();
  router.get("/storefront", async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.customer && /^\d+$/.test(q.customer)) res.cookie("local_customer", q.customer, { sameSite: "lax", httpOnly: true });
    else if (q.customer === "") res.clearCookie("local_customer");
    // The app proxy's pages (/apps/consent/*) render in the same language and region as the page that linked to them.
    const { locale, region } = pageLocale(q);
    res.cookie("local_locale", locale, { sameSite: "lax", httpOnly: true });
    res.cookie("local_region", region, { sameSite: "lax", httpOnly: true });
    const port = /:(\d+)$/.exec(req.get("host") ?? "")?.[1];
    res.type("html").send(await storefrontHtml(options, q, port));
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
