import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import { DEMO_SHOP } from "../web/local/local-secrets.js";
import { createLogger } from "../web/logging/logger.js";
import { startApp, type RunningApp } from "../web/server.js";
import type { LocalRuntime } from "../web/local/index.js";
import { DEMO_CUSTOMER_ID } from "../web/local/webhook-delivery.js";
import { launchBrowser, screenshotPath } from "./support/browser.js";
import { waitFor } from "./support/seed.js";

type Calls = Array<Record<string, boolean>>;

// The real banner (built asset, real Liquid) on local mode's storefront, in Debian's Chromium.
describe("the storefront consent banner", () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const env = readEnv({ APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-sf-")), PORT: "0" });
    app = await startApp(env, { logger: createLogger("warn"), host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh visitor (no stored consent), with page errors collected. */
  async function visit(query = "", options: { gpc?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    contexts.push(context);
    if (options.gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app.url}/local/storefront${query}`);
    return { page, errors };
  }
  /** Waits until any animation on the page has finished and two frames have been drawn since. */
  const settled = (page: Page) =>
    page.evaluate(async () => {
      await Promise.all(document.getAnimations().map((animation) => animation.finished));
      for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    });
  const calls = (page: Page) => page.evaluate(() => (window as unknown as { __consentCalls: Calls }).__consentCalls);
  const bar = (page: Page) => page.locator(".cb-bar");
  const receipts = () => app.db.prisma.consentReceipt.findMany({ where: { shopDomain: DEMO_SHOP }, orderBy: { createdAt: "asc" } });
  const newestReceipt = async (count: number) =>
    (await waitFor(async () => ((await receipts()).length >= count ? receipts() : undefined), 10_000, "the receipt")).at(-1)!;

  it("shows the banner on a first visit, labelled, focused, accessible, without shifting the layout", async () => {
    const { page, errors } = await visit();
    await bar(page).waitFor();
    expect(await page.getByRole("region", { name: "We value your privacy" }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.className)).toContain("cb-bar");
    const accept = await page.getByRole("button", { name: "Accept all" }).first().boundingBox();
    const reject = await page.getByRole("button", { name: "Reject all" }).first().boundingBox();
    expect(accept!.width).toBe(reject!.width);
    expect(accept!.height).toBeGreaterThanOrEqual(24);
    await settled(page);
    // Every layout shift so far, the banner's entrance included (buffered entries are there at once).
    const shift = await page.evaluate(() => {
      const observer = new PerformanceObserver(() => undefined);
      observer.observe({ type: "layout-shift", buffered: true });
      return observer.takeRecords().reduce((total, e) => total + (e as unknown as { value: number }).value, 0);
    });
    expect(shift).toBe(0);
    await page.screenshot({ path: screenshotPath("storefront-first-visit") });
    const axe = await new AxeBuilder({ page }).include("#cb").withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("Reject all: everything false to Shopify, a receipt stored, the banner gone, a way back", async () => {
    const before = (await receipts()).length;
    const { page } = await visit();
    const events: unknown[] = [];
    await page.exposeFunction("recordEvent", (detail: unknown) => events.push(detail));
    await page.evaluate(() => document.addEventListener("consent-banner:change", (e) => (window as any).recordEvent((e as CustomEvent).detail)));
    await page.getByRole("button", { name: "Reject all" }).first().click();
    await expect.poll(() => calls(page)).toEqual([{ preferences: false, analytics: false, marketing: false }]);
    const receipt = await newestReceipt(before + 1);
    expect(receipt).toMatchObject({
      method: "reject_all",
      granted: "",
      denied: "preferences,analytics,marketing",
      revision: 1,
      customerId: null,
      region: "DEBE",
    });
    expect(receipt.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(receipt.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(receipt.ipHash).not.toContain("127.0.0");
    await expect.poll(() => bar(page).isHidden()).toBe(true);
    expect(await page.getByRole("button", { name: "Your privacy choices" }).isVisible()).toBe(true);
    expect(events).toEqual([{ choice: { preferences: false, analytics: false, marketing: false, sale_of_data: false }, method: "reject_all" }]);
    await page.reload();
    // The script has read the stored choice once it offers the way back.
    await page.getByRole("button", { name: "Your privacy choices" }).waitFor();
    expect(await bar(page).isHidden()).toBe(true);
  });

  it("Accept all: everything true, and the receipt says so", async () => {
    const before = (await receipts()).length;
    const { page } = await visit(`?customer=${DEMO_CUSTOMER_ID}`);
    await page.getByRole("button", { name: "Accept all" }).first().click();
    await expect.poll(() => calls(page)).toEqual([{ preferences: true, analytics: true, marketing: true }]);
    const receipt = await newestReceipt(before + 1);
    expect(receipt).toMatchObject({ method: "accept_all", granted: "preferences,analytics,marketing", denied: "", customerId: String(DEMO_CUSTOMER_ID) });
    expect(receipt.consentId).toMatch(/^local-/);
  });

  it('Customise with one category, then reopen from the "Your privacy choices" button and withdraw', async () => {
    const before = (await receipts()).length;
    const { page } = await visit();
    await page.getByRole("button", { name: "Customise" }).click();
    const dialog = page.getByRole("dialog", { name: "Your privacy choices" });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("cb-preferences");
    // A modal dialog: the page behind it takes no clicks or focus, and the panel passes axe.
    expect(await page.evaluate(() => document.querySelector<HTMLDialogElement>(".cb-panel")!.matches(":modal"))).toBe(true);
    const axe = await new AxeBuilder({ page }).include(".cb-panel").withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    await dialog.getByRole("switch", { name: "Analytics" }).check();
    await page.screenshot({ path: screenshotPath("storefront-customise") });
    await dialog.getByRole("button", { name: "Save choices" }).click();
    await expect.poll(() => calls(page)).toEqual([{ preferences: false, analytics: true, marketing: false }]);

    await page.getByRole("button", { name: "Your privacy choices" }).click();
    await dialog.waitFor();
    expect(await dialog.getByRole("switch", { name: "Analytics" }).isChecked()).toBe(true);
    await dialog.getByRole("button", { name: "Reject all" }).click();
    await expect.poll(async () => (await calls(page)).at(-1)).toEqual({ preferences: false, analytics: false, marketing: false });
    await newestReceipt(before + 2);
    const methods = (await receipts()).slice(-2).map((r) => r.method);
    expect(methods).toEqual(["custom", "reject_all"]);
  });

  it("works from the keyboard alone: Escape closes the panel without accepting, Tab stays inside it", async () => {
    const { page } = await visit();
    await bar(page).waitFor();
    for (let i = 0; i < 4; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Customise");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog").waitFor();
    for (let i = 0; i < 12; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest(".cb-panel")))).toBe(true);
    await page.keyboard.press("Escape");
    expect(await page.getByRole("dialog").isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Customise");
    expect(await calls(page)).toEqual([]);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Reject all");
    await page.keyboard.press("Enter");
    await expect.poll(() => calls(page)).toEqual([{ preferences: false, analytics: false, marketing: false }]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Your privacy choices");
  });

  it("honours Global Privacy Control in an opt-out region: says so, sale of data and marketing off", async () => {
    const { page } = await visit("?region=USCA&everywhere=1", { gpc: true });
    await bar(page).waitFor();
    expect(
      await bar(page)
        .getByText(/Global Privacy Control/)
        .count(),
    ).toBe(1);
    await page.getByRole("button", { name: "Customise" }).click();
    const dialog = page.getByRole("dialog");
    // The opt-out is on: "Do not sell or share my personal information".
    expect(await dialog.getByRole("switch", { name: /Do not sell or share/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole("switch", { name: "Marketing" }).isChecked()).toBe(false);
    await page.screenshot({ path: screenshotPath("storefront-gpc") });
    await dialog.getByRole("button", { name: "Accept all" }).click();
    await expect.poll(() => calls(page)).toEqual([{ preferences: true, analytics: true, marketing: true, sale_of_data: false }]);
  });

  it("asks again, explaining why, when the merchant's policy revision changes", async () => {
    const { page } = await visit("?revision=1");
    await page.getByRole("button", { name: "Accept all" }).first().click();
    await expect.poll(async () => (await calls(page)).length).toBe(1);
    await page.goto(`${app.url}/local/storefront?revision=2`);
    await bar(page).waitFor();
    expect(
      await bar(page)
        .getByText(/policy has changed/)
        .isVisible(),
    ).toBe(true);
    await page.screenshot({ path: screenshotPath("storefront-revision") });
  });

  it("speaks the storefront's language, right to left where needed", async () => {
    const { page } = await visit("?locale=de");
    await bar(page).waitFor();
    expect(await page.getByRole("button", { name: "Alle ablehnen" }).first().isVisible()).toBe(true);
    const arabic = await visit("?locale=ar");
    await bar(arabic.page).waitFor();
    expect(await arabic.page.locator("#cb").getAttribute("dir")).toBe("rtl");
    expect(await arabic.page.getByRole("button", { name: "رفض الكل" }).first().isVisible()).toBe(true);
    await settled(arabic.page);
    await arabic.page.screenshot({ path: screenshotPath("storefront-arabic") });
  });

  it("stays usable when Shopify cannot save the choice", async () => {
    const { page, errors } = await visit("?fail=1");
    await page.getByRole("button", { name: "Accept all" }).first().click();
    const alert = bar(page).getByRole("alert");
    await alert.waitFor();
    expect(await bar(page).isVisible()).toBe(true);
    expect(await alert.textContent()).toMatch(/could not be saved/);
    // Still usable: the shopper can try again.
    await page.getByRole("button", { name: "Reject all" }).first().click();
    await expect.poll(async () => (await calls(page)).length).toBe(2);
    expect(errors).toEqual([]);
  });

  it("sets Google Consent Mode's denied default before any tag, then updates it from the choice", async () => {
    const { page } = await visit("?gcm=1");
    const first = await page.evaluate(() => Array.from((window as any).dataLayer[0]));
    expect(first).toEqual([
      "consent",
      "default",
      { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied", wait_for_update: 500 },
    ]);
    await page.getByRole("button", { name: "Customise" }).click();
    await page.getByRole("switch", { name: "Analytics" }).check();
    await page.getByRole("button", { name: "Save choices" }).click();
    await expect
      .poll(() => page.evaluate(() => Array.from((window as any).dataLayer.at(-1))))
      .toEqual(["consent", "update", { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "granted" }]);
  });

  it("sets Microsoft UET consent mode's denied default before any tag, then updates it from the marketing choice", async () => {
    const { page } = await visit("?uet=1");
    expect(await page.evaluate(() => (window as any).uetq.slice(0, 3))).toEqual(["consent", "default", { ad_storage: "denied" }]);
    await page.getByRole("button", { name: "Accept all" }).click();
    await expect.poll(() => page.evaluate(() => (window as any).uetq.slice(-3))).toEqual(["consent", "update", { ad_storage: "granted" }]);
    // Without the setting, nothing is pushed for Microsoft's tag.
    const plain = await visit("");
    expect(await plain.page.evaluate(() => (window as any).uetq)).toBeUndefined();
  });

  it("takes the merchant's settings and text overrides from the app-owned metafield", async () => {
    const session = await app.shopify.config.sessionStorage.loadSession(`offline_${DEMO_SHOP}`);
    const admin = (query: string, variables: Record<string, unknown> = {}) =>
      (app.local as LocalRuntime).fake
        .fetch(`https://${DEMO_SHOP}/admin/api/2026-10/graphql.json`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-shopify-access-token": session!.accessToken! },
          body: JSON.stringify({ query, variables }),
        })
        .then((r) => r.json());
    const { data } = await admin("query { currentAppInstallation { id } }");
    const settings = {
      revision: 7,
      everywhere: true,
      gcm: false,
      position: "top",
      layout: "box",
      radius: 0,
      colors: { background: "#102030", text: "#ffffff", button: "#ffffff", buttonText: "#102030" },
      text: { en: { title: "Cookies at Consent Demo" } },
    };
    const written = await admin("mutation Save($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { userErrors { message } } }", {
      metafields: [{ ownerId: data.currentAppInstallation.id, namespace: "consent_banner", key: "settings", type: "json", value: JSON.stringify(settings) }],
    });
    expect(written.data.metafieldsSet.userErrors).toEqual([]);
    const { page } = await visit("?region=USCA");
    await bar(page).waitFor();
    expect(await page.getByRole("heading", { name: "Cookies at Consent Demo" }).isVisible()).toBe(true);
    expect(await page.locator("#cb").getAttribute("class")).toContain("cb--top cb--box");
    expect(await bar(page).evaluate((el) => getComputedStyle(el).borderTopLeftRadius)).toBe("0px");
    const config = JSON.parse((await page.locator("#consent-banner-config").textContent())!);
    expect(config).toMatchObject({ revision: 7, everywhere: true, position: "top", layout: "box", radius: 0 });
    await admin("mutation Drop($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { userErrors { message } } }", {
      m: [{ ownerId: data.currentAppInstallation.id, namespace: "consent_banner", key: "settings" }],
    });
  });

  it("warns the merchant in the theme editor about colours below 4.5:1", async () => {
    const { page } = await visit("?design=1&background=%23ffffff&text=%23aaaaaa");
    await bar(page).waitFor();
    expect(
      await bar(page)
        .getByText(/Low contrast: text 2\.3:1/)
        .isVisible(),
    ).toBe(true);
    const plain = await visit("?background=%23ffffff&text=%23aaaaaa");
    await bar(plain.page).waitFor();
    expect(
      await bar(plain.page)
        .getByText(/Low contrast/)
        .count(),
    ).toBe(0);
  });
});
