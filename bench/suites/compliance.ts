import { samplePayload } from "../../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase } from "../../test/support/databases.js";
import type { Provider } from "../../web/db/database.js";
import { seedReceipts, settledRequest } from "../../test/support/seed.js";
import { SHOP, startTestApp, type TestApp } from "../../test/support/test-app.js";
import { row, type BenchRow, type BenchSuite } from "../harness.js";

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

export const compliance: BenchSuite = {
  name: "compliance",
  async run() {
    const rows: BenchRow[] = [];
    // (Webhook acknowledgement under load: the hotpaths suite.)
    // Redaction of one customer (5 receipts) among N: with the shop+customer index it should not grow with N.
    for (const provider of PROVIDERS) {
      const small = await redactionAt(provider, 1_000);
      for (const total of [100_000, 1_000_000]) {
        rows.push(
          row(
            "compliance",
            `redact 1 customer among ${total.toLocaleString("en")} receipts (${provider})`,
            "ms",
            await redactionAt(provider, total),
            "same among 1,000 receipts",
            small,
          ),
        );
      }
    }
    return rows;
  },
};
