import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { signProxyQuery } from "../web/local/storefront/local-proxy.js";
import { PROVIDERS } from "./support/databases.js";
import { API_SECRET, SHOP, useTestApp } from "./support/test-app.js";

// The two hot paths write in group-committed batches (web/db/group-commit.ts, web/db/hot-path-writes.ts):
// what is promised stays the same: a 2xx only once the row is committed, every 2xx a stored row, redeliveries
// recorded once, request + job + audit line together.
describe.each(PROVIDERS)("hot paths under concurrency on %s", (provider) => {
  const context = useTestApp(provider, { RECEIPT_RATE_LIMIT_CLIENT: "100000,100000", RECEIPT_RATE_LIMIT_SHOP: "100000,100000", WORKER_ENABLED: "false" });

  it("stores every receipt it answered 201, with its day's counts, when 300 arrive at once", async () => {
    const query = signProxyQuery(
      new URLSearchParams({ shop: SHOP, logged_in_customer_id: "", path_prefix: "/apps/consent", timestamp: String(Math.floor(Date.now() / 1000)) }),
      API_SECRET,
    );
    const methods = ["accept_all", "reject_all", "custom"] as const;
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        fetch(`${context.app.url}/proxy/receipts?${query}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `198.51.${i % 250}.7` },
          body: JSON.stringify({
            consentId: `burst-${i}`,
            granted: methods[i % 3] === "accept_all" ? ["analytics", "marketing"] : [],
            denied: methods[i % 3] === "accept_all" ? [] : ["analytics", "marketing"],
            method: methods[i % 3],
            revision: 1,
            textHash: "e".repeat(64),
            region: i % 2 ? "DEBE" : "FR",
          }),
        }),
      ),
    );
    expect(responses.map((r) => r.status).every((s) => s === 201)).toBe(true);
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { receiptId: string }).receiptId));
    expect(new Set(ids).size).toBe(300);
    expect(await context.app.db.prisma.consentReceipt.count({ where: { id: { in: ids } } })).toBe(300);
    const days = await context.app.db.prisma.consentDailyStat.findMany({ where: { shopDomain: SHOP } });
    expect(days.reduce((n, d) => n + d.total, 0)).toBe(300);
    expect(days.reduce((n, d) => n + d.acceptAll, 0)).toBe(100);
    expect(days.reduce((n, d) => n + d.consented, 0)).toBe(100);
    expect(days.find((d) => d.region === "DEBE")!.total).toBe(150);
  });

  it("records concurrent deliveries once each, redeliveries in the same batch included, with their job and audit line", async () => {
    const eventId = randomUUID();
    const payload = samplePayload("customers/redact", { shop: SHOP, customerId: 4242 });
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, () => context.app.webhook("customers/redact", payload, { eventId, webhookId: randomUUID() })),
      ...Array.from({ length: 40 }, () =>
        context.app.webhook("customers/data_request", samplePayload("customers/data_request", { shop: SHOP, customerId: 7 })),
      ),
    ]);
    expect(responses.map((r) => r.status).every((s) => s === 200)).toBe(true);
    const requests = await context.app.db.prisma.complianceRequest.findMany({ where: { shopDomain: SHOP } });
    expect(requests).toHaveLength(41);
    expect(requests.filter((r) => r.eventId === eventId)).toHaveLength(1);
    const ids = requests.map((r) => r.id);
    expect(await context.app.db.prisma.job.count({ where: { requestId: { in: ids }, status: "queued" } })).toBe(41);
    expect(await context.app.db.prisma.auditEvent.count({ where: { requestId: { in: ids }, action: "received" } })).toBe(41);
  });
});
