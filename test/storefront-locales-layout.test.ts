import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import { createLogger } from "../web/logging/logger.js";
import { STOREFRONT_LOCALES } from "../web/i18n/storefront-locales.js";
import { isRightToLeft } from "../web/privacy-centre/texts.js";
import { readBannerLocales } from "../web/settings/banner-locales.js";
import { startApp, type RunningApp } from "../web/server.js";
import { launchBrowser, screenshotPath } from "./support/browser.js";

const TEXTS = readBannerLocales().texts;
const WIDTHS = [320, 1280] as const;

/**
 * Every button, heading, link and label of the open layer (`.cb-bar` or `.cb-panel`) whose text does not
 * fit: wider than its box (clipped or spilling out), or reaching past the viewport's edges.
 */
function misfits(page: Page, layer: string) {
  return page.evaluate((selector) => {
    const out: string[] = [];
    const root = document.querySelector<HTMLElement>(selector)!;
    const width = document.documentElement.clientWidth;
    for (const el of root.querySelectorAll<HTMLElement>("button, h2, a, label, p")) {
      if (!el.getClientRects().length) continue;
      const box = el.getBoundingClientRect();
      const text = (el.textContent ?? "").trim().slice(0, 40);
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName} "${text}" is ${el.scrollWidth}px in a ${el.clientWidth}px box`);
      if (box.left < -1 || box.right > width + 1) out.push(`${el.tagName} "${text}" reaches past the viewport (${box.left}–${box.right} of ${width})`);
    }
    const box = root.getBoundingClientRect();
    if (box.left < -1 || box.right > width + 1) out.push(`${selector} reaches past the viewport (${box.left}–${box.right} of ${width})`);
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px)`);
    return out;
  }, layer);
}

// The banner's first layer and its panel in every storefront language, on a phone and a desktop, in Chromium:
// with the longest content the banner shows (an opt-out region, Global Privacy Control's notice, the
// "Do not sell or share" switch with its link).
describe("the banner in every storefront language", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    const env = readEnv({ APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-locales-")), PORT: "0" });
    app = await startApp(env, { logger: createLogger("warn"), host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.each(WIDTHS)(
    "at %i px: no button, heading or link overflows or is clipped, and ar and he read right to left",
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
      const page = await context.newPage();
      const problems: string[] = [];
      try {
        for (const locale of STOREFRONT_LOCALES) {
          const texts = TEXTS[locale]!;
          await page.goto(`${app.url}/local/storefront?locale=${locale}&region=USCA&everywhere=1`);
          await page.locator(".cb-bar").waitFor();
          // The locale's own texts, not English's, in its direction.
          expect(await page.locator("#cb-title").textContent(), locale).toBe(texts.title);
          expect(await page.locator("#cb").getAttribute("dir"), locale).toBe(isRightToLeft(locale) ? "rtl" : "ltr");
          expect(await page.locator("#cb").getAttribute("lang"), locale).toBe(locale);
          problems.push(...(await misfits(page, ".cb-bar")).map((p) => `${locale} first layer: ${p}`));
          await page.locator(".cb-bar .cb-alt").click();
          await page.locator(".cb-panel").waitFor();
          expect(await page.locator("#cb-ptitle").textContent(), locale).toBe(texts.privacy_choices);
          problems.push(...(await misfits(page, ".cb-panel")).map((p) => `${locale} panel: ${p}`));
          if (["de", "fi", "ar", "he"].includes(locale)) {
            await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
            await page.screenshot({ path: screenshotPath(`banner-${locale}-${width}`) });
          }
        }
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
      // 40 locales, two layers each: a page load per locale.
    },
    120_000,
  );
});
