import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { readEnv } from "../web/config/env.js";
import type { LocalRuntime } from "../web/local/index.js";
import { DEMO_SHOP } from "../web/local/local-secrets.js";
import { createLogger } from "../web/logging/logger.js";
import { startApp, type RunningApp } from "../web/server.js";
import { adminAxeViolations, launchBrowser, screenshotPath } from "./support/browser.js";
import { waitFor } from "./support/seed.js";
import { DAY } from "../web/config/time.js";
import { scheduleConsentRegionsCheck } from "../web/settings/consent-regions-check.js";
import { newRowId } from "../web/db/row-id.js";
import { sealDetails } from "../web/privacy-centre/shopper-details.js";
import { createKeyring } from "../web/security/encryption.js";

// The merchant's admin end to end, in real Chromium, through /local/admin (the Shopify admin's part
// played by local mode: nav menu, title bar, save bar, modals, toasts, the theme editor's embed switch).
// Each test is a merchant's whole flow across pages (many loads in Chromium): 90 s each, beside the suite's 30 s.
describe("the embedded admin in local mode", { timeout: 90_000 }, () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "consent-admin-"));
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const fake = () => (app.local as LocalRuntime).fake;
  const savedSettings = () => {
    const field = fake()
      .metafieldsOf(DEMO_SHOP)
      .find((m) => m.namespace === "consent_banner" && m.key === "settings");
    return field ? JSON.parse(field.value) : undefined;
  };

  beforeAll(async () => {
    app = await startApp(readEnv({ APP_DATA_DIR: dataDir, PORT: "0", JOB_POLL_MS: "200", SUPPORT_EMAIL: "help@consent.example" }), {
      logger: createLogger("warn"),
      host: "127.0.0.1",
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.close();
  });

  async function openAdmin(width = 1280, height = 900): Promise<{ page: Page; frame: FrameLocator; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app.url}/local/admin`);
    return { page, frame: page.frameLocator("iframe#app"), errors };
  }
  const navTo = (page: Page, label: string) => page.locator("#app-nav a", { hasText: label }).click();
  const step = (frame: FrameLocator, id: string) => frame.locator(`li[data-step="${id}"]`);

  it("home: a setup guide that follows the shop's real state (embed switch, Shopify's banner through a confirmation modal)", async () => {
    const { page, frame, errors } = await openAdmin();
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    expect(await step(frame, "embed").getAttribute("data-done")).toBe("false");
    expect(await step(frame, "policy").getAttribute("data-done")).toBe("true");
    expect(await step(frame, "shopify-banner").getAttribute("data-done")).toBe("false");
    expect(await page.locator("#title").textContent()).toBe("Consent & Compliance");
    expect(await adminAxeViolations(page)).toEqual([]);

    // The theme editor's embed switch (local stand-in), then the guide checks Shopify again.
    await page.locator("#embed-switch").check();
    await step(frame, "embed").getByRole("button", { name: "Check again" }).click();
    await waitFor(async () => (await step(frame, "embed").getAttribute("data-done")) === "true", 10_000, "the embed step to tick");
    expect(await frame.getByText("On", { exact: true }).count()).toBe(1);

    // Turning Shopify's banner off goes through an App Bridge modal.
    await step(frame, "shopify-banner").getByRole("button", { name: "Turn off Shopify's banner" }).click();
    const modal = frame.locator("dialog.ab-modal[open]");
    await modal.waitFor();
    expect(await modal.getByRole("heading", { name: "Turn off Shopify's cookie banner?" }).count()).toBe(1);
    expect(fake().shopState(DEMO_SHOP).cookieBanner).toBe(true);
    await page.screenshot({ path: screenshotPath("admin-home-modal") });
    await modal.getByRole("button", { name: "Turn off" }).click();
    await waitFor(async () => (await step(frame, "shopify-banner").getAttribute("data-done")) === "true", 10_000, "Shopify's banner to be off");
    expect(fake().shopState(DEMO_SHOP).cookieBanner).toBe(false);
    expect(await page.locator("#toast").textContent()).toBe("Shopify's cookie banner is off");

    // Shopify's consent regions: none requires consent at a fresh shop; one button writes them.
    expect(await step(frame, "consent-regions").getAttribute("data-done")).toBe("false");
    expect(await step(frame, "consent-regions").textContent()).toContain("No region requires consent in Shopify's privacy settings");
    await step(frame, "consent-regions").scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("admin-home-consent-regions") });
    await step(frame, "consent-regions").getByRole("button", { name: "Require consent in the EU, EEA, UK and Switzerland" }).click();
    await waitFor(async () => (await step(frame, "consent-regions").getAttribute("data-done")) === "true", 10_000, "the consent regions written");
    expect(
      fake()
        .consentPoliciesOf(DEMO_SHOP)
        .filter((p) => p.consentRequired),
    ).toHaveLength(32);
    await page.screenshot({ path: screenshotPath("admin-home") });

    // Another app turns consent off in Germany: the daily check flags it on Home until acknowledged.
    fake()
      .consentPoliciesOf(DEMO_SHOP)
      .find((p) => p.countryCode === "DE")!.consentRequired = false;
    await scheduleConsentRegionsCheck(app.db.prisma, new Date(Date.now() + 2 * DAY));
    app.worker!.wake();
    await waitFor(async () => (await app.db.prisma.shop.findUnique({ where: { domain: DEMO_SHOP } }))?.consentPolicyDriftFrom, 10_000, "the change seen");
    await page.reload();
    const warning = page.frameLocator("iframe#app").getByRole("alert").filter({ hasText: "Shopify's consent regions changed" });
    await warning.waitFor({ timeout: 20_000 });
    expect(await warning.textContent()).toContain(`Consent no longer required in ${new Intl.DisplayNames("en", { type: "region" }).of("DE")}.`);
    expect(await adminAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-home-regions-changed") });
    await warning.getByRole("button", { name: "Got it" }).click();
    await warning.waitFor({ state: "detached", timeout: 10_000 });
    expect(errors).toEqual([]);
  });

  it("home: every link and button keeps the app in its frame (Shopify admin pages open at the top, others in a new tab)", async () => {
    // Every step of the guide to do, so every button shows.
    const state = fake().shopState(DEMO_SHOP);
    const before = { ...state };
    Object.assign(state, { privacyPolicy: false, embedActive: false, cookieBanner: true });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      // The real admin's pages refuse to be framed (X-Frame-Options: DENY): any that reaches the app's frame is a failure.
      const framedAway: string[] = [];
      page.on("request", (request) => {
        const frame = request.frame();
        if (request.isNavigationRequest() && frame.parentFrame() && !request.url().startsWith(app.url)) framedAway.push(request.url());
      });
      await context.route(
        (url) => url.hostname.endsWith(".myshopify.com") || url.hostname === "admin.shopify.com",
        (route) => route.fulfill({ status: 200, headers: { "X-Frame-Options": "DENY", "Content-Type": "text/html" }, body: "<h1>Shopify admin</h1>" }),
      );
      const open = async () => {
        await page.goto(`${app.url}/local/admin`);
        const frame = page.frameLocator("iframe#app");
        await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
        await frame
          .getByRole("button", { name: "Turn on in theme editor" })
          .or(frame.getByRole("link", { name: "Turn on in theme editor" }))
          .waitFor();
        return frame;
      };
      const appPath = () => new URL(page.frame({ url: /embedded=1/ })?.url() ?? "about:blank").pathname;
      // The page's own links and buttons (App Bridge's elements are drawn by the admin), each marked with its index.
      const controls = async (frame: FrameLocator) =>
        frame.locator("#root").evaluate((root) =>
          Array.from(root.querySelectorAll("a, button"))
            .filter((element) => !element.closest("ui-nav-menu, ui-title-bar, ui-modal, ui-save-bar"))
            .map((element, index) => {
              element.setAttribute("data-e2e-control", String(index));
              return (element.textContent ?? "").trim() || element.getAttribute("aria-label") || "";
            }),
        );
      // What each control of the home page must do; a control not listed fails the test, so the list stays complete.
      const expected: Record<
        string,
        { top?: RegExp; popup?: RegExp; path?: string; request?: RegExp; frameState?: (frame: FrameLocator) => Promise<unknown> }
      > = {
        "Turn on in theme editor": { top: /\/local\/shopify-admin\/themes\/current\/editor\?context=apps&activateAppId=[^&]+\/consent-banner$/ },
        "Check again": { request: /\/local\/embed$/ },
        "Review banner": { path: "/banner" },
        "Create a privacy policy": { top: /\/local\/shopify-admin\/settings\/legal$/ },
        "Turn off Shopify's banner": { frameState: (frame) => frame.locator("dialog.ab-modal[open]").waitFor() },
        // Refused while Shopify's banner is on: Shopify's reason shows on the step.
        "Require consent in the EU, EEA, UK and Switzerland": {
          request: /\/api\/consent-regions\/apply$/,
          frameState: (frame) => step(frame, "consent-regions").getByText("cookie banner must be disabled").waitFor(),
        },
        "Hide steps": { frameState: (frame) => frame.getByRole("button", { name: "Show steps" }).waitFor() },
        "View privacy requests": { path: "/privacy-requests" },
        "View consent leaks": { path: "/leaks" },
        "See consent leaks": { path: "/leaks" },
        Help: { path: "/help" },
      };
      const labels = await controls(await open());
      expect(labels).toEqual(expect.arrayContaining(["Turn on in theme editor", "Create a privacy policy", "Check again", "Review banner"]));
      for (const [index, label] of labels.entries()) {
        const frame = await open();
        expect(await controls(frame), "the same controls on every load").toEqual(labels);
        const want = expected[label];
        expect(want, `what "${label}" should do`).toBeDefined();
        const control = frame.locator(`[data-e2e-control="${index}"]`);
        if (want!.popup) {
          const [popup] = await Promise.all([context.waitForEvent("page"), control.click()]);
          expect(popup.url()).toMatch(want!.popup);
          await popup.close();
        } else if (want!.request) {
          await Promise.all([page.waitForRequest(want!.request), control.click()]);
        } else {
          await control.click();
        }
        if (want!.top) await page.waitForURL(want!.top, { timeout: 10_000 });
        if (want!.path) await waitFor(async () => appPath() === want!.path, 10_000, `the app at ${want!.path}`);
        if (want!.frameState) await want!.frameState(frame);
        if (!want!.top) expect(new URL(page.url()).pathname, label).toBe("/local/admin");
        expect(framedAway, label).toEqual([]);
      }
      // The theme editor's stand-in saves the embed on, as the merchant does in Shopify's.
      await (await open()).getByRole("link", { name: "Turn on in theme editor" }).click();
      await page.getByRole("button", { name: "Save" }).click();
      await waitFor(async () => fake().shopState(DEMO_SHOP).embedActive, 10_000, "the embed switched on by the theme editor");
      await page.getByRole("link", { name: "Back to the app" }).click();
      await page.frameLocator("iframe#app").getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
      expect(framedAway).toEqual([]);
    } finally {
      Object.assign(state, before);
    }
  });

  it("banner: the preview follows unsaved edits, low contrast blocks saving, the save bar saves to the storefront", async () => {
    const { page, frame, errors } = await openAdmin();
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    await navTo(page, "Banner");
    const title = frame.getByLabel("Title", { exact: true });
    await title.waitFor({ timeout: 20_000 });
    expect(await page.locator("#title").textContent()).toBe("Banner");
    expect(await page.locator("#savebar").isHidden()).toBe(true);
    expect(await adminAxeViolations(page)).toEqual([]);

    const preview = frame.frameLocator('[data-testid="banner-preview"]');
    await preview.getByRole("heading", { name: "We value your privacy" }).waitFor();
    // Typed key by key, as a merchant types: the preview redraws after each pause, and the banner it draws
    // (which focuses itself when it opens, for shoppers) never takes the focus from the field being edited.
    const appFrame = page.frame({ url: /embedded=1/ })!;
    const focusedLabel = () =>
      appFrame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.tagName);
    await title.fill("Cookies");
    await preview.getByRole("heading", { name: "Cookies" }).waitFor({ timeout: 5_000 });
    await title.pressSequentially(", honestly", { delay: 200 });
    await preview.getByRole("heading", { name: "Cookies, honestly" }).waitFor({ timeout: 5_000 });
    expect(await focusedLabel()).toBe("Title");
    // The preferences panel (a modal dialog, which focuses into itself when it opens) keeps it there too.
    await frame.getByRole("button", { name: "Preferences", exact: true }).click();
    await preview.getByRole("dialog", { name: "Your privacy choices" }).waitFor({ timeout: 5_000 });
    await title.click();
    await title.pressSequentially("!", { delay: 200 });
    await waitFor(async () => (await preview.locator("#cb-title").textContent()) === "Cookies, honestly!", 5_000, "the redrawn panel");
    await preview.getByRole("dialog", { name: "Your privacy choices" }).waitFor({ timeout: 5_000 });
    expect(await focusedLabel()).toBe("Title");
    await title.press("Backspace");
    await frame.getByRole("button", { name: "Banner", exact: true }).click();
    await preview.getByRole("heading", { name: "Cookies, honestly" }).waitFor({ timeout: 5_000 });
    expect(await page.locator("#savebar").isVisible()).toBe(true);
    expect(savedSettings()).toBeUndefined(); // previewed, not saved

    // A colour pair under 4.5:1: an inline error, and Save does not save.
    const textColour = frame.getByLabel("Text", { exact: true });
    await textColour.fill("#bbbbbb");
    await frame
      .getByText(/Text on background is 1\.\d\d:1/)
      .first()
      .waitFor();
    // Leave the field and go back to the top of the long page: the refused save brings the field back into view and focus.
    await title.focus();
    await appFrame.evaluate(() => window.scrollTo(0, 0));
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await frame.getByText("Fix the colours marked below: they are too hard to read.").waitFor();
    await waitFor(
      () =>
        appFrame.evaluate(() => {
          const active = document.activeElement as HTMLInputElement | null;
          const box = active?.getBoundingClientRect();
          return active?.labels?.[0]?.textContent === "Text" && box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
        }),
      5_000,
      "the colour in error focused and in view",
    );
    expect(savedSettings()).toBeUndefined();
    await page.screenshot({ path: screenshotPath("admin-banner-contrast-error") });

    await textColour.fill("#0b3d2e");
    await waitFor(async () => (await preview.locator(".cb").getAttribute("style"))?.includes("--cb-fg:#0b3d2e"), 5_000, "the preview's colour");
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await waitFor(async () => savedSettings()?.text?.en?.title === "Cookies, honestly", 10_000, "the metafield");
    expect(savedSettings().colors.text).toBe("#0b3d2e");
    await waitFor(async () => (await page.locator("#toast").textContent())?.startsWith("Banner saved"), 5_000, "the toast");
    await waitFor(() => page.locator("#savebar").isHidden(), 5_000, "the save bar to close");
    // The history says who saved (the session token's staff user) and what changed, in the page's words.
    await frame.getByText(/Version 1 · .* · saved by staff member 1 · changed Text colour, Texts \(English\) ·/).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: screenshotPath("admin-banner") });

    // The storefront renders the saved metafield.
    const storefront = await page.context().newPage();
    await storefront.goto(`${app.url}/local/storefront`);
    await storefront.getByRole("heading", { name: "Cookies, honestly" }).waitFor({ timeout: 10_000 });
    await storefront.close();

    // A reload keeps it.
    await page.reload();
    await page.frameLocator("iframe#app").getByLabel("Title", { exact: true }).waitFor({ timeout: 20_000 });
    await waitFor(
      async () => (await page.frameLocator("iframe#app").getByLabel("Title", { exact: true }).inputValue()) === "Cookies, honestly",
      10_000,
      "the saved title after a reload",
    );
    expect(errors).toEqual([]);
  });

  it("banner: leaving with unsaved changes asks Save or Discard; the revision modal asks for a reason", async () => {
    const { page, frame } = await openAdmin();
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    await navTo(page, "Banner");
    const title = frame.getByLabel("Title", { exact: true });
    await title.waitFor({ timeout: 20_000 });
    await title.fill("Something else");
    await navTo(page, "Privacy requests");
    const leave = page.locator("dialog#leave[open]");
    await leave.waitFor();
    await leave.getByRole("button", { name: "Discard" }).click();
    await frame.getByRole("heading", { name: "Privacy requests" }).first().waitFor({ timeout: 10_000 });
    expect(savedSettings().text.en.title).toBe("Cookies, honestly");

    await navTo(page, "Banner");
    await frame.getByRole("button", { name: "Ask every visitor again" }).click();
    const modal = frame.locator("dialog.ab-modal[open]");
    await modal.getByLabel("What changed?").fill("We added a chat widget");
    await modal.getByRole("button", { name: "Ask again" }).click();
    await waitFor(async () => savedSettings().revision === 2, 10_000, "the new revision on the storefront");
    await frame.getByText(/asked everyone again: “We added a chat widget”/).waitFor({ timeout: 10_000 });
  });

  it("banner: Google Consent Mode's basic or advanced mode (offered once Consent Mode is on) and reload on withdrawal reach the storefront", async () => {
    const { page, frame, errors } = await openAdmin();
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    await navTo(page, "Banner");
    const consentMode = frame.getByLabel("Google Consent Mode v2");
    await consentMode.waitFor({ timeout: 20_000 });
    const advanced = frame.getByRole("radio", { name: "Advanced: Google's tags load at once, consent denied" });
    // Off by default: no mode to choose.
    expect(await consentMode.isChecked()).toBe(false);
    expect(await advanced.count()).toBe(0);
    await consentMode.check();
    expect(await frame.getByRole("radio", { name: "Basic: Google's tags wait for consent" }).isChecked()).toBe(true);
    expect(await frame.getByText(/load at once with every consent type denied\. They store nothing, but send Google cookieless pings/).count()).toBe(1);
    expect(await frame.getByRole("link", { name: "Basic and advanced consent mode, as Google explains them" }).getAttribute("href")).toBe(
      "https://developers.google.com/tag-platform/security/concepts/consent-mode#basic_vs_advanced_consent_mode",
    );
    // Polaris draws the radio over its input: a merchant clicks its label.
    await frame.getByText("Advanced: Google's tags load at once, consent denied").click();
    expect(await advanced.isChecked()).toBe(true);
    const reload = frame.getByLabel("Reload the page when a shopper withdraws consent");
    expect(await reload.isChecked()).toBe(false);
    expect(await frame.getByText("Scripts that already ran keep running until the page reloads", { exact: false }).count()).toBe(1);
    await reload.check();
    expect(await adminAxeViolations(page)).toEqual([]);

    await page.locator("#savebar button", { hasText: "Save" }).click();
    await waitFor(async () => savedSettings()?.gcmMode === "advanced", 10_000, "advanced mode in the metafield");
    expect(savedSettings()).toMatchObject({ gcm: true, gcmMode: "advanced", reloadOnWithdraw: true });
    await frame
      .getByText(/changed Google Consent Mode, Google's tags before consent \(Consent Mode basic or advanced\), Reload on withdrawal/)
      .waitFor({ timeout: 10_000 });

    // The storefront's inline blocker reads them: Google's tags load at once (advanced), and a withdrawal reloads.
    const storefront = await page.context().newPage();
    await storefront.goto(`${app.url}/local/storefront`);
    const blockerConfig = JSON.parse((await storefront.locator("#consent-blocker-config").textContent()) ?? "{}");
    expect(blockerConfig).toMatchObject({ g: true, a: true, w: true });
    await storefront.close();

    // A reload shows what is saved.
    await page.reload();
    const again = page.frameLocator("iframe#app");
    await again.getByLabel("Google Consent Mode v2").waitFor({ timeout: 20_000 });
    expect(await again.getByRole("radio", { name: "Advanced: Google's tags load at once, consent denied" }).isChecked()).toBe(true);
    expect(await again.getByLabel("Reload the page when a shopper withdraws consent").isChecked()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);

  it("privacy requests: a webhook sent from /local/webhooks shows in the table, and its detail has the timeline", async () => {
    const sent = await fetch(`${app.url}/local/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "topic=customers%2Fredact&customer=777",
    });
    expect(await sent.text()).toContain("customers/redact: HTTP 200");
    await waitFor(
      () => app.db.prisma.complianceRequest.findFirst({ where: { shopDomain: DEMO_SHOP, topic: "customers/redact", status: "completed" } }),
      20_000,
      "the erasure",
    );
    const { page, frame, errors } = await openAdmin();
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    await navTo(page, "Privacy requests");
    const row = frame.getByRole("row", { name: /Customer erasure/ });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toMatch(/Completed/);
    // Who asked: Shopify's customer id (kept 30 days after completion), never the email.
    expect(await row.textContent()).toMatch(/Customer 777/);
    expect(await row.textContent()).not.toMatch(/john@example\.com/);
    expect(await adminAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-privacy-requests") });
    // Keyboard: Tab from the last filter reaches the row's link, and Enter opens the request.
    await frame.getByLabel("Due", { exact: true }).focus();
    const appFrame = page.frame({ url: /embedded=1/ })!;
    const focusedRow = () => appFrame.evaluate(() => document.activeElement?.closest("tr")?.textContent ?? "");
    for (let i = 0; i < 10 && !/Customer erasure/.test(await focusedRow()); i++) await page.keyboard.press("Tab");
    expect(await focusedRow()).toMatch(/Customer erasure/);
    expect(await appFrame.evaluate(() => document.activeElement?.tagName)).toBe("A");
    await page.keyboard.press("Enter");
    await frame.getByRole("heading", { name: "Timeline" }).waitFor({ timeout: 10_000 });
    const timeline = await frame.getByRole("list", { name: "Audit trail" }).textContent();
    expect(timeline).toMatch(/Received from Shopify.*Work started \(attempt 1\).*Completed/);
    expect(await page.locator("#app-nav a[aria-current=page]").textContent()).toBe("Privacy requests");
    expect(await adminAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-privacy-request-detail") });
    // The customer opens in Shopify's admin, at the top level.
    await frame.getByRole("link", { name: "Customer 777, open in Shopify" }).click();
    await page.waitForURL(/\/local\/shopify-admin\/customers\/777$/, { timeout: 10_000 });
    expect(errors).toEqual([]);
  });

  it("privacy requests: a shopper's request shows its legal clock, and the merchant declines it with a reason the shopper is told", async () => {
    const keyring = createKeyring(app.local!.encryptionKey);
    const id = newRowId();
    // Received 20 days ago, due in 2 days (as if its month were short): flagged on Home and in the list.
    const receivedAt = new Date(Date.now() - 20 * 86_400_000);
    const dueAt = new Date(Date.now() + 2 * 86_400_000);
    await app.db.prisma.complianceRequest.create({
      data: {
        id,
        shopDomain: DEMO_SHOP,
        topic: "shopper/deletion",
        source: "shopper",
        dedupKey: `shopper:${id}`,
        webhookId: "",
        payload: "",
        status: "awaiting_merchant",
        law: "gdpr",
        country: "DE",
        locale: "en",
        receivedAt,
        verifiedAt: receivedAt,
        dueAt,
        details: sealDetails(keyring, id, { email: "guest-e2e@example.com", storefront: { host: "localhost", pathPrefix: "/apps/consent" } }),
      },
    });
    const mailsBefore = (app.local as LocalRuntime).outbox.messages().length;
    const { page, frame, errors } = await openAdmin();
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    // Home flags it: due within 3 days.
    await frame.getByText(/1 privacy request due within 3 days/).waitFor({ timeout: 10_000 });
    await navTo(page, "Privacy requests");
    const row = frame.getByRole("row", { name: /Delete their data/ });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toMatch(/Shopper.*guest.*GDPR.*due soon.*Needs you/);
    expect(await frame.getByRole("heading", { name: "Carry out verified requests automatically" }).count()).toBe(1);
    expect(await adminAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-privacy-requests-shopper") });

    await row.getByRole("link", { name: "Delete their data" }).click();
    await frame.getByRole("heading", { name: "Deadline" }).waitFor({ timeout: 10_000 });
    const deadline = await frame.locator("dl").nth(1).textContent();
    expect(deadline).toMatch(/GDPR: one month from verification.*shopper in DE.*Verified.*Due.*due soon.*Can be extended once/);
    expect(await frame.getByText("guest-e2e@example.com (a guest; no Shopify customer linked yet)").count()).toBe(1);
    await frame.getByRole("button", { name: "Decline…" }).click();
    const reason = frame.getByLabel("Why you decline");
    await reason.waitFor();
    expect(await frame.getByText(/The shopper is told this reason by e-mail and on their status page/).count()).toBe(1);
    expect(await adminAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-privacy-request-decline") });
    await reason.fill("We must keep invoices for ten years (tax law).");
    await frame.getByRole("button", { name: "Decline the request" }).click();
    await waitFor(async () => (await page.locator("#toast").textContent()) === "Declined; the shopper is told why", 10_000, "the decline's toast");
    await frame.getByText("Your reason").waitFor({ timeout: 10_000 });
    expect(await frame.getByRole("list", { name: "Audit trail" }).textContent()).toMatch(/Declined by you/);
    expect(await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "declined",
      decisionReason: "We must keep invoices for ten years (tax law).",
    });
    // The shopper's e-mail, in local mode's outbox.
    await waitFor(async () => (app.local as LocalRuntime).outbox.messages().length > mailsBefore, 10_000, "the shopper's e-mail");
    expect((app.local as LocalRuntime).outbox.messages().some((m) => m.to === "guest-e2e@example.com")).toBe(true);
    expect(await frame.getByRole("button", { name: "Decline…" }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("consent: a choice made on /local/storefront shows in the log and the insights, and the CSV downloads", async () => {
    const shopper = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    contexts.push(shopper);
    const store = await shopper.newPage();
    await store.goto(`${app.url}/local/storefront?region=DEBE`);
    await store.locator(".cb-bar").getByRole("button", { name: "Accept all" }).click();
    await waitFor(() => app.db.prisma.consentReceipt.findFirst({ where: { shopDomain: DEMO_SHOP, method: "accept_all" } }), 10_000, "the receipt");

    const { page, frame, errors } = await openAdmin();
    // The chart's code (polaris-viz) is its own chunk: requests for it, from the first page on.
    const chartChunk: string[] = [];
    page.on("request", (request) => /\/assets\/ConsentChart-[^/]+\.js$/.test(request.url()) && chartChunk.push(request.url()));
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    await navTo(page, "Consent log");
    const row = frame.getByRole("row", { name: /Accept all/ }).first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toMatch(/DEBE/);
    expect(await adminAxeViolations(page)).toEqual([]);
    // A search by consent id shows the receipt with the id it matched.
    const { consentId } = await app.db.prisma.consentReceipt.findFirstOrThrow({
      where: { shopDomain: DEMO_SHOP, method: "accept_all", consentId: { not: null } },
    });
    await frame.getByLabel("Find receipts").fill(consentId!);
    await frame.getByRole("button", { name: "Search" }).click();
    await frame.getByRole("row", { name: new RegExp(consentId!) }).waitFor({ timeout: 10_000 });
    expect(await frame.getByRole("row", { name: new RegExp(consentId!) }).textContent()).toMatch(/Not logged in/);
    await page.screenshot({ path: screenshotPath("admin-consent-log") });
    const [download] = await Promise.all([page.waitForEvent("download"), frame.getByRole("button", { name: "Download CSV" }).click()]);
    const csv = (await import("node:fs"))
      .readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toMatch(/^receipt_id,recorded_at,consent_id/);
    expect(csv.slice(1).some((line) => line.includes("accept_all") && line.includes("DEBE"))).toBe(true);
    expect(download.suggestedFilename()).toBe("consent-receipts-consent-demo.csv");

    // Home and the Consent log did not load the chart's code; Insights loads it, and draws the chart.
    expect(chartChunk).toEqual([]);
    await navTo(page, "Consent insights");
    await frame.getByRole("heading", { name: "Choices per day" }).waitFor({ timeout: 20_000 });
    const table = await frame.getByRole("table").first().textContent();
    expect(table).toMatch(/Accept all/);
    await frame.locator("[inert] svg").first().waitFor({ timeout: 20_000 });
    expect(chartChunk).toHaveLength(1);
    const choices = await app.db.prisma.consentReceipt.count({ where: { shopDomain: DEMO_SHOP } });
    expect(await frame.getByText(choices.toLocaleString("en-US"), { exact: true }).first().count()).toBe(1);
    expect(await adminAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-insights") });
    expect(errors).toEqual([]);
  });

  it("help: how the app works, answers to what merchants ask most, and the support e-mail from SUPPORT_EMAIL", async () => {
    const { page, frame, errors } = await openAdmin();
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    await frame.getByRole("link", { name: "Help", exact: true }).click();
    await frame.getByRole("heading", { name: "How the app works" }).waitFor({ timeout: 20_000 });
    expect(await page.locator("#title").textContent()).toBe("Help");
    expect(await page.locator("#app-nav a[aria-current=page]").textContent()).toBe("Help");
    for (const question of [
      "The banner isn't showing on my store",
      "Trackers still run before shoppers choose",
      "Shoppers see two banners",
      "Is anything paid or limited?",
    ]) {
      expect(await frame.getByRole("heading", { name: question }).count(), question).toBe(1);
    }
    expect(await frame.getByRole("link", { name: "help@consent.example" }).getAttribute("href")).toBe("mailto:help@consent.example");
    expect(await adminAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath("admin-help") });
    expect(errors).toEqual([]);
  });

  it("works at 320 px wide on every page, and keyboard users reach the controls", async () => {
    const { page, frame, errors } = await openAdmin(320, 720);
    await frame.getByText("Setup guide", { exact: true }).waitFor({ timeout: 20_000 });
    const overflow = () =>
      page
        .frameLocator("iframe#app")
        .locator("body")
        .evaluate((body) => body.scrollWidth - body.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath("admin-home-320"), fullPage: true });
    for (const [label, ready, shot] of [
      ["Banner", "Appearance", "admin-banner-320"],
      ["Consent insights", "Choices per day", "admin-insights-320"],
      ["Consent log", "Export as CSV", "admin-consent-log-320"],
      ["Consent leaks", "Report only", "admin-consent-leaks-320"],
      ["Privacy requests", "Carry out verified requests automatically", "admin-privacy-requests-320"],
      ["Help", "How the app works", "admin-help-320"],
    ] as const) {
      await navTo(page, label);
      await frame.getByText(ready, { exact: true }).first().waitFor({ timeout: 20_000 });
      expect(await overflow(), label).toBeLessThanOrEqual(0);
      await page.screenshot({ path: screenshotPath(shot), fullPage: true });
    }
    // Keyboard: from the top of the Banner page, Tab reaches the language picker and the title field.
    await navTo(page, "Banner");
    const appFrame = page.frame({ url: /embedded=1/ })!;
    await frame.getByLabel("Language").waitFor();
    // The keyboard focus must be inside the app's frame, at the top of its document, before Tab moves in it.
    await page.locator("iframe#app").focus();
    await appFrame.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
    });
    await waitFor(() => appFrame.evaluate(() => document.hasFocus() && document.activeElement === document.body), 5_000, "the focus inside the app's frame");
    const labels: string[] = [];
    for (let i = 0; i < 12; i++) {
      await appFrame.evaluate(() => ((window as unknown as { tabbedFrom: Element | null }).tabbedFrom = document.activeElement));
      await page.keyboard.press("Tab");
      // Each Tab is read once the focus has moved, not after a pause.
      await waitFor(
        () => appFrame.evaluate(() => document.activeElement !== (window as unknown as { tabbedFrom: Element | null }).tabbedFrom),
        5_000,
        "the focus to move",
      );
      labels.push(
        await appFrame.evaluate(() => {
          const active = document.activeElement as HTMLInputElement | null;
          return active?.labels?.[0]?.textContent ?? active?.getAttribute("aria-label") ?? active?.textContent ?? "";
        }),
      );
    }
    expect(labels).toEqual(expect.arrayContaining(["Language", "Title", "Description"]));
    expect(errors).toEqual([]);
  });
});
