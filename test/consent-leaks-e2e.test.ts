import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import type { LeakReport } from "../web/leaks/leak-types.js";
import { DEMO_SHOP, loadOrCreateLocalSecrets } from "../web/local/local-secrets.js";
import { mintSessionToken } from "../web/local/session-token.js";
import { createLogger } from "../web/logging/logger.js";
import { startApp, type RunningApp } from "../web/server.js";
import { adminAxeViolations, launchBrowser, screenshotPath } from "./support/browser.js";
import { waitFor } from "./support/seed.js";

// The consent leak report end to end: local mode's storefront with a tracker pasted into its theme,
// served from static.hotjar.com (Chromium's host resolver sends that host here; Google's own hosts are
// HSTS-preloaded, so they cannot be served over plain HTTP) and setting a `_ga` cookie; real banner, real
// receipts, the API and the admin page.
describe("consent leaks, from the shopper's browser to the merchant's report", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "consent-leaks-"));
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp(readEnv({ APP_DATA_DIR: dataDir, PORT: "0" }), { logger: createLogger("warn"), host: "127.0.0.1" });
    browser = await launchBrowser(["--host-resolver-rules=MAP static.hotjar.com 127.0.0.1"]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  const report = async () => {
    const { apiKey, apiSecret } = loadOrCreateLocalSecrets(dataDir);
    const token = await mintSessionToken({ apiKey, apiSecret, shop: DEMO_SHOP });
    const res = await fetch(`${app.url}/api/consent/leaks?days=7`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as LeakReport;
  };
  const receipts = () => app.db.prisma.consentReceipt.findMany({ where: { shopDomain: DEMO_SHOP }, orderBy: { createdAt: "asc" } });
  const receiptNumber = async (n: number) =>
    (await waitFor(async () => ((await receipts()).length >= n ? receipts() : undefined), 10_000, `receipt ${n}`))[n - 1]!;

  /** A visitor's page, with every body the banner posts to the receipts endpoint kept. */
  async function visit(query: string, context?: BrowserContext): Promise<{ page: Page; posted: string[]; context: BrowserContext }> {
    context ??= await browser.newContext({ viewport: { width: 1200, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const posted: string[] = [];
    // The banner posts with sendBeacon (a Blob the browser sends on its own): read what it hands over.
    await page.exposeFunction("recordPost", (text: string) => posted.push(text));
    await page.addInitScript(() => {
      const send = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => {
        if (String(url).includes("/receipts") && data instanceof Blob) void data.text().then((text) => (window as any).recordPost(text));
        return send(url, data);
      };
    });
    await page.goto(`${app.url}/local/storefront${query}`);
    return { page, posted, context };
  }

  it("a page with nothing third-party reports none", async () => {
    const { page, posted } = await visit("");
    await page.getByRole("button", { name: "Reject all" }).first().click();
    expect(await receiptNumber(1)).toMatchObject({ seenHosts: "", seenCookies: "" });
    await waitFor(async () => posted.length === 1, 5_000, "the posted receipt");
    expect(JSON.parse(posted[0]!).seen).toEqual({ hosts: [], cookies: [] });
    expect(await report()).toEqual({ days: 7, observedVisits: 1, leaks: [] });
  });

  it("a tracker that loads and sets a _ga cookie before the visitor rejects is named, with the consent it needs; no URL or value leaves the page", async () => {
    const { page, posted, context } = await visit("?tracker=static.hotjar.com");
    // The tracker ran before any choice: its cookie is set and its beacon (with the page address in its query) went out.
    await page.waitForFunction(
      () => document.cookie.includes("_ga=GA1.1.") && performance.getEntriesByType("resource").some((e) => e.name.includes("tracker.gif")),
    );
    await page.getByRole("button", { name: "Reject all" }).first().click();
    const stored = await receiptNumber(2);
    expect(stored).toMatchObject({ method: "reject_all", seenHosts: "static.hotjar.com", seenCookies: "_ga" });
    await waitFor(async () => posted.length === 1, 5_000, "the posted receipt");
    const body = posted[0]!;
    expect(JSON.parse(body).seen).toEqual({ hosts: ["static.hotjar.com"], cookies: ["_ga"] });
    for (const secret of ["tracker.js", "tracker.gif", "cid=", "GA1.1", "/local/", "http", "127.0.0.1"]) expect(body).not.toContain(secret);

    const leaks = await report();
    expect(leaks.observedVisits).toBe(2);
    // The host names its tracker (third-party-web), the cookie its own (the sourced cookie list).
    expect(leaks.leaks).toEqual([
      expect.objectContaining({
        entity: "Google Analytics",
        company: "Google",
        category: "analytics",
        consent: "analytics",
        visits: 1,
        share: 0.5,
        hosts: [],
        cookies: ["_ga"],
      }),
      expect.objectContaining({
        entity: "Hotjar",
        category: "analytics",
        consent: "analytics",
        visits: 1,
        share: 0.5,
        hosts: ["static.hotjar.com"],
        cookies: [],
      }),
    ]);

    // A returning visitor (stored choice) who changes their mind sends nothing of the sort.
    const again = await visit("?tracker=static.hotjar.com", context);
    await again.page.getByRole("button", { name: "Privacy choices" }).click();
    await again.page
      .getByRole("button", { name: /Accept all/ })
      .last()
      .click();
    const later = await receiptNumber(3);
    expect(later).toMatchObject({ seenHosts: null, seenCookies: null });
    await waitFor(async () => again.posted.length === 1, 5_000, "the posted receipt");
    expect(JSON.parse(again.posted[0]!).seen).toBeUndefined();
    expect((await report()).observedVisits).toBe(2);
  });

  it("the admin's Consent leaks page and home warn about it, accessibly", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app.url}/local/admin`);
    const frame = page.frameLocator("iframe#app");
    await frame.getByText("Trackers ran before shoppers chose").waitFor({ timeout: 20_000 });
    expect(await frame.getByText(/Google Analytics \(cookie _ga\), Hotjar \(host static\.hotjar\.com\) loaded before shoppers made their choice/).count()).toBe(
      1,
    );

    await page.locator("#app-nav a", { hasText: "Consent leaks" }).click();
    await frame.getByRole("heading", { name: "Hotjar" }).waitFor({ timeout: 20_000 });
    expect(await frame.getByRole("heading", { name: "Google Analytics" }).count()).toBe(1);
    expect(await frame.getByText("Needs analytics consent").count()).toBe(2);
    expect(await frame.getByText(/Loaded before the choice in 1 of 2 visits \(50%\)/).count()).toBe(2);
    expect(await frame.getByText("Seen as host static.hotjar.com").count()).toBe(1);
    expect(await frame.getByText("Seen as cookie _ga").count()).toBe(1);
    expect(await frame.getByRole("link", { name: "custom pixel" }).getAttribute("href")).toBe(
      "https://help.shopify.com/en/manual/promoting-marketing/pixels/custom-pixels/code",
    );
    await page.screenshot({ path: screenshotPath("admin-consent-leaks"), fullPage: true });
    expect(await adminAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
