import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import { readEnv } from "../../web/config/env.js";
import { createLogger } from "../../web/logging/logger.js";
import { startApp } from "../../web/server.js";
import { CHROMIUM, CHROMIUM_FLAGS } from "../../test/support/browser.js";
// @ts-expect-error plain ESM build script
import { buildBanner, buildBlocker } from "../../scripts/build-banner.mjs";
import { launchBrowser } from "../../test/support/browser.js";
import { startTrackerHosts, standInUrl, type StandInName } from "../../test/support/tracker-hosts.js";
import { lighthouseMedian, row, type BenchRow, type BenchSuite } from "../harness.js";
import { renderEmbed } from "../../web/local/storefront/render-embed.js";
import { STOREFRONT_LOCALES } from "../../web/i18n/storefront-locales.js";

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/** Issue 19's budget: everything the storefront downloads from the extension plus the inline blocker. */
const BUDGET_GZ = 6_000;
/** theme-check's AssetSizeJavaScript limit for a theme app extension's JS file. */
const THEME_CHECK_JS_LIMIT = 10_000;
/** Five tags merchants paste into theme.liquid, as the stand-in tracker hosts serve them. */
const FIVE_TAGS: StandInName[] = ["gtag", "fbevents", "hotjar", "uet", "tiktok"];

/** Our banner (JS with its CSS inside) beside vanilla-cookieconsent's dist, both gzip -9. */
async function weight(): Promise<BenchRow[]> {
  const { js, css } = await buildBanner();
  const dist = path.dirname(createRequire(import.meta.url).resolve("vanilla-cookieconsent/dist/cookieconsent.umd.js"));
  const theirJs = gz(readFileSync(path.join(dist, "cookieconsent.umd.js")));
  const theirCss = gz(readFileSync(path.join(dist, "cookieconsent.css")));
  const blocker = await buildBlocker();
  return [
    row("storefront", "banner JS + CSS, gzipped (CSS is inside the JS)", "B", gz(js), "vanilla-cookieconsent JS + CSS, gzipped", theirJs + theirCss),
    row(
      "storefront",
      "all the storefront downloads from the extension (banner JS + inline blocker with its list), gzipped",
      "B",
      gz(js) + gz(blocker),
      "the issue's budget",
      BUDGET_GZ,
    ),
    row(
      "storefront",
      "the same, beside vanilla-cookieconsent (which blocks nothing by itself)",
      "B",
      gz(js) + gz(blocker),
      "vanilla-cookieconsent JS + CSS, gzipped",
      theirJs + theirCss,
    ),
    row("storefront", "inline blocker with its built-in tracker list, gzipped", "B", gz(blocker), "banner JS + CSS, gzipped", gz(js)),
    row("storefront", "banner JS, raw", "B", js.length, "theme-check's limit for a JS asset", THEME_CHECK_JS_LIMIT),
    row("storefront", "banner CSS alone, gzipped", "B", gz(css), "vanilla-cookieconsent CSS, gzipped", theirCss),
  ];
}

/**
 * The banner's texts travel in the page (the app embed's rendered config), not in the script: its gzipped
 * bytes in the largest locale beside English's.
 */
async function localeConfigs(): Promise<BenchRow[]> {
  const config = async (locale: string) => {
    const html = await renderEmbed({ locale, privacyPolicyUrl: "/policies/privacy-policy", assetBase: "/assets" });
    return /<script type="application\/json" id="consent-banner-config"[^>]*>([^<]*)<\/script>/.exec(html)![1]!;
  };
  const sizes = await Promise.all(STOREFRONT_LOCALES.map(async (locale) => [locale, gz(await config(locale))] as const));
  const [largest, bytes] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
  const english = sizes.find(([locale]) => locale === "en")![1];
  return [row("storefront", `banner config in the page, gzipped: largest of ${sizes.length} locales (${largest})`, "B", bytes, "English", english)];
}

