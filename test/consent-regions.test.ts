import { describe, expect, it } from "vitest";
import type { HomeResponse } from "../web/home/home-types.js";
import { CONSENT_COUNTRIES, compareRegions, policyDrift, snapshotOf } from "../web/settings/consent-regions.js";
import { CONSENT_REGIONS_CHECK_JOB, scheduleConsentRegionsCheck } from "../web/settings/consent-regions-check.js";
import type { ConsentPolicy } from "../web/shopify/consent-policy.js";
import { DAY } from "../web/config/time.js";
import { PROVIDERS } from "./support/databases.js";
import { waitFor } from "./support/seed.js";
import { OTHER_SHOP, SHOP, useTestApp, type TestApp } from "./support/test-app.js";

const policy = (countryCode: string, consentRequired: boolean, more: Partial<ConsentPolicy> = {}): ConsentPolicy => ({
  id: `gid://shopify/ConsentPolicy/${countryCode}${more.regionCode ?? ""}`,
  countryCode,
  regionCode: null,
  consentRequired,
  dataSaleOptOutRequired: false,
  ...more,
});
const countryLevel = (codes: readonly string[]) => codes.map((countryCode) => ({ countryCode, regionCode: null }));

describe("comparing Shopify's consent regions with where the banner asks", () => {
  it("finds that no region requires consent, and writes every EU/EEA country, the UK and Switzerland", () => {
    const defaults = [policy("US", false, { regionCode: "CA", dataSaleOptOutRequired: true }), policy("DE", false)];
    const result = compareRegions(defaults, countryLevel([...CONSENT_COUNTRIES, "US"]), false);
    expect(result.noneRequire).toBe(true);
    expect(result.agree).toBe(false);
    expect(result.missing).toHaveLength(32);
    expect(result.missing).toEqual(expect.arrayContaining(["DE", "FR", "GB", "CH", "NO", "IS", "LI", "GR"]));
    expect(result.toWrite).toHaveLength(32);
    // An existing policy keeps its data-sale opt-out; a new one is written without touching it.
    expect(result.toWrite.find((p) => p.countryCode === "DE")).toEqual({ countryCode: "DE", consentRequired: true, dataSaleOptOutRequired: false });
    expect(result.toWrite.find((p) => p.countryCode === "AT")).toEqual({ countryCode: "AT", consentRequired: true });
    expect(result.toWrite.some((p) => p.countryCode === "US")).toBe(false);
  });

  it("keeps a data-sale opt-out that is on, and names only the places that disagree", () => {
    const policies = [
      ...CONSENT_COUNTRIES.filter((c) => c !== "IE" && c !== "CH").map((c) => policy(c, true)),
      policy("IE", false, { dataSaleOptOutRequired: true }),
    ];
    const result = compareRegions(policies, countryLevel(CONSENT_COUNTRIES), true);
    expect(result).toMatchObject({ everywhere: true, noneRequire: false, missing: ["IE", "CH"], agree: false, unsettable: [] });
    expect(result.toWrite).toEqual([
      { countryCode: "IE", consentRequired: true, dataSaleOptOutRequired: true },
      { countryCode: "CH", consentRequired: true },
    ]);
  });

  it("agrees when all of them require consent, and keeps regions beyond them", () => {
    const result = compareRegions([...CONSENT_COUNTRIES.map((c) => policy(c, true)), policy("BR", true)], countryLevel(CONSENT_COUNTRIES), false);
    expect(result).toMatchObject({ agree: true, missing: [], beyond: ["BR"], toWrite: [] });
  });

  it("writes a country Shopify holds by region region by region, and says when one cannot be set", () => {
    const regions = [
      { countryCode: "ES", regionCode: "CN" },
      { countryCode: "ES", regionCode: "MD" },
      ...countryLevel(CONSENT_COUNTRIES.filter((c) => c !== "ES" && c !== "LI")),
    ];
    const result = compareRegions(
      CONSENT_COUNTRIES.filter((c) => c !== "ES" && c !== "LI").map((c) => policy(c, true)),
      regions,
      false,
    );
    expect(result.missing).toEqual(["ES", "LI"]);
    expect(result.unsettable).toEqual(["LI"]);
    expect(result.toWrite).toEqual([
      { countryCode: "ES", regionCode: "CN", consentRequired: true },
      { countryCode: "ES", regionCode: "MD", consentRequired: true },
    ]);
  });

  it("names what changed between two snapshots", () => {
    const before = snapshotOf([policy("DE", true), policy("FR", true), policy("US", false, { regionCode: "CA", dataSaleOptOutRequired: true })]);
    const after = snapshotOf([policy("DE", false), policy("FR", true), policy("BR", true), policy("US", false, { regionCode: "CA" })]);
    expect(policyDrift(before, after)).toEqual({ consentAdded: ["BR"], consentRemoved: ["DE"], optOutAdded: [], optOutRemoved: ["US-CA"] });
    expect(policyDrift(after, after)).toEqual({ consentAdded: [], consentRemoved: [], optOutAdded: [], optOutRemoved: [] });
  });
});

