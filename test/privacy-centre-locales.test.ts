import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import { STOREFRONT_LOCALES } from "../web/i18n/storefront-locales.js";
import { createLogger } from "../web/logging/logger.js";
import { textsFor } from "../web/privacy-centre/texts.js";
import { startApp, type RunningApp } from "../web/server.js";
import { launchBrowser, screenshotPath } from "./support/browser.js";

// The shoppers' privacy page (through the local app proxy, in the theme) in every storefront language on a
// 320 px phone: its own language and direction, and no heading, label, button or link pushed past the edge.
describe("the privacy centre in every storefront language", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp(readEnv({ APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-pc-locales-")), PORT: "0" }), {
      logger: createLogger("warn"),
      host: "127.0.0.1",
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("fits 320 px and reads in the page's language and direction", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    try {
      for (const locale of STOREFRONT_LOCALES) {
        await page.goto(`${app.url}/apps/consent/privacy?locale=${locale}`);
        const texts = textsFor(locale);
        const root = page.locator(".pc").first();
        expect(await root.getAttribute("lang"), locale).toBe(texts.locale);
        expect(await root.getAttribute("dir"), locale).toBe(texts.dir);
        expect(await page.locator(".pc h1").first().textContent(), locale).toBe(texts.t("page_title"));
        const found = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const out: string[] = [];
          if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px`);
          for (const el of document.querySelectorAll<HTMLElement>(".pc h1, .pc h2, .pc h3, .pc label, .pc button, .pc a, .pc summary")) {
            const box = el.getBoundingClientRect();
            // Not shown, or visually hidden on purpose (the honeypot's label: 1 px, for no one to read).
            if (!el.getClientRects().length || box.width <= 1 || box.height <= 1) continue;
            const text = (el.textContent ?? "").trim().slice(0, 40);
            if (box.right > width + 1 || box.left < -1) out.push(`${el.tagName} "${text}" reaches past the edge`);
            if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName} "${text}" is clipped: ${el.scrollWidth}px in ${el.clientWidth}px`);
          }
          return out;
        });
        problems.push(...found.map((p) => `${locale}: ${p}`));
        if (["fi", "he"].includes(locale)) await page.screenshot({ path: screenshotPath(`privacy-centre-${locale}-320`), fullPage: true });
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
