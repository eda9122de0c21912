import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { unzipSync, strFromU8 } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../web/config/env.js";
import { DEMO_SHOP } from "../web/local/local-secrets.js";
import { createLogger } from "../web/logging/logger.js";
import { startApp, type RunningApp } from "../web/server.js";
import { launchBrowser, screenshotPath } from "./support/browser.js";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "./support/databases.js";
import { LogCapture } from "./support/log-capture.js";
import { waitFor } from "./support/seed.js";

interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}
interface ShopifyCall {
  operationName: string;
  variables: Record<string, unknown>;
  at: string;
}

/**
 * The privacy centre end to end in Chromium, in local mode (the local app proxy renders the Liquid pages in
 * the theme; the stand-in Shopify answers the Admin API and sends customers/redact after an erasure; e-mail
 * lands in the outbox), on each database.
 */
describe.each(PROVIDERS)("the shoppers' privacy centre in a browser, on %s", (provider) => {
  let database: TestDatabase;
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    const env = readEnv({
      APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-privacy-")),
      DATABASE_URL: database.url,
      PORT: "0",
      LOCAL_ERASURE_DELAY_MS: "500",
      JOB_POLL_MS: "100",
    });
    app = await startApp(env, { logger: createLogger("info", new LogCapture()), host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  const mails = async () => (await (await fetch(`${app.url}/local/mail.json`)).json()) as OutboxMail[];
  const calls = async () => (await (await fetch(`${app.url}/local/shopify/calls.json`)).json()) as ShopifyCall[];
  const receiptsOf = (customerId: string) => app.db.prisma.consentReceipt.count({ where: { shopDomain: DEMO_SHOP, customerId } });

  /** A shopper's browser; `customer` logs them in on the local storefront (the app proxy then signs their id). */
  async function shopper(customer = "") {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/local/storefront?customer=${customer}&locale=en`);
    return { context, page };
  }

  /** Accepts all on the banner as the shopper, and waits for the receipt. */
  async function acceptAll(page: Page, customerId: string) {
    const before = await receiptsOf(customerId);
    await page.getByRole("button", { name: "Accept all" }).click();
    await waitFor(async () => (await receiptsOf(customerId)) > before, 10_000, "the receipt");
  }

  /** Fills and sends one request's form on the privacy page (after the page's minimum fill time). */
  async function request(page: Page, section: string, fill: (form: ReturnType<Page["locator"]>) => Promise<void> = async () => {}) {
    await page.waitForTimeout(2_100);
    const form = page.locator(`section#${section} form`);
    await fill(form);
    await form.getByRole("button").click();
    await page.waitForLoadState("domcontentloaded");
  }

  async function statusUntil(page: Page, text: RegExp) {
    await waitFor(
      async () => {
        await page.reload();
        return text.test(await page.locator("main").innerText());
      },
      20_000,
      `the status page to say ${text}`,
    );
  }

  it("a guest asks for a copy: e-mail, link, confirmation, and the pack downloads from the status page with their receipts and orders", async () => {
    // Ada chose on the storefront while signed in; later, signed out, she asks as a guest with her e-mail address.
    const signedIn = await shopper("42");
    await acceptAll(signedIn.page, "42");
    await signedIn.context.close();

    const { context, page } = await shopper("");
    await page.goto(`${app.url}/apps/consent/privacy`);
    expect(await page.getByRole("heading", { level: 1, name: "Your privacy rights" }).count()).toBe(1);
    const axe = await new AxeBuilder({ page }).include(".pc").withTags(["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await request(page, "access", (form) => form.getByLabel("Your e-mail address").fill("ada@example.com"));
    expect(await page.locator("main").innerText()).toContain("Check your e-mail");

    const mail = await waitFor(async () => (await mails()).find((m) => m.to === "ada@example.com" && /Confirm/.test(m.subject)), 10_000, "the e-mail");
    const link = /(http:\/\/\S+\/apps\/consent\/privacy\/verify\?token=[\w-]{43})/.exec(mail.text)![1]!;
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my request" }).click();
    await page.getByRole("link", { name: "View your request's status" }).click();
    await statusUntil(page, /Done/);
    // The status page (its address is what the theme's scripts may record) does not open the copy for a guest:
    // the e-mail that says it is ready carries the download link.
    expect(await page.locator("main").innerText()).toContain("The link to download it is in the e-mail");
    expect(await page.getByRole("link", { name: /Download your data/ }).count()).toBe(0);
    const ready = await waitFor(async () => (await mails()).find((m) => m.to === "ada@example.com" && /is done/.test(m.subject)), 10_000, "the ready e-mail");
    const downloadLink = /(http:\/\/\S+\/privacy\/status\/[\w-]+\/download\?d=[0-9a-f]{64})/.exec(ready.text)![1]!;
    const response = await fetch(downloadLink);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const zip = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(zip).sort()).toEqual(expect.arrayContaining(["data.json", "summary.html"]));
    const data = JSON.parse(strFromU8(zip["data.json"]!)) as {
      shopify: { customer: { lastName: string }; orders: Array<{ name: string }> };
      consentReceipts: Array<{ granted: string[] | string }>;
    };
    expect(data.shopify.customer.lastName).toBe("Lovelace");
    expect(data.shopify.orders).toHaveLength(12);
    expect(data.consentReceipts.length).toBeGreaterThan(0);
    expect(strFromU8(zip["summary.html"]!)).toContain("<html");
    // The status link alone opens nothing; the download link with a forged signature neither.
    const statusUrl = new URL(page.url());
    expect((await fetch(`${app.url}${statusUrl.pathname}/download${statusUrl.search}`)).status).toBe(404);
    expect((await fetch(downloadLink.replace(/d=[0-9a-f]{64}/, `d=${"0".repeat(64)}`))).status).toBe(404);
    await page.screenshot({ path: screenshotPath(`privacy-status-${provider}`), fullPage: true });
    // The link works once.
    await page.goto(link);
    expect(await page.locator("main").innerText()).toContain("already been used");
    await context.close();
  });

  it("a signed-in customer asks to delete their data: Shopify's erasure once, customers/redact, receipts gone, done with proof", async () => {
    const { context, page } = await shopper("42");
    expect(await receiptsOf("42")).toBeGreaterThan(0);
    const doneMails = async () => (await mails()).filter((m) => m.to === "ada@example.com" && /is done/.test(m.subject)).length;
    const doneBefore = await doneMails();
    await page.goto(`${app.url}/apps/consent/privacy?locale=en`);
    expect(await page.locator("section#deletion").getByLabel("Your e-mail address").count()).toBe(0);
    await request(page, "deletion");
    await page.getByRole("link", { name: "View your request's status" }).click();
    await statusUntil(page, /Done/);
    expect(await page.locator("main").innerText()).toMatch(/erased on/);
    const erasures = (await calls()).filter((c) => c.operationName === "RequestCustomerErasure");
    expect(erasures).toHaveLength(1);
    expect(erasures[0]!.variables).toEqual({ customerId: "gid://shopify/Customer/42" });
    expect(await receiptsOf("42")).toBe(0);
    const shopper42 = await app.db.prisma.complianceRequest.findFirstOrThrow({ where: { shopDomain: DEMO_SHOP, topic: "shopper/deletion" } });
    const redact = await app.db.prisma.complianceRequest.findFirstOrThrow({ where: { shopDomain: DEMO_SHOP, topic: "customers/redact" } });
    expect(shopper42.linkedRequestId).toBe(redact.id);
    expect(redact.linkedRequestId).toBe(shopper42.id);
    // Shopify has erased the customer, e-mail address included: the shopper is still told it is done.
    await waitFor(async () => (await doneMails()) > doneBefore, 10_000, "the completion e-mail");
    await context.close();
  });

  it('"do not sell or share" records the opt-out on the customer record through dataSaleOptOut', async () => {
    const { context, page } = await shopper("191167");
    await page.goto(`${app.url}/apps/consent/privacy?locale=en#opt-out`);
    await request(page, "opt-out");
    await page.getByRole("link", { name: "View your request's status" }).click();
    await statusUntil(page, /Done/);
    const optOuts = (await calls()).filter((c) => c.operationName === "OptOutOfDataSale");
    expect(optOuts.map((c) => c.variables)).toEqual([{ email: "john@example.com" }]);
    await context.close();
  });

  it("shows a California visitor the privacy choices link, and keeps Liquid typed into the form as text", async () => {
    const { context, page } = await shopper("");
    await page.goto(`${app.url}/local/storefront?region=USCA&locale=en`);
    await page.getByRole("button", { name: "Your privacy choices" }).first().waitFor({ timeout: 10_000 });
    await page.goto(`${app.url}/apps/consent/privacy?locale=en`);
    await page.waitForTimeout(2_100);
    const form = page.locator("section#correction form");
    await form.getByLabel("What it should be").fill("{{ shop.name }}");
    await form.getByLabel("What is wrong (optional)").fill("{% raw %}");
    await form.getByLabel("Your e-mail address").fill("not an address {{ shop.name }}");
    await form.getByRole("button").click();
    await page.waitForLoadState("domcontentloaded");
    expect(await page.locator("section#correction form").getByLabel("What it should be").inputValue()).toBe("{{ shop.name }}");
    expect(await page.locator("section#correction textarea").inputValue()).toBe("{% raw %}");
    expect(await page.getByRole("alert").innerText()).toContain("Enter a valid e-mail address");
    await context.close();
  });

  it("fits a 320 px screen and works by keyboard", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/local/storefront?locale=de`);
    await page.goto(`${app.url}/apps/consent/privacy`);
    expect(await page.locator("h1", { hasText: "Ihre Datenschutzrechte" }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await page.locator("#pc-access-email").focus();
    await page.keyboard.type("grace@example.com");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Kopie/);
    await page.screenshot({ path: screenshotPath(`privacy-page-320-${provider}`), fullPage: true });
    await context.close();
  });
});