const home = async (app: TestApp, shop = SHOP) => (await (await app.api("/api/home", { shop })).json()) as HomeResponse;
const post = (app: TestApp, path: string, shop = SHOP) => app.api(path, { method: "POST", shop });

/** Runs the daily check now for the shop (as the worker's housekeeping would a day later), and waits for it. */
async function runCheck(app: TestApp, shop = SHOP) {
  const prisma = app.db.prisma;
  const done = await prisma.job.count({ where: { shopDomain: shop, kind: CONSENT_REGIONS_CHECK_JOB, status: "done" } });
  await scheduleConsentRegionsCheck(prisma, new Date(Date.now() + 2 * DAY));
  app.worker!.wake();
  await waitFor(
    async () => (await prisma.job.count({ where: { shopDomain: shop, kind: CONSENT_REGIONS_CHECK_JOB, status: "done" } })) > done,
    20_000,
    "the consent regions check",
  );
}

describe.each(PROVIDERS)("Shopify's consent regions on %s", (provider) => {
  const context = useTestApp(provider, { JOB_POLL_MS: "100" });

  it("home: warns that no region requires consent at a fresh shop, reading consentPolicy and consentPolicyRegions", async () => {
    const { setup, consentRegionDrift } = await home(context.app);
    expect(setup.consentRegionsError).toBeNull();
    expect(setup.consentRegions).toMatchObject({ everywhere: false, noneRequire: true, requiring: [], agree: false });
    expect(setup.consentRegions!.missing).toHaveLength(32);
    expect(setup.consentRegions!.consentCountries).toEqual([...CONSENT_COUNTRIES]);
    expect(consentRegionDrift).toBeNull();
    expect(context.app.fake.calls.some((c) => c.shop === SHOP && c.operation === "ConsentRegions")).toBe(true);
  });

  it("surfaces Shopify's refusal while its own cookie banner is on (422), writing nothing", async () => {
    const refused = await post(context.app, "/api/consent-regions/apply");
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatch(/cookie banner must be disabled/);
    expect(context.app.fake.consentPoliciesOf(SHOP).some((p) => p.consentRequired)).toBe(false);
    expect(await context.app.db.prisma.auditEvent.count({ where: { shopDomain: SHOP, action: "consent_regions_written" } })).toBe(0);
  });

  it("writes consent required in the EU/EEA, the UK and Switzerland in one call, data-sale opt-outs kept", async () => {
    expect((await post(context.app, "/api/home/shopify-banner/disable")).status).toBe(200);
    const applied = await post(context.app, "/api/consent-regions/apply");
    expect(applied.status).toBe(200);
    const body = (await applied.json()) as HomeResponse;
    expect(body.setup.consentRegions).toMatchObject({ agree: true, missing: [], noneRequire: false });
    expect(body.setup.consentRegions!.requiring).toEqual([...CONSENT_COUNTRIES].sort());

    const writes = context.app.fake.calls.filter((c) => c.shop === SHOP && c.operation === "UpdateConsentRegions");
    expect(writes).toHaveLength(2); // the refused one, and this one
    const sent = writes.at(-1)!.variables!.consentPolicies as Array<Record<string, unknown>>;
    expect(sent).toHaveLength(32);
    expect(sent.find((p) => p.countryCode === "DE")).toEqual({ countryCode: "DE", consentRequired: true, dataSaleOptOutRequired: false });
    expect(sent.find((p) => p.countryCode === "GB")).toEqual({ countryCode: "GB", consentRequired: true });

    const shopify = context.app.fake.consentPoliciesOf(SHOP);
    expect(shopify.find((p) => p.countryCode === "US" && p.regionCode === "CA")).toMatchObject({ consentRequired: false, dataSaleOptOutRequired: true });
    expect(shopify.find((p) => p.countryCode === "DE")!.id).not.toMatch(/^SD-/);
    const line = await context.app.db.prisma.auditEvent.findFirstOrThrow({ where: { shopDomain: SHOP, action: "consent_regions_written" } });
    expect(JSON.parse(line.detail!).consentRequired).toHaveLength(32);
    // The app's own write is the snapshot the daily check compares with, not a change to warn about.
    const row = await context.app.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(JSON.parse(row.consentPolicySnapshot!)).toContainEqual({ place: "DE", consentRequired: true, dataSaleOptOutRequired: false });
    expect(row.consentPolicyDriftFrom).toBeNull();
    expect(body.consentRegionDrift).toBeNull();

    // Nothing left to write: a second press calls no mutation.
    expect((await post(context.app, "/api/consent-regions/apply")).status).toBe(200);
    expect(context.app.fake.calls.filter((c) => c.shop === SHOP && c.operation === "UpdateConsentRegions")).toHaveLength(2);
  });

  it("the daily check finds no change when nothing changed", async () => {
    await runCheck(context.app);
    expect((await home(context.app)).consentRegionDrift).toBeNull();
    expect(await context.app.db.prisma.auditEvent.count({ where: { shopDomain: SHOP, action: "consent_regions_changed" } })).toBe(0);
  });

  it("flags a change another app made, with what changed, until the merchant acknowledges it", async () => {
    const policies = context.app.fake.consentPoliciesOf(SHOP);
    policies.find((p) => p.countryCode === "DE")!.consentRequired = false;
    policies.find((p) => p.countryCode === "US" && p.regionCode === "TX")!.dataSaleOptOutRequired = false;
    policies.push({ id: "gid://shopify/ConsentPolicy/1", countryCode: "BR", regionCode: null, consentRequired: true, dataSaleOptOutRequired: false });
    await runCheck(context.app);

    const seen = await home(context.app);
    expect(seen.consentRegionDrift).toMatchObject({ consentAdded: ["BR"], consentRemoved: ["DE"], optOutAdded: [], optOutRemoved: ["US-TX"] });
    expect(seen.setup.consentRegions).toMatchObject({ agree: false, missing: ["DE"], beyond: ["BR"] });
    const line = await context.app.db.prisma.auditEvent.findFirstOrThrow({ where: { shopDomain: SHOP, action: "consent_regions_changed" } });
    expect(JSON.parse(line.detail!)).toMatchObject({ consentRemoved: ["DE"], consentAdded: ["BR"] });

    // A later change adds to the same warning, measured from the regions before the first one.
    policies.find((p) => p.countryCode === "FR")!.consentRequired = false;
    await runCheck(context.app);
    expect((await home(context.app)).consentRegionDrift).toMatchObject({ consentRemoved: ["DE", "FR"], since: seen.consentRegionDrift!.since });

    const acknowledged = (await (await post(context.app, "/api/consent-regions/acknowledge")).json()) as HomeResponse;
    expect(acknowledged.consentRegionDrift).toBeNull();
    expect(await context.app.db.prisma.auditEvent.count({ where: { shopDomain: SHOP, action: "consent_regions_acknowledged" } })).toBe(1);
    // The setup step still says where Shopify's cookies do not wait.
    expect(acknowledged.setup.consentRegions!.missing).toEqual(["DE", "FR"]);
  });

  it("a change undone before the merchant looked leaves no warning; a shop's first check only takes the snapshot", async () => {
    const policies = context.app.fake.consentPoliciesOf(SHOP);
    policies.find((p) => p.countryCode === "IT")!.consentRequired = false;
    await runCheck(context.app);
    expect((await home(context.app)).consentRegionDrift).toMatchObject({ consentRemoved: ["IT"] });
    policies.find((p) => p.countryCode === "IT")!.consentRequired = true;
    await runCheck(context.app);
    expect((await home(context.app)).consentRegionDrift).toBeNull();

    // (Opening the app gives the other shop its session.)
    expect((await home(context.app, OTHER_SHOP)).consentRegionDrift).toBeNull();
    await context.app.db.prisma.shop.upsert({ where: { domain: OTHER_SHOP }, create: { domain: OTHER_SHOP }, update: {} });
    await runCheck(context.app, OTHER_SHOP);
    const other = await context.app.db.prisma.shop.findUniqueOrThrow({ where: { domain: OTHER_SHOP } });
    expect(other.consentPolicyCheckedAt).not.toBeNull();
    expect(other.consentPolicySnapshot).not.toBeNull();
    expect((await home(context.app, OTHER_SHOP)).consentRegionDrift).toBeNull();
  });

  it("the app's own write is no change to warn about, even while another one waits to be acknowledged", async () => {
    const shop = "third-shop.myshopify.com";
    expect((await home(context.app, shop)).consentRegionDrift).toBeNull();
    await context.app.db.prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
    await runCheck(context.app, shop);
    context.app.fake.consentPoliciesOf(shop).push({
      id: "gid://shopify/ConsentPolicy/2",
      countryCode: "BR",
      regionCode: null,
      consentRequired: true,
      dataSaleOptOutRequired: false,
    });
    await runCheck(context.app, shop);
    expect((await home(context.app, shop)).consentRegionDrift).toMatchObject({ consentAdded: ["BR"] });
    expect((await post(context.app, "/api/home/shopify-banner/disable", shop)).status).toBe(200);
    const applied = (await (await post(context.app, "/api/consent-regions/apply", shop)).json()) as HomeResponse;
    expect(applied.setup.consentRegions!.agree).toBe(true);
    expect(applied.consentRegionDrift).toMatchObject({ consentAdded: ["BR"], consentRemoved: [], optOutAdded: [], optOutRemoved: [] });
  });
});

