import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { ConsentStatsResponse, ExportLinkResponse, ReceiptLogResponse, RetentionView } from "../web/consent/consent-types.js";
import type { HomeResponse } from "../web/home/home-types.js";
import { rebuildRollups } from "../web/consent/consent-rollup.js";
import { retentionCutoff, scheduleRetention } from "../web/consent/retention.js";
import { PROVIDERS } from "./support/databases.js";
import { seedReceipts, waitFor } from "./support/seed.js";
import { OTHER_SHOP, SHOP, useTestApp, type TestApp } from "./support/test-app.js";

const DAY = 24 * 3600 * 1000;
const HASH = "d".repeat(64);

const postReceipt = (app: TestApp, body: Record<string, unknown>, options: { shop?: string; customer?: string; ip?: string } = {}) =>
  app.receipt({ revision: 1, textHash: HASH, ...body }, options);

const CHOICES = [
  { method: "accept_all", granted: ["preferences", "analytics", "marketing"], denied: [], region: "DEBE" },
  { method: "accept_all", granted: ["preferences", "analytics", "marketing"], denied: [], region: "DEBE" },
  { method: "accept_all", granted: ["preferences", "analytics", "marketing"], denied: [], region: "FR" },
  { method: "reject_all", granted: [], denied: ["preferences", "analytics", "marketing"], region: "DEBE" },
  { method: "reject_all", granted: [], denied: ["preferences", "analytics", "marketing"], region: "USCA" },
  { method: "custom", granted: ["analytics", "marketing"], denied: ["preferences"], region: "FR" },
  { method: "custom", granted: ["analytics"], denied: ["preferences", "marketing"] },
  { method: "gpc", granted: ["analytics"], denied: ["preferences", "marketing", "sale_of_data"], region: "USCA" },
];

