import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import { DEMO_SHOP } from "../web/local/local-secrets.js";
import { createLogger } from "../web/logging/logger.js";
import { startApp, type RunningApp } from "../web/server.js";
import { launchBrowser, screenshotPath } from "./support/browser.js";
import { waitFor } from "./support/seed.js";

type Calls = Array<Record<string, boolean>>;

// Where shoppers find their rights: the panel's "Your privacy rights" link, the footer's "Privacy rights link"
// block, and in sale-of-data opt-out regions (region=USCA) the "Your privacy choices" link with its opt-out.
// The real banner (built asset, real Liquid) on local mode's storefront, in Debian's Chromium.
describe("the banner's privacy links", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    const env = readEnv({ APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-links-")), PORT: "0" });
    app = await startApp(env, { logger: createLogger("warn"), host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh visitor (no stored consent); `gpc`: the browser sends Global Privacy Control. */
  async function visit(query = "", options: { gpc?: boolean; width?: number } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1200, height: 800 } });
    // Chromium has no switch that sends GPC (its blink feature only adds the property, false): set it as a browser would.
    if (options.gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app.url}/local/storefront${query}`);
    return { page, errors };
  }
  const calls = (page: Page) => page.evaluate(() => (window as unknown as { __consentCalls: Calls }).__consentCalls);
  const footerLink = (page: Page) => page.locator("footer a[data-consent-privacy-link]");
  const receipts = (region: string) => app.db.prisma.consentReceipt.findMany({ where: { shopDomain: DEMO_SHOP, region }, orderBy: { createdAt: "asc" } });
  const receiptCount = async (region: string, count: number) =>
    waitFor(async () => ((await receipts(region)).length >= count ? receipts(region) : undefined), 10_000, `${count} receipts from ${region}`);
  const axe = async (page: Page) =>
    (await new AxeBuilder({ page }).include("#cb").include("footer").withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze()).violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );

  it("links the panel to the privacy page, in the storefront's language and under the merchant's proxy path", async () => {
    const { page, errors } = await visit("?locale=de");
    await page.getByRole("button", { name: "Anpassen" }).click();
    const dialog = page.getByRole("dialog", { name: "Ihre Datenschutzoptionen" });
    await dialog.waitFor();
    expect(await dialog.getByRole("link", { name: "Ihre Datenschutzrechte" }).getAttribute("href")).toBe("/apps/consent/privacy?locale=de");
    // No sale-of-data opt-out outside opt-out regions.
    expect(await dialog.getByRole("switch").count()).toBe(4);
    expect(await axe(page)).toEqual([]);

    const moved = await visit("?locale=pt-BR&proxy_path=/a/direitos");
    await moved.page.getByRole("button", { name: "Personalizar" }).click();
    expect(await moved.page.getByRole("dialog").getByRole("link", { name: "Seus direitos de privacidade" }).getAttribute("href")).toBe(
      "/a/direitos/privacy?locale=pt-BR",
    );
    expect(await footerLink(moved.page).getAttribute("href")).toBe("/a/direitos/privacy?locale=pt-BR");
    expect(errors).toEqual([]);
  });

  it('puts the "Privacy rights link" block in the footer: a plain link to the page, with or without the banner', async () => {
    const { page } = await visit("?locale=fr");
    expect(await footerLink(page).textContent()).toBe("Vos droits en matière de confidentialité");
    const [request] = await Promise.all([page.waitForRequest((r) => r.url().includes("/privacy?")), footerLink(page).click()]);
    expect(new URL(request.url()).pathname + new URL(request.url()).search).toBe("/apps/consent/privacy?locale=fr");
    await page.waitForURL(/\/apps\/consent\/privacy\?locale=fr$/);

    const plain = await visit("?banner=0&region=USCA");
    // Without the app embed nothing relabels it: it stays the way to the page.
    expect(await footerLink(plain.page).textContent()).toBe("Your privacy rights");
    expect(await footerLink(plain.page).getAttribute("href")).toBe("/apps/consent/privacy?locale=en");
  });

  it('in an opt-out region, shows a persistent "Your privacy choices" link that opens the opt-out, and stores the receipt', async () => {
    const before = (await receipts("USCA")).length;
    const { page, errors } = await visit("?region=USCA");
    const choices = page.getByRole("button", { name: "Your privacy choices" });
    await choices.waitFor();
    expect(await page.locator(".cb-bar").isHidden()).toBe(true);
    expect(await choices.evaluate((el) => getComputedStyle(el).position)).toBe("fixed");
    // The footer block says the same and opens the same panel.
    expect(await footerLink(page).textContent()).toBe("Your privacy choices");
    expect(await calls(page)).toEqual([]);
    await footerLink(page).click();
    const dialog = page.getByRole("dialog", { name: "Your privacy choices" });
    await dialog.waitFor();
    const optOut = dialog.getByRole("switch", { name: "Do not sell or share my personal information" });
    expect(await optOut.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await optOut.isChecked()).toBe(false);
    expect(await dialog.getByRole("link", { name: "Opt out for your customer account as well" }).getAttribute("href")).toBe(
      "/apps/consent/privacy?locale=en#opt-out",
    );
    expect(await dialog.getByRole("link", { name: "Your privacy rights" }).getAttribute("href")).toBe("/apps/consent/privacy?locale=en");
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("storefront-opt-out") });

    // Nothing else decided yet: the other switches show what Shopify allows here by default.
    expect(await dialog.getByRole("switch", { name: "Analytics" }).isChecked()).toBe(true);

    await optOut.check();
    await dialog.getByRole("button", { name: "Save choices" }).click();
    // Opting out of the sale leaves the rest as it was.
    await expect.poll(() => calls(page)).toEqual([{ preferences: true, analytics: true, marketing: true, sale_of_data: false }]);
    const receipt = (await receiptCount("USCA", before + 1)).at(-1)!;
    expect(receipt).toMatchObject({ method: "custom", region: "USCA", granted: "preferences,analytics,marketing", denied: "sale_of_data" });
    await expect.poll(() => dialog.isHidden()).toBe(true);
    // Reopened: the opt-out holds.
    await choices.click();
    expect(await optOut.isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it("keeps the link reachable from the keyboard and clear of the page's last content at 320 px", async () => {
    const { page } = await visit("?region=USCA", { width: 320 });
    const choices = page.getByRole("button", { name: "Your privacy choices" });
    await choices.waitFor();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await choices.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    expect(await choices.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const box = (await choices.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    for (const item of await page.locator("footer > *").all()) {
      const b = (await item.boundingBox())!;
      const overlaps = b.x < box.x + box.width && box.x < b.x + b.width && b.y < box.y + box.height && box.y < b.y + b.height;
      expect(overlaps, (await item.textContent()) ?? "").toBe(false);
    }
    await page.screenshot({ path: screenshotPath("storefront-opt-out-320") });
  });

  it("records a GPC signal in an opt-out region once, as an opt-out receipt, and shows the opt-out on", async () => {
    const before = (await receipts("USCA")).filter((r) => r.method === "gpc").length;
    const { page, errors } = await visit("?region=USCA", { gpc: true });
    const gpcReceipts = async () => (await receipts("USCA")).filter((r) => r.method === "gpc");
    const first = await waitFor(async () => ((await gpcReceipts()).length > before ? (await gpcReceipts()).at(-1) : undefined), 10_000, "the GPC receipt");
    expect(first).toMatchObject({ method: "gpc", granted: "", denied: "sale_of_data", region: "USCA", revision: 1 });
    // Recorded without asking Shopify to change anything (Shopify applies GPC there itself).
    expect(await calls(page)).toEqual([]);
    await page.reload();
    await page.getByRole("button", { name: "Your privacy choices" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByText(/Global Privacy Control/).isVisible()).toBe(true);
    expect(await dialog.getByRole("switch", { name: "Do not sell or share my personal information" }).isChecked()).toBe(true);
    expect((await gpcReceipts()).length).toBe(before + 1);
    expect(errors).toEqual([]);
  });

  it("opens the panel from any #privacy-choices link the merchant places", async () => {
    const { page } = await visit("");
    await page.getByRole("button", { name: "Reject all" }).first().click();
    await expect.poll(async () => (await calls(page)).length).toBe(1);
    await page.goto(`${app.url}/local/storefront?locale=en#privacy-choices`);
    await page.getByRole("dialog", { name: "Your privacy choices" }).waitFor();
  });
});