describe("Shopify's consent regions without the privacy permissions", () => {
  const context = useTestApp("sqlite", { SCOPES: "write_app_proxy,read_privacy_settings", JOB_POLL_MS: "100" });

  it("reads them, and refuses to write them with 403 naming the permission", async () => {
    expect((await home(context.app)).setup.consentRegions).toMatchObject({ noneRequire: true });
    const refused = await post(context.app, "/api/consent-regions/apply");
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/write_privacy_settings/);
    expect(context.app.fake.consentPoliciesOf(SHOP).some((p) => p.consentRequired)).toBe(false);
  });
});

describe("Shopify's consent regions without any privacy permission", () => {
  const context = useTestApp("sqlite", { SCOPES: "write_app_proxy", JOB_POLL_MS: "100" });

  it("says on the step which permission is missing; the daily check notes the shop as checked and tries again tomorrow", async () => {
    const { setup } = await home(context.app);
    expect(setup.consentRegions).toBeNull();
    expect(setup.consentRegionsError).toMatch(/read_privacy_settings/);
    expect((await post(context.app, "/api/consent-regions/apply")).status).toBe(403);

    await context.app.db.prisma.shop.upsert({ where: { domain: SHOP }, create: { domain: SHOP }, update: {} });
    await runCheck(context.app);
    const row = await context.app.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(row.consentPolicyCheckedAt).not.toBeNull();
    expect(row.consentPolicySnapshot).toBeNull();
    expect(await scheduleConsentRegionsCheck(context.app.db.prisma)).toBe(0);
  });
});

