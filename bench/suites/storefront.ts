import { mkdtempSync, readFileSync } from "node:fs";
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
import { buildBanner } from "../../scripts/build-banner.mjs";
import { lighthouseMedian, row, type BenchRow, type BenchSuite } from "../harness.js";

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

/** Our banner (JS with its CSS inside) beside vanilla-cookieconsent's dist, both gzip -9. */
async function weight(): Promise<BenchRow[]> {
  const { js, css } = await buildBanner();
  const dist = path.dirname(createRequire(import.meta.url).resolve("vanilla-cookieconsent/dist/cookieconsent.umd.js"));
  const theirJs = gz(readFileSync(path.join(dist, "cookieconsent.umd.js")));
  const theirCss = gz(readFileSync(path.join(dist, "cookieconsent.css")));
  // The same banner without what the consent leak report adds (observe.ts stubbed out).
  const withoutObserver = await buildBanner({
    plugins: [
      {
        name: "without-observer",
        setup: (build: any) => build.onLoad({ filter: /observe\.ts$/ }, () => ({ contents: "export const observe = () => () => undefined;", loader: "ts" })),
      },
    ],
  });
  return [
    row("storefront", "banner JS + CSS, gzipped (CSS is inside the JS)", "B", gz(js), "vanilla-cookieconsent JS + CSS, gzipped", theirJs + theirCss),
    row(
      "storefront",
      "banner JS + CSS gzipped, with the consent leak observer",
      "B",
      gz(js),
      "the same banner without it (observe.ts stubbed)",
      gz(withoutObserver.js),
    ),
    row("storefront", "banner CSS alone, gzipped", "B", gz(css), "vanilla-cookieconsent CSS, gzipped", theirCss),
  ];
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

export const storefront: BenchSuite = {
  name: "storefront",
  async run() {
    // (Receipt ingestion under load: the hotpaths suite.)
    return [...(await weight()), ...(await lighthouseImpact())];
  },
};
