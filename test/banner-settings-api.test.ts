import { describe, expect, it } from "vitest";
import type { FieldErrorsResponse, SettingsHistoryResponse, SettingsResponse } from "../web/settings/banner-settings-types.js";
import type { HomeResponse } from "../web/home/home-types.js";
import { PROVIDERS } from "./support/databases.js";
import { waitFor } from "./support/seed.js";
import { OTHER_SHOP, SHOP, useTestApp } from "./support/test-app.js";
import { STOREFRONT_LOCALES } from "../web/i18n/storefront-locales.js";

describe.each(PROVIDERS)("the banner settings API on %s", (provider) => {
  const context = useTestApp(provider, { JOB_POLL_MS: "100" });
  const get = async (shop = SHOP) => (await (await context.app.api("/api/settings", { shop })).json()) as SettingsResponse;
  const put = (basedOn: number, settings: unknown, shop = SHOP) =>
    context.app.api("/api/settings", { method: "PUT", shop, body: JSON.stringify({ basedOn, settings }) });
  const metafield = (shop = SHOP) => context.app.fake.metafieldsOf(shop).find((m) => m.namespace === "consent_banner" && m.key === "settings");

  it("starts with no version, the defaults, the extension's texts per language and the shop's policy", async () => {
    const body = await get();
    expect(body.current).toBeNull();
    expect(body.defaults).toMatchObject({ revision: 1, position: "bottom", layout: "bar", colors: { background: "#ffffff" } });
    expect(Object.keys(body.locales.texts).sort()).toEqual([...STOREFRONT_LOCALES].sort());
    expect(body.locales.defaultLocale).toBe("en");
    expect(body.locales.texts.de!.accept_all).toBe("Alle akzeptieren");
    expect(body.shopPolicyUrl).toBe(`https://${SHOP}/policies/privacy-policy`);
  });

  it("saves a version, writes it to the storefront's metafield, and keeps who, when and what changed", async () => {
    const { defaults } = await get();
    const settings = { ...defaults, layout: "box", colors: { ...defaults.colors, background: "#fffbe6" }, text: { en: { title: "Cookies, honestly" } } };
    const res = await put(0, settings);
    expect(res.status).toBe(200);
    const body = (await res.json()) as SettingsResponse;
    expect(body.current).toMatchObject({ version: 1, createdBy: "1", syncState: "synced", changes: ["colors.background", "layout", "text.en"] });
    const field = metafield()!;
    expect(field.type).toBe("json");
    expect(JSON.parse(field.value)).toMatchObject({ layout: "box", colors: { background: "#fffbe6" }, text: { en: { title: "Cookies, honestly" } } });
    const set = context.app.fake.calls.filter((c) => c.operation === "SetBannerSettings").at(-1)!;
    expect(set.variables).toMatchObject({
      metafields: [{ ownerId: context.app.fake.installationId(SHOP), namespace: "consent_banner", key: "settings", type: "json" }],
    });
  });

  it("refuses a save based on an old version with 409, changing nothing", async () => {
    const { defaults } = await get();
    const stale = await put(0, { ...defaults, radius: 3 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ details: { currentVersion: 1 } });
    expect((await get()).current!.version).toBe(1);
    expect(JSON.parse(metafield()!.value).radius).toBe(12);
  });

  it("answers invalid settings with field errors, and stores nothing", async () => {
    const { current } = await get();
    const res = await put(1, { ...current!.settings, radius: 99, colors: { ...current!.settings.colors, text: "#eeeeee" } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as FieldErrorsResponse;
    expect(body.fieldErrors.map((e) => e.path).sort()).toEqual(["radius"]);
    const contrast = (await (await put(1, { ...current!.settings, colors: { ...current!.settings.colors, text: "#eeeeee" } })).json()) as FieldErrorsResponse;
    expect(contrast.fieldErrors).toEqual([{ path: "colors.text", message: expect.stringMatching(/4\.5:1/) }]);
    expect((await get()).current!.version).toBe(1);
  });

  it("keeps a version Shopify refused as 'not yet on your storefront', and the job queue writes it later", async () => {
    const { current } = await get();
    context.app.fake.failNext("SetBannerSettings", 1);
    const res = await put(1, { ...current!.settings, radius: 6 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SettingsResponse;
    expect(body.current).toMatchObject({ version: 2, syncState: "failed", syncError: expect.stringMatching(/Admin API/) });
    expect(JSON.parse(metafield()!.value).radius).toBe(12);
    // The retry job (5 s later) writes the current version.
    await waitFor(async () => (await get()).current?.syncState === "synced", 20_000, "the queued retry");
    expect(JSON.parse(metafield()!.value).radius).toBe(6);
  });

  it("retries at once on request (the page's Retry button)", async () => {
    const { current } = await get();
    context.app.fake.failNext("SetBannerSettings", 1);
    expect(((await (await put(2, { ...current!.settings, radius: 7 })).json()) as SettingsResponse).current!.syncState).toBe("failed");
    const retried = (await (await context.app.api("/api/settings/sync", { method: "POST" })).json()) as SettingsResponse;
    expect(retried.current).toMatchObject({ version: 3, syncState: "synced" });
    expect(JSON.parse(metafield()!.value).radius).toBe(7);
  });

  it("raises the policy revision with a reason, recorded in the history; a version never written is superseded", async () => {
    context.app.fake.failNext("SetBannerSettings", 1);
    const unsynced = (await (await put(3, { ...(await get()).current!.settings, radius: 8 })).json()) as SettingsResponse;
    expect(unsynced.current).toMatchObject({ version: 4, syncState: "failed" });
    const before = unsynced.current!;
    expect((await context.app.api("/api/settings/revision", { method: "POST", body: JSON.stringify({ basedOn: before.version, reason: "" }) })).status).toBe(
      400,
    );
    const res = await context.app.api("/api/settings/revision", {
      method: "POST",
      body: JSON.stringify({ basedOn: before.version, reason: "Added a chat widget" }),
    });
    expect(res.status).toBe(200);
    const after = ((await res.json()) as SettingsResponse).current!;
    expect(after).toMatchObject({
      version: before.version + 1,
      reason: "Added a chat widget",
      changes: ["revision"],
      settings: { revision: before.settings.revision + 1 },
    });
    expect(JSON.parse(metafield()!.value).revision).toBe(before.settings.revision + 1);
    const history = (await (await context.app.api("/api/settings/history")).json()) as SettingsHistoryResponse;
    expect(history.versions.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(history.versions[0]!.reason).toBe("Added a chat widget");
    expect(history.versions.map((v) => v.syncState)).toEqual(["synced", "superseded", "synced", "synced", "synced"]);
  });

  it("keeps each shop's settings and history to itself", async () => {
    const theirs = await get(OTHER_SHOP);
    expect(theirs.current).toBeNull();
    expect(((await (await context.app.api("/api/settings/history", { shop: OTHER_SHOP })).json()) as SettingsHistoryResponse).versions).toEqual([]);
    // A token for shop B saving on "version 5" makes B's version 1 at most: never A's.
    expect((await put(5, theirs.defaults, OTHER_SHOP)).status).toBe(409);
    expect((await put(0, { ...theirs.defaults, radius: 1 }, OTHER_SHOP)).status).toBe(200);
    expect((await get()).current!.settings.radius).toBe(8);
    expect(JSON.parse(metafield(OTHER_SHOP)!.value).radius).toBe(1);
    expect(JSON.parse(metafield()!.value).radius).toBe(8);
  });

  it("home: reads the setup facts from Shopify and turns Shopify's own banner off", async () => {
    const home = (await (await context.app.api("/api/home")).json()) as HomeResponse;
    expect(home.setup).toMatchObject({
      settingsSaved: true,
      shopPolicy: { url: `https://${SHOP}/policies/privacy-policy` },
      shopifyBanner: { enabled: true },
      dismissed: false,
    });
    expect(home.metrics).toMatchObject({ receipts30d: 0, consentRate30d: null, openRequests: 0 });
    const off = (await (await context.app.api("/api/home/shopify-banner/disable", { method: "POST" })).json()) as HomeResponse;
    expect(off.setup.shopifyBanner).toEqual({ enabled: false, autoManaged: false });
    expect(context.app.fake.shopState(SHOP).cookieBanner).toBe(false);
    expect(context.app.fake.shopState(OTHER_SHOP).cookieBanner).toBe(true);
    const dismissed = (await (await context.app.api("/api/home/setup-guide/dismiss", { method: "POST" })).json()) as HomeResponse;
    expect(dismissed.setup.dismissed).toBe(true);
    expect(((await (await context.app.api("/api/home", { shop: OTHER_SHOP })).json()) as HomeResponse).setup.dismissed).toBe(false);
  });
});

describe("the admin without the privacy scopes granted", () => {
  const context = useTestApp("sqlite", { SCOPES: "write_app_proxy" });

  it("keeps working, and the affected steps say which permission is missing", async () => {
    const home = (await (await context.app.api("/api/home")).json()) as HomeResponse;
    expect(home.setup.shopPolicy).toBeNull();
    expect(home.setup.shopPolicyError).toMatch(/read_legal_policies/);
    expect(home.setup.shopifyBanner).toBeNull();
    expect(home.setup.shopifyBannerError).toMatch(/read_privacy_settings/);
    const disable = await context.app.api("/api/home/shopify-banner/disable", { method: "POST" });
    expect(disable.status).toBe(403);
    expect((await disable.json()).error).toMatch(/write_privacy_settings/);
    expect((await context.app.api("/api/settings")).status).toBe(200);
  });
});