describe("Shopify's consent regions when Shopify fails", () => {
  const context = useTestApp("sqlite", { JOB_POLL_MS: "100" });

  it("answers 502 with Shopify's failure and records nothing; the daily check retries until Shopify answers", async () => {
    const { app } = context;
    expect((await post(app, "/api/home/shopify-banner/disable")).status).toBe(200);
    app.fake.failNext("UpdateConsentRegions", 1);
    const failed = await post(app, "/api/consent-regions/apply");
    expect(failed.status).toBe(502);
    expect((await failed.json()).error).toMatch(/Shopify's Admin API failed/);
    expect(app.fake.consentPoliciesOf(SHOP).some((p) => p.consentRequired)).toBe(false);
    expect(await app.db.prisma.auditEvent.count({ where: { shopDomain: SHOP, action: "consent_regions_written" } })).toBe(0);
    expect((await app.db.prisma.shop.findUnique({ where: { domain: SHOP } }))?.consentPolicySnapshot ?? null).toBeNull();

    await app.db.prisma.shop.upsert({ where: { domain: SHOP }, create: { domain: SHOP }, update: {} });
    app.fake.failNext("ConsentRegions", 1);
    await runCheck(app);
    const job = await app.db.prisma.job.findFirstOrThrow({ where: { shopDomain: SHOP, kind: CONSENT_REGIONS_CHECK_JOB } });
    expect(job.attempts).toBe(2);
    expect((await app.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).consentPolicySnapshot).not.toBeNull();
  });
});
