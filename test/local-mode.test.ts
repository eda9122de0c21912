import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import { ROOT } from "../web/config/paths.js";
import { DEMO_SHOP } from "../web/local/local-secrets.js";
import { createLogger } from "../web/logging/logger.js";
import { startApp, type RunningApp } from "../web/server.js";
import type { LocalRuntime } from "../web/local/index.js";
import { launchBrowser, screenshotPath } from "./support/browser.js";
import { LogCapture } from "./support/log-capture.js";
import { seedReceipts, settledRequest, waitFor } from "./support/seed.js";

const run = promisify(execFile);

describe("local mode (no Shopify credentials)", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "consent-local-"));
  const env = () => readEnv({ APP_DATA_DIR: dataDir, PORT: "0" });
  let app: RunningApp;
  let logs: LogCapture;
  let browser: Browser;

  beforeAll(async () => {
    logs = new LogCapture();
    app = await startApp(env(), { logger: createLogger("info", logs), host: "127.0.0.1" });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("says so loudly and keeps generated secrets under the data folder", () => {
    expect(logs.entries().some((e) => e.level === 40 && String(e.msg).startsWith("LOCAL MODE"))).toBe(true);
    const secrets = JSON.parse(readFileSync(path.join(dataDir, "local-secrets.json"), "utf8"));
    expect(secrets.apiKey).toMatch(/^local-/);
    expect(Buffer.from(secrets.encryptionKey, "base64")).toHaveLength(32);
  });

  it("installs the demo shop by token exchange with the local stand-in of Shopify", async () => {
    expect((app.local as LocalRuntime).fake.calls.filter((c) => c.kind === "token_exchange" && c.shop === DEMO_SHOP)).toHaveLength(1);
    expect(await app.db.prisma.session.count({ where: { shop: DEMO_SHOP } })).toBe(1);
    const index = await fetch(`${app.url}/local/`);
    expect(await index.text()).toContain("/local/admin");
  });

  it("shows the real admin UI, framed like the Shopify admin, with a session established", async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/local/admin`);
    const frame = page.frameLocator("iframe#app");
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 15_000 });
    // The home page's data came through the session (the shop's policy from the Admin API stand-in).
    expect(await frame.getByText(`https://${DEMO_SHOP}/policies/privacy-policy`).count()).toBe(1);
    await page.screenshot({ path: screenshotPath("local-admin") });
    // The page load's Web Vitals, as App Bridge reports them, land in the log (field data).
    const vitals = await waitFor(async () => logs.entries().find((e) => e.msg === "web vitals"), 15_000, "the Web Vitals line");
    expect(vitals).toMatchObject({ shop: DEMO_SHOP, page: "/" });
    expect(vitals.LCP).toBeGreaterThan(0);
    expect(vitals.CLS).toBeGreaterThanOrEqual(0);
    await context.close();
  });

  it("lists a customer's data request in the admin, with its deadline and a download of the export", async () => {
    await seedReceipts(app.db.prisma, DEMO_SHOP, 2, "191167");
    const sent = await fetch(`${app.url}/local/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "topic=customers%2Fdata_request&customer=191167",
    });
    expect(await sent.text()).toContain("customers/data_request: HTTP 200");
    await settledRequest(app.db.prisma, DEMO_SHOP, "customers/data_request");

    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/local/admin`);
    await page.locator("#app-nav a", { hasText: "Privacy requests" }).click();
    const frame = page.frameLocator("iframe#app");
    await frame.getByRole("row", { name: /Customer data request/ }).waitFor({ timeout: 15_000 });
    expect(await frame.getByText("2 consent receipts exported").count()).toBe(1);
    expect(await frame.getByRole("row", { name: /Customer data request/ }).textContent()).toMatch(/Completed/);
    await page.screenshot({ path: screenshotPath("local-admin-privacy-requests") });
    await frame.getByRole("row", { name: /Customer data request/ }).click();
    const [download] = await Promise.all([page.waitForEvent("download"), frame.getByRole("button", { name: /Download the data export/ }).click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(exported.customer).toEqual({ shopifyCustomerId: "191167" });
    expect(exported.consentReceipts).toHaveLength(2);
    await context.close();
  });

  it("sends signed webhooks from the page and from `npm run webhook`", async () => {
    const form = await fetch(`${app.url}/local/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "topic=app%2Funinstalled",
    });
    expect(await form.text()).toContain("app/uninstalled: HTTP 200");
    expect((await app.db.prisma.shop.findUnique({ where: { domain: DEMO_SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);

    const cli = await run(process.execPath, ["--import", "tsx", "web/local/send-webhook-cli.ts", "app/uninstalled", "--url", app.url], {
      cwd: ROOT,
      env: { ...process.env, APP_DATA_DIR: dataDir, SHOPIFY_API_SECRET: "" },
    });
    expect(cli.stdout).toContain("app/uninstalled → HTTP 200");
  });

  it("restarts with the same secrets and reinstalls the demo shop", async () => {
    await app.close();
    const secretsBefore = readFileSync(path.join(dataDir, "local-secrets.json"), "utf8");
    app = await startApp(env(), { logger: createLogger("info", logs), host: "127.0.0.1" });
    expect(readFileSync(path.join(dataDir, "local-secrets.json"), "utf8")).toBe(secretsBefore);
    expect((await app.db.prisma.shop.findUnique({ where: { domain: DEMO_SHOP } }))?.uninstalledAt).toBeNull();
  });
});