/** Lighthouse (mobile preset, median of 3) on the local storefront with and without the banner. */
async function lighthouseImpact(): Promise<BenchRow[]> {
  const app = await startApp(readEnv({ APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-lh-")), PORT: "0", LOG_LEVEL: "warn" }), {
    logger: createLogger("warn"),
    host: "127.0.0.1",
  });
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
  const measure = (query: string) => lighthouseMedian(`${app.url}/local/storefront${query}`, chrome.port);
  const without = await measure("?banner=0");
  const withBanner = await measure("?region=DEBE");
  // A sale-of-data opt-out region: no banner, the pinned "Your privacy choices" button and the room kept for it.
  const optOut = await measure("?region=USCA");
  chrome.kill();
  await app.close();
  return [
    row(
      "storefront",
      "Lighthouse performance, storefront with banner (mobile, median of 3)",
      "points",
      withBanner.score,
      "same page without the banner",
      without.score,
    ),
    row("storefront", "CLS with banner (worst of 3)", "", withBanner.cls, "CLS without the banner", without.cls),
    row("storefront", "total blocking time with banner (median of 3)", "ms", withBanner.tbt, "without the banner", without.tbt),
    row(
      "storefront",
      'Lighthouse performance, opt-out region (USCA: "Your privacy choices" pinned)',
      "points",
      optOut.score,
      "same page without the banner",
      without.score,
    ),
    row("storefront", "CLS in an opt-out region (worst of 3)", "", optOut.cls, "CLS without the banner", without.cls),
  ];
}

/**
 * Lighthouse on the local storefront with five tracker tags pasted into its <head> (served by the stand-in
 * tracker hosts over HTTPS): the page without the app (trackers load) beside the page with the app (they wait).
 */
async function lighthouseWithTrackers(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-lh-trackers-"));
  mkdirSync(path.join(dir, "theme"));
  writeFileSync(path.join(dir, "theme", "five.head.html"), FIVE_TAGS.map((name) => `<script async src="${standInUrl(name)}"></script>`).join("\n"));
  const hosts = await startTrackerHosts();
  const app = await startApp(readEnv({ APP_DATA_DIR: dir, PORT: "0", LOG_LEVEL: "warn" }), { logger: createLogger("warn"), host: "127.0.0.1" });
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: [...CHROMIUM_FLAGS, ...hosts.chromiumArgs] });
  const measure = (query: string) => lighthouseMedian(`${app.url}/local/storefront${query}`, chrome.port);
  const without = await measure("?theme=five&banner=0");
  const blocking = await measure("?theme=five&region=DEBE");
  chrome.kill();
  await app.close();
  await hosts.close();
  return [
    row(
      "storefront",
      "Lighthouse performance, five tracker tags pasted, with the app (they wait)",
      "points",
      blocking.score,
      "same page without the app",
      without.score,
    ),
    row("storefront", "CLS, five tracker tags, with the app (worst of 3)", "", blocking.cls, "without the app", without.cls),
    row("storefront", "total blocking time, five tracker tags, with the app (median of 3)", "ms", blocking.tbt, "without the app", without.tbt),
  ];
}

/**
 * The blocker's own cost per inserted element (issue 19: ≤ 0.1 ms): 1,000 script elements created, given a
 * src and inserted by a script, on a page with the inline blocker and on the same page without it, in Chromium.
 */
async function blockerCost(): Promise<BenchRow[]> {
  const blocker = await buildBlocker();
  const browser = await launchBrowser();
  /** 5 rounds of 1,000 script insertions from `host` on a page with or without the blocker: each round's time per element. */
  const rounds = async (withBlocker: boolean, host: string): Promise<number[]> => {
    const page = await browser.newPage();
    await page.route("https://shop.example/", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html><head>${withBlocker ? `<script type="application/json" id="consent-blocker-config">{"p":"/apps/consent","g":false,"a":false,"u":false,"w":false,"s":null}</script><script>${blocker}</script>` : ""}</head><body></body></html>`,
      }),
    );
    await page.goto("https://shop.example/");
    const times = await page.evaluate(async (host) => {
      const out: number[] = [];
      for (let round = 0; round < 5; round++) {
        const start = performance.now();
        for (let i = 0; i < 1000; i++) {
          const s = document.createElement("script");
          // Not JavaScript, so neither page fetches anything: what is timed is the insertion and the blocker's
          // own work (its src setter, its MutationObserver, the host's decision), not the network.
          s.type = "text/plain";
          s.src = `https://${host}/lib.js?n=${round}-${i}`;
          document.head.appendChild(s);
        }
        // The MutationObserver's callback runs in this microtask checkpoint: include it.
        await Promise.resolve();
        out.push((performance.now() - start) / 1000);
      }
      return out;
    }, host);
    await page.close();
    return times;
  };
  /** Median per element with and without the blocker, the two pages taking turns (3 turns × 5 rounds each). */
  const compare = async (host: string) => {
    const without: number[] = [];
    const withBlocker: number[] = [];
    for (let turn = 0; turn < 3; turn++) {
      without.push(...(await rounds(false, host)));
      withBlocker.push(...(await rounds(true, host)));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return { without: median(without), withBlocker: median(withBlocker) };
  };
  // A host no list names (the blocker decides and lets it be), and a tracker's (the blocker keeps its URL).
  const plain = await compare("cdn.example.net");
  const tracker = await compare("www.google-analytics.com");
  await browser.close();
  return [
    row(
      "storefront",
      "inserting a script from a host no list names, with the blocker (per element, 1,000 at a time)",
      "ms",
      plain.withBlocker,
      "the same without the blocker",
      plain.without,
    ),
    row(
      "storefront",
      "the blocker's added cost per inserted element (a host no list names)",
      "ms",
      Math.max(0, plain.withBlocker - plain.without),
      "the issue's limit",
      0.1,
    ),
    row(
      "storefront",
      "the blocker's added cost per inserted element (a tracker's, held)",
      "ms",
      Math.max(0, tracker.withBlocker - tracker.without),
      "the issue's limit",
      0.1,
    ),
  ];
}

export const storefront: BenchSuite = {
  name: "storefront",
  async run() {
    // (Receipt ingestion under load: the hotpaths suite.)
    return [...(await weight()), ...(await localeConfigs()), ...(await lighthouseImpact()), ...(await lighthouseWithTrackers()), ...(await blockerCost())];
  },
};
