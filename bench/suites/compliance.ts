import { randomUUID } from "node:crypto";
import { samplePayload, signedDelivery } from "../../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase } from "../../test/support/databases.js";
import type { Provider } from "../../web/db/database.js";
import { seedReceipts, settledRequest } from "../../test/support/seed.js";
import { API_SECRET, SHOP, startTestApp, type TestApp } from "../../test/support/test-app.js";
import { load, row, type BenchRow, type BenchSuite } from "../harness.js";

/** Milliseconds from receipt to completion of one customers/redact among `total` receipts. */
async function redactionMs(app: TestApp, customerId: number): Promise<number> {
  const res = await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP, customerId }));
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  const request = await settledRequest(app.db.prisma, SHOP, "customers/redact", 300_000);
  const ms = request.completedAt!.getTime() - request.receivedAt.getTime();
  await app.db.prisma.complianceRequest.deleteMany({ where: { id: request.id } });
  return ms;
}

async function redactionAt(provider: Provider, total: number): Promise<number> {
  const database = await createTestDatabase(provider);
  const app = await startTestApp(database, { LOG_LEVEL: "warn", JOB_POLL_MS: "50" });
  await seedReceipts(app.db.prisma, SHOP, total);
  await seedReceipts(app.db.prisma, SHOP, 5, "424242");
  const ms = await redactionMs(app, 424242);
  await app.close();
  await database.drop();
  return ms;
}

/** Acknowledgement of 50 concurrent signed deliveries (each a new event) against a shop with 100,000
 * receipts, while the worker processes what they enqueue; beside /healthz on the same server. */
async function acknowledgement(provider: Provider): Promise<BenchRow[]> {
  const database = await createTestDatabase(provider);
  const app = await startTestApp(database, { LOG_LEVEL: "warn" });
  await seedReceipts(app.db.prisma, SHOP, 100_000);
  const delivery = signedDelivery("customers/redact", SHOP, samplePayload("customers/redact", { shop: SHOP, customerId: 5 }), API_SECRET);
  const health = await load({ url: `${app.url}/healthz`, connections: 50, seconds: 5 });
  const ack = await load({
    url: `${app.url}/api/webhooks`,
    method: "POST",
    connections: 50,
    seconds: 5,
    body: delivery.body,
    headers: delivery.headers,
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-shopify-webhook-id": randomUUID(), "x-shopify-event-id": randomUUID() } }),
  });
  const recorded = await app.db.prisma.complianceRequest.count();
  await app.close();
  await database.drop();
  // Every 2xx is a stored row; rows may exceed answers by the requests still in flight when the run stopped.
  if (ack.non2xx || ack.errors || recorded < ack.total) {
    throw new Error(`webhooks: ${ack.non2xx} non-2xx, ${ack.errors} errors, ${recorded} recorded of ${ack.total} answered`);
  }
  return [
    row("compliance", `webhook ack p50, 50 concurrent, 100k receipts (${provider})`, "ms", ack.p50, "/healthz p50, 50 concurrent, same server", health.p50),
    row("compliance", `webhook ack p99, 50 concurrent, 100k receipts (${provider})`, "ms", ack.p99, "/healthz p99, 50 concurrent, same server", health.p99),
    row("compliance", `webhooks acknowledged and recorded (${provider})`, "req/s", ack.requestsPerSecond, "/healthz throughput", health.requestsPerSecond),
  ];
}

export const compliance: BenchSuite = {
  name: "compliance",
  async run() {
    const rows: BenchRow[] = [];
    for (const provider of PROVIDERS) rows.push(...(await acknowledgement(provider)));
    // Redaction of one customer (5 receipts) among N: with the shop+customer index it should not grow with N.
    for (const provider of PROVIDERS) {
      const small = await redactionAt(provider, 1_000);
      for (const total of [100_000, 1_000_000]) {
        rows.push(row("compliance", `redact 1 customer among ${total.toLocaleString("en")} receipts (${provider})`, "ms", await redactionAt(provider, total), "same among 1,000 receipts", small));
      }
    }
    return rows;
  },
};
