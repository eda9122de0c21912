import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { rebuildRollups } from "../../web/consent/consent-rollup.js";
import { retentionCutoff, RETENTION_JOB } from "../../web/consent/retention.js";
import type { Provider } from "../../web/db/database.js";
import { enqueue } from "../../web/jobs/queue.js";
import { samplePayload, signedDelivery } from "../../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase } from "../../test/support/databases.js";
import { seedReceipts, waitFor } from "../../test/support/seed.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, OTHER_SHOP, SHOP, startTestApp, type TestApp } from "../../test/support/test-app.js";
import { spawnApp } from "../../test/support/child-app.js";
import { load, row, type BenchRow, type BenchSuite } from "../harness.js";

const DAY = 24 * 3600 * 1000;
const MB = 1024 * 1024;

/** `total` receipts for a shop, spread over the last 30 days, a tenth of them with a customer id; then its daily rows. */
async function seedShop(app: TestApp, shop: string, total: number) {
  const perDay = Math.ceil(total / 30);
  for (let d = 0; d < 30; d++)
    await seedReceipts(app.db.prisma, shop, Math.min(perDay, total - d * perDay), null, { createdAt: new Date(Date.now() - d * DAY - 1000) });
  await rebuildRollups(app.db.prisma, shop);
}

/** p99 of an authenticated admin API GET, 4 s at 4 connections (an admin page's own requests, a few merchants at once). */
async function apiP99(app: TestApp, path: string, shop: string) {
  const token = await app.sessionToken(shop);
  const result = await load({ url: `${app.url}${path}`, connections: 4, seconds: 4, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx || result.errors) throw new Error(`${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.p99;
}

/** A process's resident memory, from /proc (Linux). */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

/** Peak growth of a process's RSS (this one by default) while `work` runs, sampled every 10 ms. */
async function peakRss<T>(work: () => Promise<T>, pid = process.pid): Promise<{ result: T; peakMb: number; seconds: number }> {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, rssOf(pid));
  return { result, peakMb: (peak - before) / MB, seconds };
}

async function suite(provider: Provider): Promise<BenchRow[]> {
  const database = await createTestDatabase(provider);
  const app = await startTestApp(database, { LOG_LEVEL: "warn", DATABASE_TIMEOUT_MS: "300000", REQUEST_TIMEOUT_MS: "600000", JOB_POLL_MS: "100" });
  await seedShop(app, SHOP, 1_000_000);
  await seedShop(app, OTHER_SHOP, 1_000);
  if (provider === "postgresql") await app.db.prisma.$executeRawUnsafe(`ANALYZE`);
  const rows: BenchRow[] = [];

  const statsBig = await apiP99(app, "/api/consent/stats?days=90", SHOP);
  const statsSmall = await apiP99(app, "/api/consent/stats?days=90", OTHER_SHOP);
  rows.push(row("insights", `insights API p99, 1,000,000 receipts (${provider})`, "ms", statsBig, "same, 1,000 receipts", statsSmall));
  const searchBig = await apiP99(app, "/api/consent/receipts?q=1000010", SHOP);
  const searchSmall = await apiP99(app, "/api/consent/receipts?q=1000010", OTHER_SHOP);
  rows.push(row("insights", `receipt search p99 (customer id), 1,000,000 receipts (${provider})`, "ms", searchBig, "same, 1,000 receipts", searchSmall));
  const pageBig = await apiP99(app, "/api/consent/receipts", SHOP);
  rows.push(row("insights", `receipt log first page p99, 1,000,000 receipts (${provider})`, "ms", pageBig, "receipt search p99, 1,000 receipts", searchSmall));

  // CSV export of the million, streamed by the app in a process of its own (what `npm start` runs), whose
  // RSS is sampled; this process reads the download as fast as it can.
  const link = (await (await app.api("/api/consent/receipts/export", { method: "POST", body: "{}" })).json()) as { url: string };
  const server = spawnApp({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "https://consent-app.example.test",
    ENCRYPTION_KEY,
    DATABASE_URL: database.url,
    APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-csv-")),
    PORT: "0",
    WORKER_ENABLED: "false",
    LOG_LEVEL: "info",
  });
  const { port } = (await server.waitForLog((e) => e.msg === "listening")) as { port: number };
  await new Promise((r) => setTimeout(r, 1_000)); // settled after start-up
  const csv = await peakRss(async () => {
    const response = await fetch(`http://127.0.0.1:${port}${link.url}`);
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) for (const byte of chunk) if (byte === 10) lines++;
    return lines;
  }, server.child.pid!);
  server.child.kill("SIGTERM");
  await server.exited;
  if (csv.result !== 1_000_001) throw new Error(`CSV had ${csv.result} lines`);
  const plain = await peakRss(() => app.db.prisma.consentReceipt.findMany({ where: { shopDomain: SHOP } }));
  rows.push(row("insights", `CSV export of 1,000,000 receipts (${provider})`, "s", csv.seconds, "a plain SELECT of the same rows", plain.seconds));
  rows.push(row("insights", `CSV export peak RSS growth (${provider})`, "MB", csv.peakMb, "the plain SELECT's peak RSS growth", plain.peakMb));

  // Retention: 500,000 receipts past the cut-off, purged by the job while webhooks keep arriving.
  await app.api("/api/consent/retention", { method: "PUT", body: JSON.stringify({ months: 6 }) });
  const old = new Date(retentionCutoff(6).getTime() - DAY);
  for (let i = 0; i < 5; i++) await seedReceipts(app.db.prisma, SHOP, 100_000, null, { createdAt: old });
  const delivery = signedDelivery("customers/data_request", SHOP, samplePayload("customers/data_request", { shop: SHOP, customerId: 5 }), API_SECRET);
  const webhooks = async (target: TestApp) => {
    const result = await load({
      url: `${target.url}/api/webhooks`,
      method: "POST",
      connections: 20,
      seconds: 4,
      body: delivery.body,
      headers: delivery.headers,
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-shopify-webhook-id": randomUUID(), "x-shopify-event-id": randomUUID() } }),
    });
    return result;
  };
  await app.worker!.stop(10_000); // a quiet baseline: nothing else running
  const quiet = await webhooks(app);
  await app.close();
  const busy = await startTestApp(database, { LOG_LEVEL: "warn", DATABASE_TIMEOUT_MS: "300000", JOB_POLL_MS: "50" });
  await busy.db.prisma.job.deleteMany({});
  await busy.db.prisma.shop.update({ where: { domain: SHOP }, data: { retentionRunAt: null, retentionDeleted: null } });
  const started = performance.now();
  await enqueue(busy.db.prisma, { shopDomain: SHOP, kind: RETENTION_JOB });
  busy.worker!.wake();
  const during = await webhooks(busy);
  await waitFor(() => busy.db.prisma.shop.findFirst({ where: { domain: SHOP, retentionRunAt: { not: null } } }), 600_000, "the purge");
  const purgeSeconds = (performance.now() - started) / 1000;
  const deleted = (await busy.db.prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).retentionDeleted;
  if (deleted !== 500_000) throw new Error(`purge deleted ${deleted}`);
  rows.push(row("insights", `retention purge of 500,000 receipts (${provider})`, "s", purgeSeconds, "(no baseline: seconds for the whole job)", purgeSeconds));
  rows.push(
    row(
      "insights",
      `webhook ack p99 during the purge, 20 concurrent (${provider}; ${during.non2xx + during.errors} not 2xx)`,
      "ms",
      during.p99,
      `same without a purge running (${quiet.non2xx + quiet.errors} not 2xx)`,
      quiet.p99,
    ),
  );
  await busy.close();
  await database.drop();
  return rows;
}

export const insights: BenchSuite = {
  name: "insights",
  async run() {
    const rows: BenchRow[] = [];
    for (const provider of PROVIDERS) rows.push(...(await suite(provider)));
    return rows;
  },
};