describe.each(PROVIDERS)("consent insights, receipt log, CSV export and retention on %s", (provider) => {
  const context = useTestApp(provider, { RECEIPT_RATE_LIMIT_CLIENT: "100000,100000", JOB_POLL_MS: "100" });
  const stats = async (days: number, shop = SHOP) =>
    (await (await context.app.api(`/api/consent/stats?days=${days}`, { shop })).json()) as ConsentStatsResponse;

  it("counts each choice into the day it was made, by method and region, matching what was sent", async () => {
    for (const [i, choice] of CHOICES.entries())
      expect((await postReceipt(context.app, { ...choice, consentId: `c-${i}` }, { customer: i === 0 ? "42" : "" })).status).toBe(201);
    // Older receipts (written around the app, rolled up by the same SQL the migration backfills with).
    await seedReceipts(context.app.db.prisma, SHOP, 5, null, { createdAt: new Date(Date.now() - 10 * DAY) });
    await rebuildRollups(context.app.db.prisma, SHOP);

    const week = await stats(7);
    expect(week.days).toHaveLength(7);
    const today = week.days.at(-1)!;
    expect(today).toMatchObject({ day: new Date().toISOString().slice(0, 10), total: 8, acceptAll: 3, rejectAll: 2, custom: 2, gpc: 1 });
    expect(today.consentRate).toBeCloseTo(4 / 8, 10);
    expect(week.days.slice(0, 6).every((d) => d.total === 0 && d.consentRate === null)).toBe(true);
    expect(week.totals).toMatchObject({ total: 8, acceptAll: 3, rejectAll: 2, custom: 2, gpc: 1 });
    expect(week.regions).toEqual([
      { region: "DEBE", total: 3, consentRate: 2 / 3 },
      { region: "FR", total: 2, consentRate: 1 },
      { region: "USCA", total: 2, consentRate: 0 },
      { region: "", total: 1, consentRate: 0 },
    ]);
    const month = await stats(30);
    expect(month.totals.total).toBe(13);
    expect(month.totals.custom).toBe(2 + 5);
    // The home page's metrics are the same 30 days, from the same daily rows.
    const home = (await (await context.app.api("/api/home")).json()) as HomeResponse;
    expect(home.metrics).toMatchObject({ receipts30d: 13, consentRate30d: month.totals.consentRate });
    expect((await stats(30, OTHER_SHOP)).totals.total).toBe(0);
    expect((await context.app.api("/api/consent/stats?days=1000")).status).toBe(400);
  });

  it("pages through the log newest first with no gap or repeat while receipts keep arriving", async () => {
    await seedReceipts(context.app.db.prisma, SHOP, 120, null, { createdAt: new Date(Date.now() - 2 * DAY) });
    const before = new Set((await context.app.db.prisma.consentReceipt.findMany({ where: { shopDomain: SHOP }, select: { id: true } })).map((r) => r.id));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = (await (await context.app.api(`/api/consent/receipts${cursor ? `?cursor=${cursor}` : ""}`)).json()) as ReceiptLogResponse;
      seen.push(...page.receipts.map((r) => r.id));
      for (let i = 1; i < page.receipts.length; i++) expect(page.receipts[i - 1]!.recordedAt >= page.receipts[i]!.recordedAt).toBe(true);
      cursor = page.nextCursor;
      // New choices arrive between pages: newer than everything read, so no page shifts.
      if (pages++ === 0) await Promise.all(Array.from({ length: 5 }, (_, i) => postReceipt(context.app, { ...CHOICES[0], consentId: `late-${i}` })));
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await context.app.api("/api/consent/receipts?cursor=not-a-cursor")).status).toBe(400);
    expect((await context.app.api("/api/compliance/requests?cursor=not-a-cursor")).status).toBe(400);
    expect(new Set(seen)).toEqual(before);
  });

  it("finds receipts by consent id or customer id, and shows what each records", async () => {
    const byConsent = (await (await context.app.api("/api/consent/receipts?q=c-5")).json()) as ReceiptLogResponse;
    expect(byConsent.receipts).toHaveLength(1);
    expect(byConsent.receipts[0]).toMatchObject({
      consentId: "c-5",
      method: "custom",
      granted: ["analytics", "marketing"],
      denied: ["preferences"],
      revision: 1,
      region: "FR",
      textHash: HASH,
    });
    const byCustomer = (await (await context.app.api("/api/consent/receipts?q=42")).json()) as ReceiptLogResponse;
    expect(byCustomer.receipts.map((r) => r.consentId)).toEqual(["c-0"]);
    expect(((await (await context.app.api("/api/consent/receipts?q=c-5", { shop: OTHER_SHOP })).json()) as ReceiptLogResponse).receipts).toEqual([]);
  });

  it("exports every receipt as CSV through a one-minute link signed for the shop", async () => {
    const link = (await (await context.app.api("/api/consent/receipts/export", { method: "POST", body: "{}" })).json()) as ExportLinkResponse;
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const response = await fetch(`${context.app.url}${link.url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="consent-receipts-test-shop\.csv"/);
    const text = await response.text();
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    const total = await context.app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP } });
    expect(rows).toHaveLength(total);
    expect(text.split("\n")[0]).toBe("receipt_id,recorded_at,consent_id,customer_id,method,granted,denied,revision,region,text_hash,network_pseudonym");
    const five = rows.find((r) => r.consent_id === "c-5")!;
    expect(five).toMatchObject({ method: "custom", granted: "analytics,marketing", denied: "preferences", region: "FR", text_hash: HASH });
    expect(text).toContain('"analytics,marketing"'); // a field with commas is quoted
    expect(rows.find((r) => r.consent_id === "c-0")!.customer_id).toBe("42");
    expect(await context.app.db.prisma.auditEvent.count({ where: { shopDomain: SHOP, action: "receipts_exported" } })).toBe(1);

    // Altered (another shop, a later expiry) or forged: 403, nothing sent.
    const url = new URL(link.url, context.app.url);
    for (const [key, value] of [
      ["shop", OTHER_SHOP],
      ["expires", String(Date.now() + 50_000)],
      ["from", "2000-01-01"],
      ["signature", "0".repeat(64)],
    ]) {
      const altered = new URL(url);
      altered.searchParams.set(key!, value!);
      const res = await fetch(altered);
      expect(res.status, key).toBe(403);
      expect(await res.text()).not.toContain(HASH);
    }
    // A link asked for by shop B only ever holds shop B's receipts.
    const theirs = (await (
      await context.app.api("/api/consent/receipts/export", { method: "POST", body: "{}", shop: OTHER_SHOP })
    ).json()) as ExportLinkResponse;
    expect((await (await fetch(`${context.app.url}${theirs.url}`)).text()).trim().split("\n")).toHaveLength(1);
  });

  it("writes no cell a spreadsheet would evaluate as a formula", async () => {
    // Ids in the receipt table that today's consent-id syntax would refuse: each becomes text, the rest stays as it was.
    const FORMULAS = ["-2-3", "-A1:A9", "=1+1", "+1", "@SUM(A1)", "\tx", "\uFF1D1"];
    const shop = "formula-shop.myshopify.com";
    for (const [i, consentId] of FORMULAS.entries()) {
      await context.app.db.prisma.consentReceipt.create({
        data: { id: `formula-${i}`, shopDomain: shop, consentId, granted: "", denied: "analytics", method: "reject_all", revision: 1, textHash: HASH },
      });
    }
    await context.app.db.prisma.consentReceipt.create({
      data: { id: "plain", shopDomain: shop, consentId: "c-1", granted: "", denied: "analytics", method: "reject_all", revision: 1, textHash: HASH },
    });
    const link = (await (await context.app.api("/api/consent/receipts/export", { method: "POST", body: "{}", shop })).json()) as ExportLinkResponse;
    const response = await fetch(`${context.app.url}${link.url}`);
    expect(response.status).toBe(200);
    const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    const byId = new Map(rows.map((r) => [r.receipt_id, r]));
    for (const [i, consentId] of FORMULAS.entries()) expect(byId.get(`formula-${i}`)!.consent_id, consentId).toBe(`'${consentId}`);
    expect(byId.get("plain")).toMatchObject({ consent_id: "c-1", denied: "analytics", revision: "1" });
  });

  it("exports a date range", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const link = (await (
      await context.app.api("/api/consent/receipts/export", { method: "POST", body: JSON.stringify({ from: today, to: today }) })
    ).json()) as ExportLinkResponse;
    const rows = parse(await (await fetch(`${context.app.url}${link.url}`)).text(), { columns: true }) as unknown[];
    expect(rows).toHaveLength(8 + 5);
    const bad = await context.app.api("/api/consent/receipts/export", { method: "POST", body: JSON.stringify({ from: today, to: "2000-01-01" }) });
    expect(bad.status).toBe(400);
  });

  it("retention: deletes exactly the receipts older than the cut-off, updates the daily rows, says so", async () => {
    expect((await context.app.api("/api/consent/retention", { method: "PUT", body: JSON.stringify({ months: 3 }) })).status).toBe(400);
    const set = (await (await context.app.api("/api/consent/retention", { method: "PUT", body: JSON.stringify({ months: 6 }) })).json()) as RetentionView;
    expect(set).toMatchObject({ months: 6, lastRunAt: null });
    const cutoff = retentionCutoff(6);
    await seedReceipts(context.app.db.prisma, SHOP, 30, null, { createdAt: new Date(cutoff.getTime() - 1) });
    await seedReceipts(context.app.db.prisma, SHOP, 20, null, { createdAt: new Date(cutoff.getTime() - 40 * DAY) });
    await seedReceipts(context.app.db.prisma, SHOP, 7, null, { createdAt: cutoff });
    await seedReceipts(context.app.db.prisma, OTHER_SHOP, 9, null, { createdAt: new Date(cutoff.getTime() - DAY) });
    await rebuildRollups(context.app.db.prisma, SHOP);
    const kept = await context.app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP, createdAt: { gte: cutoff } } });

    expect(await scheduleRetention(context.app.db.prisma)).toBeGreaterThanOrEqual(1);
    context.app.worker!.wake();
    const shop = await waitFor(() => context.app.db.prisma.shop.findFirst({ where: { domain: SHOP, retentionRunAt: { not: null } } }), 20_000, "the purge");
    expect(shop.retentionDeleted).toBe(50);
    expect(await context.app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP } })).toBe(kept);
    expect(await context.app.db.prisma.consentReceipt.count({ where: { shopDomain: OTHER_SHOP } })).toBe(9);
    expect(await context.app.db.prisma.consentDailyStat.count({ where: { shopDomain: SHOP, day: { lt: cutoff.toISOString().slice(0, 10) } } })).toBe(0);
    expect(await context.app.db.prisma.consentDailyStat.count({ where: { shopDomain: SHOP, day: cutoff.toISOString().slice(0, 10) } })).toBe(1);
    const line = await context.app.db.prisma.auditEvent.findFirstOrThrow({ where: { shopDomain: SHOP, action: "retention_purged" } });
    expect(JSON.parse(line.detail!)).toMatchObject({ deleted: 50, months: 6, cutoff: cutoff.toISOString() });
    expect((await stats(7)).retention).toMatchObject({ months: 6, lastDeleted: 50, lastRunAt: expect.any(String) });
    // Not again within a day.
    expect(await scheduleRetention(context.app.db.prisma)).toBe(0);
  });
});
