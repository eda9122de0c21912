import { describe, expect, it } from "vitest";
import type { LeakReport, ReportOnlyResponse, TrackerChoiceError, TrackerChoiceResponse } from "../web/leaks/leak-types.js";
import { TRACKERS_SYNC_JOB } from "../web/leaks/store-trackers.js";
import { scheduleConsentRegionsCheck } from "../web/settings/consent-regions-check.js";
import { PROVIDERS } from "./support/databases.js";
import { waitFor } from "./support/seed.js";
import { SHOP, useTestApp } from "./support/test-app.js";

const HASH = "e".repeat(64);
const REJECT = { method: "reject_all", granted: [], denied: ["preferences", "analytics", "marketing"], revision: 1, textHash: HASH, region: "DEBE" };

describe.each(PROVIDERS)("tracker choices on %s", (provider) => {
  const context = useTestApp(provider, { RECEIPT_RATE_LIMIT_CLIENT: "100000,100000", JOB_POLL_MS: "100" });
  const prisma = () => context.app.db.prisma;
  const metafield = () => context.app.fake.metafieldsOf(SHOP).find((m) => m.namespace === "consent_banner" && m.key === "trackers");
  const writes = () => context.app.fake.calls.filter((c) => c.operation === "SetStoreTrackers" && !c.failed).length;
  const choose = (key: string, body: unknown) =>
    context.app.api(`/api/consent/trackers/${encodeURIComponent(key)}`, { method: "PUT", body: JSON.stringify(body) });
  const reportOnly = (body: unknown) => context.app.api("/api/consent/trackers-report-only", { method: "PUT", body: JSON.stringify(body) });
  const report = async () => (await (await context.app.api("/api/consent/leaks")).json()) as LeakReport;
  const audits = (action: string) => prisma().auditEvent.findMany({ where: { shopDomain: SHOP, action }, orderBy: { createdAt: "asc" } });

  it("refuses what is not a choice for that tracker with 400 and a reason, storing and writing nothing", async () => {
    // Facebook leaked, Google Analytics was held, an unrecognised widget leaked.
    const seen = { hosts: ["connect.facebook.net", "cdn.example-widgets.io"], cookies: [], held: ["www.google-analytics.com"] };
    expect((await context.app.receipt({ ...REJECT, seen })).status).toBe(201);
    const cases: Array<[string, unknown, RegExp]> = [
      ["Google Analytics", { decision: "maybe" }, /decision/],
      ["Google Analytics", { decision: "wait", extra: 1 }, /extra|Unrecognized/i],
      ["Google Analytics", {}, /decision/],
      ["Google Analytics", { decision: "wait", category: "marketing" }, /only be given to an unrecognised tracker/],
      ["example-widgets.io", { decision: "necessary", category: "analytics" }, /goes with the decision wait/],
      ["example-widgets.io", { decision: "wait" }, /waits for the category/],
      ["example-widgets.io", { decision: "wait", category: "sale_of_data" }, /category/],
      ["Not A Tracker", { decision: "necessary" }, /not a tracker/],
      ["Google Fonts", { decision: "wait" }, /needs no consent/],
      ["Google Analytics", { decision: "necessary", category: "analytics" }, /only be given to an unrecognised tracker/],
    ];
    for (const [key, body, reason] of cases) {
      const res = await choose(key, body);
      expect(res.status, `${key} ${JSON.stringify(body)}`).toBe(400);
      expect(((await res.json()) as TrackerChoiceError).error).toMatch(reason);
    }
    expect((await reportOnly({ reportOnly: "yes" })).status).toBe(400);
    expect((await reportOnly({})).status).toBe(400);
    expect(await prisma().trackerChoice.count()).toBe(0);
    expect(await audits("tracker_choice_saved")).toEqual([]);
    expect(writes()).toBe(0);
    expect(metafield()).toBeUndefined();
  });

  it("stores a choice with an audit line, writes the store's list to the metafield, and creates no settings version", async () => {
    const res = await choose("Google Analytics", { decision: "necessary" });
    expect(res.status).toBe(200);
    expect((await res.json()) as TrackerChoiceResponse).toEqual({
      entity: "Google Analytics",
      decision: "necessary",
      category: null,
      code: "n",
      storefront: { written: true },
    });
    expect(metafield()!.type).toBe("json");
    // connect.facebook.net is left out: the built-in list holds it alike.
    expect(metafield()!.value).toBe('{"hosts":{"www.google-analytics.com":"n"},"reportOnly":false}');
    const [line] = await audits("tracker_choice_saved");
    expect(JSON.parse(line!.detail!)).toEqual({ tracker: "Google Analytics", decision: "necessary", category: null, by: "1" });

    // An unrecognised tracker given a category: listed by its own name (covering its subdomains) and by the hosts seen.
    const widget = (await (await choose("example-widgets.io", { decision: "wait", category: "analytics" })).json()) as TrackerChoiceResponse;
    expect(widget).toMatchObject({ decision: "wait", category: "analytics", code: "a", storefront: { written: true } });
    expect(metafield()!.value).toBe('{"hosts":{"cdn.example-widgets.io":"a","example-widgets.io":"a","www.google-analytics.com":"n"},"reportOnly":false}');
    expect(await prisma().bannerSettingsVersion.count()).toBe(0);
    expect(context.app.fake.calls.some((c) => c.operation === "SetBannerSettings")).toBe(false);

    const { leaks } = await report();
    expect(leaks.find((l) => l.entity === "Google Analytics")).toMatchObject({ decision: "necessary", code: "n", choice: { updatedBy: "1" } });
    expect(leaks.find((l) => l.entity === "example-widgets.io")).toMatchObject({ consent: "analytics", decision: "wait", code: "a", assignable: true });
    expect(leaks.find((l) => l.entity === "Facebook")).toMatchObject({ decision: "wait", code: "m", choice: null });
    expect(leaks.find((l) => l.entity === "Facebook")!.assignable).toBeUndefined();

    // Back to waiting: the choice is replaced, and audited again.
    expect(((await (await choose("Google Analytics", { decision: "wait" })).json()) as TrackerChoiceResponse).code).toBe("a");
    // Waiting for analytics is what the built-in list does already: the host leaves the store's list.
    expect(JSON.parse(metafield()!.value).hosts["www.google-analytics.com"]).toBeUndefined();
    // A third-party-web entity whose consent is not known ("other") may be given a category too; it is listed by the hosts seen.
    const other = (await (await choose("ReadSpeaker", { decision: "wait", category: "preferences" })).json()) as TrackerChoiceResponse;
    expect(other).toMatchObject({ entity: "ReadSpeaker", code: "p", storefront: { written: true } });
    expect(Object.keys(JSON.parse(metafield()!.value).hosts)).not.toContain("ReadSpeaker");
    expect(await audits("tracker_choice_saved")).toHaveLength(4);
  });

  it("switches report only: stored, audited, written to the storefront and shown in the report", async () => {
    const res = await reportOnly({ reportOnly: true });
    expect(res.status).toBe(200);
    expect((await res.json()) as ReportOnlyResponse).toEqual({ reportOnly: true, storefront: { written: true } });
    expect(JSON.parse(metafield()!.value).reportOnly).toBe(true);
    expect((await report()).reportOnly).toBe(true);
    const [line] = await audits("trackers_report_only_set");
    expect(JSON.parse(line!.detail!)).toEqual({ reportOnly: true, by: "1" });
    await reportOnly({ reportOnly: false });
    expect(JSON.parse(metafield()!.value).reportOnly).toBe(false);
    expect(await prisma().bannerSettingsVersion.count()).toBe(0);
  });

  it("when Shopify fails, says so, keeps the choice, and the job queue writes the list later", async () => {
    context.app.fake.failNext("SetStoreTrackers", 1);
    const res = await choose("Facebook", { decision: "necessary" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TrackerChoiceResponse;
    expect(body).toMatchObject({ decision: "necessary", code: "n", storefront: { written: false, error: expect.any(String) } });
    expect(JSON.parse(metafield()!.value).hosts["connect.facebook.net"]).toBeUndefined();
    expect(await prisma().trackerChoice.findUnique({ where: { shopDomain_tracker: { shopDomain: SHOP, tracker: "Facebook" } } })).toMatchObject({
      decision: "necessary",
    });
    expect((await prisma().shop.findUniqueOrThrow({ where: { domain: SHOP } })).trackersWriteError).toEqual(expect.any(String));
    // (The shop's daily check may have run one already: only the retry is still to run.)
    expect(await prisma().job.count({ where: { shopDomain: SHOP, kind: TRACKERS_SYNC_JOB, status: { not: "done" } } })).toBe(1);
    // The retry (5 s later) writes the list with the choice.
    await waitFor(async () => JSON.parse(metafield()!.value).hosts["connect.facebook.net"] === "n", 20_000, "the queued retry");
    await waitFor(() => prisma().shop.findFirst({ where: { domain: SHOP, trackersWriteError: null } }), 5_000, "the error cleared");
  });

  it("the shop's daily job writes the list when newly seen trackers changed it, and only then", async () => {
    // Sign in with Apple and an Instagram feed's images: their companies' entities need consent, the hosts never wait.
    const hosts = ["tools.luckyorange.com", "appleid.apple.com", "scontent-fra5-1.cdninstagram.com"];
    expect((await context.app.receipt({ ...REJECT, seen: { hosts, cookies: [] } })).status).toBe(201);
    expect(metafield()!.value).not.toMatch(/luckyorange/);
    const done = () => prisma().job.count({ where: { shopDomain: SHOP, kind: TRACKERS_SYNC_JOB, status: "done" } });
    const daily = async () => {
      const before = await done();
      await prisma().shop.update({ where: { domain: SHOP }, data: { consentPolicyCheckedAt: null } });
      expect(await scheduleConsentRegionsCheck(prisma())).toBeGreaterThanOrEqual(1);
      context.app.worker!.wake();
      await waitFor(async () => (await done()) > before, 20_000, "the daily tracker list job");
    };
    await daily();
    // Lucky Orange: recognised (analytics) but not in the built-in list, so the store's list names it.
    const listed = JSON.parse(metafield()!.value).hosts;
    expect(listed["tools.luckyorange.com"]).toBe("a");
    expect(Object.keys(listed)).not.toEqual(expect.arrayContaining(["appleid.apple.com"]));
    expect(Object.keys(listed).filter((host) => host.includes("cdninstagram"))).toEqual([]);
    // Nothing new: the list on the storefront stays as it is, unwritten.
    const written = writes();
    await daily();
    expect(writes()).toBe(written);
  });
});
