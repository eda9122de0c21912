import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Frame, Page } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import { createLogger } from "../web/logging/logger.js";
import { startApp, type RunningApp } from "../web/server.js";
import { adminAxeViolations, launchBrowser, screenshotPath } from "./support/browser.js";
import { waitFor } from "./support/seed.js";

/** Every admin page, by its path. */
const PAGES: readonly string[] = ["/", "/banner", "/insights", "/consent-log", "/leaks", "/privacy-requests", "/help"];

/**
 * The app document's visible text that did not come through the catalogue (no pseudo marker ⟦): each text
 * node with letters, outside elements marked translate="no" (names, hosts, codes: data, not the app's words).
 */
function untranslated(frame: Frame) {
  return frame.evaluate(() => {
    const out = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent!.trim();
      const parent = node.parentElement!;
      if (!/\p{L}{2}/u.test(text) || text.includes("⟦") || text.includes("⟧")) continue;
      // Dates as Intl writes them in the pseudo-locale's language (English): formatted, not untranslated.
      if (/^[A-Z][a-z]{2} \d{1,2}, \d{4}(, \d{1,2}:\d{2}(:\d{2})? [AP]M)?$/.test(text)) continue;
      if (parent.closest('[translate="no"], script, style, [hidden]') || !parent.getClientRects().length) continue;
      out.add(`${parent.tagName.toLowerCase()}: ${text.slice(0, 60)}`);
    }
    return [...out];
  });
}

/** Elements wider than the viewport or whose text is clipped in its own box, at the current width. */
function overflowing(frame: Frame) {
  return frame.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // Tables scroll sideways in their own box at 320 px, as Polaris designs them: that is not overflow.
    const inScroller = (el: HTMLElement) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (/(auto|scroll)/.test(getComputedStyle(up).overflowX) && up.getBoundingClientRect().right <= width + 1) return true;
      return false;
    };
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px`);
    for (const el of document.querySelectorAll<HTMLElement>("button, h1, h2, h3, a, label, [role=tab]")) {
      if (!el.getClientRects().length || inScroller(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 || box.left < -1) out.push(`${el.tagName} "${el.textContent!.trim().slice(0, 40)}" reaches past the edge`);
    }
    return out;
  });
}

// The admin in the pseudo-locale (every catalogue and Polaris text wrapped in ⟦…⟧ and 30 % longer) on every
// page at 320 px: no text that bypasses the catalogue, nothing pushed past the edge; and axe in German and in
// Arabic (right to left).
describe("the admin in the merchant's language", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "consent-admin-i18n-"));
    app = await startApp(readEnv({ APP_DATA_DIR: dataDir, PORT: "0", SUPPORT_EMAIL: "help@consent.example" }), {
      logger: createLogger("warn"),
      host: "127.0.0.1",
    });
    browser = await launchBrowser();
    // Something on every page: a privacy request (Shopify's erasure webhook) and a first choice with trackers
    // seen before it (through the local app proxy, as the banner posts it), so tables, badges and rows show.
    const webhook = await fetch(`${app.url}/local/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "topic=customers%2Fredact&customer=777",
    });
    expect(webhook.ok).toBe(true);
    const receipt = await fetch(`${app.url}/apps/consent/receipts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        granted: [],
        denied: ["preferences", "analytics", "marketing"],
        method: "reject_all",
        revision: 1,
        textHash: "f".repeat(64),
        region: "DEBE",
        seen: { hosts: ["static.hotjar.com", "www.google-analytics.com", "cdn.unknown-widget.example"], cookies: ["_ga", "_hjSessionUser_1"] },
      }),
    });
    expect(receipt.status).toBe(201);
    await waitFor(() => app.db.prisma.complianceRequest.findFirst({ where: { topic: "customers/redact", status: "completed" } }), 20_000, "the erasure");
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(page: Page, appPath: string, locale: string): Promise<Frame> {
    await page.goto(`${app.url}/local/admin?locale=${locale}&path=${appPath}`);
    const frame = await waitFor(async () => page.frame({ url: /embedded=1/ }) ?? undefined, 20_000, "the app's frame");
    // The page is in once its title is set and no loading skeleton is left.
    await waitFor(
      async () =>
        (await frame.evaluate(
          () => !!document.querySelector("h1") && ![...document.querySelectorAll(".Polaris-SkeletonBodyText")].some((el) => el.getClientRects().length > 0),
        )) || undefined,
      20_000,
      `${appPath} to load`,
    );
    return frame;
  }

  it("shows no text outside the catalogue and nothing past the edge at 320 px, on every page (pseudo-locale)", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    try {
      for (const appPath of PAGES) {
        const frame = await open(page, appPath, "en-XA");
        expect(await frame.evaluate(() => document.documentElement.lang)).toBe("en");
        problems.push(...(await untranslated(frame)).map((p) => `${appPath} untranslated ${p}`));
        problems.push(...(await overflowing(frame)).map((p) => `${appPath} ${p}`));
        // What the admin draws from App Bridge: the title bar and the app's nav menu.
        const title = await page.locator("#title").textContent();
        if (appPath !== "/" && !title?.includes("⟦")) problems.push(`${appPath} title bar: ${title}`);
        // The nav menu's links (the admin shows the app's name, a brand, for the home link).
        for (const label of await page.locator("#app-nav a").allTextContents()) if (label !== "Consent & Compliance") expect(label, "nav menu").toContain("⟦");
        await page.screenshot({ path: screenshotPath(`admin-pseudo${appPath.replace(/\//g, "-") || "-home"}`), fullPage: true });
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it("speaks German when Shopify's admin does, with axe clean on every page", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      for (const appPath of PAGES) {
        const frame = await open(page, appPath, "de");
        expect(await frame.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), appPath).toEqual(["de", "ltr"]);
        expect(await adminAxeViolations(page), appPath).toEqual([]);
      }
      expect(await page.locator("#app-nav a").allTextContents()).toContain("Hilfe");
    } finally {
      await context.close();
    }
  }, 180_000);

  it("speaks Arabic, right to left, when Shopify's admin passes ar, with axe clean on every page", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      for (const appPath of PAGES) {
        const frame = await open(page, appPath, "ar-SA");
        expect(await frame.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), appPath).toEqual(["ar", "rtl"]);
        expect(await adminAxeViolations(page), appPath).toEqual([]);
        // A cookie name keeps its own direction inside the Arabic sentence (a bidi isolate): "_ga", not "ga_".
        if (appPath === "/leaks") expect(await frame.getByText("ملف تعريف الارتباط \u2068_ga\u2069").count()).toBe(1);
        await page.screenshot({ path: screenshotPath(`admin-ar${appPath.replace(/\//g, "-") || "-home"}`), fullPage: true });
      }
      expect(await page.locator("#app-nav a").allTextContents()).toContain("المساعدة");
    } finally {
      await context.close();
    }
  }, 180_000);
});
