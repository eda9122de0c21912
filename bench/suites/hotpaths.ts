import { randomUUID } from "node:crypto";
import pg from "pg";
import { samplePayload, signedDelivery } from "../../web/local/webhook-delivery.js";
import { signProxyQuery } from "../../web/local/storefront/local-proxy.js";
import type { Provider } from "../../web/db/database.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "../../test/support/databases.js";
import { seedReceipts } from "../../test/support/seed.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, SHOP, startTestApp, type TestApp } from "../../test/support/test-app.js";
import { startAppProcess } from "../app-process.js";
import { load, row, type BenchRow, type BenchSuite, type LoadResult } from "../harness.js";

const LIMITS = {
  RECEIPT_RATE_LIMIT_CLIENT: "100000000,100000000",
  RECEIPT_RATE_LIMIT_SHOP: "100000000,100000000",
  LOG_LEVEL: "warn",
  DATABASE_TIMEOUT_MS: "600000",
};
const CHOICE = { granted: ["analytics"], denied: ["preferences", "marketing"], method: "custom", revision: 1, textHash: "a".repeat(64), region: "DEBE" };
const RECEIPT = JSON.stringify(CHOICE);
/** A first choice on a typical store's page: what loaded before it, for the consent leak report. */
const FIRST_RECEIPT = JSON.stringify({
  ...CHOICE,
  seen: {
    hosts: [
      "www.googletagmanager.com",
      "www.google-analytics.com",
      "connect.facebook.net",
      "static.hotjar.com",
      "fonts.googleapis.com",
      "cdn.jsdelivr.net",
      "analytics.tiktok.com",
      "bat.bing.com",
    ],
    cookies: ["_ga", "_ga_X1Y2Z3", "_fbp", "_ttp", "_uetsid", "_uetvid", "cart", "localization"],
  },
});

/** POST /proxy/receipts from many shopper networks (so the per-client limit never applies). */
function receipts(app: { url: string }, connections = 50, seconds = 5, body = RECEIPT): Promise<LoadResult> {
  const query = signProxyQuery(
    new URLSearchParams({ shop: SHOP, logged_in_customer_id: "", path_prefix: "/apps/consent", timestamp: String(Math.floor(Date.now() / 1000)) }),
    API_SECRET,
  );
  let n = 0;
  return load({
    url: `${app.url}/proxy/receipts?${query}`,
    method: "POST",
    connections,
    seconds,
    body,
    headers: { "content-type": "application/json" },
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n++ & 255}` } }),
  });
}

/** Signed compliance deliveries, each a new event (so each is recorded, with its job and audit line). */
function webhooks(app: TestApp, connections = 50, seconds = 5): Promise<LoadResult> {
  const delivery = signedDelivery("customers/data_request", SHOP, samplePayload("customers/data_request", { shop: SHOP, customerId: 5 }), API_SECRET);
  return load({
    url: `${app.url}/api/webhooks`,
    method: "POST",
    connections,
    seconds,
    body: delivery.body,
    headers: delivery.headers,
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-shopify-webhook-id": randomUUID(), "x-shopify-event-id": randomUUID() } }),
  });
}

/** Every 2xx a stored row: the rows may exceed the answers by what was in flight when the run stopped. */
function checkStored(what: string, result: LoadResult, stored: number) {
  if (result.non2xx || result.errors || stored < result.total)
    throw new Error(`${what}: ${result.non2xx} non-2xx, ${result.errors} errors, ${stored} stored of ${result.total} answered`);
}

async function oneInstance(provider: Provider): Promise<BenchRow[]> {
  const database = await createTestDatabase(provider);
  const app = await startTestApp(database, { ...LIMITS, JOB_POLL_MS: "50", COMPLIANCE_BATCH_PAUSE_MS: "0" });
  await seedReceipts(app.db.prisma, SHOP, 100_000);
  await seedReceipts(app.db.prisma, SHOP, 60_000, "777");
  const health = await load({ url: `${app.url}/healthz`, connections: 50, seconds: 5 });
  const storedBefore = await app.db.prisma.consentReceipt.count();
  const receipt = await receipts(app);
  checkStored("receipts", receipt, (await app.db.prisma.consentReceipt.count()) - storedBefore);
  // First choices carrying what loaded before them: classified, counted into the leak report's rows.
  const firstBefore = await app.db.prisma.consentReceipt.count();
  const first = await receipts(app, 50, 5, FIRST_RECEIPT);
  checkStored("first receipts", first, (await app.db.prisma.consentReceipt.count()) - firstBefore);
  // The worker busy: erasing a customer with 60,000 receipts while the deliveries arrive.
  await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP, customerId: 777 }));
  const requestsBefore = await app.db.prisma.complianceRequest.count();
  const ack = await webhooks(app);
  checkStored("webhooks", ack, (await app.db.prisma.complianceRequest.count()) - requestsBefore);
  const busy = await app.db.prisma.consentReceipt.count({ where: { customerId: "777" } });
  await app.close();
  await database.drop();
  return [
    row(
      "hotpaths",
      `receipts stored, 50 connections (${provider}; goal ≥ 0.40×)`,
      "req/s",
      receipt.requestsPerSecond,
      "/healthz, same server, same run",
      health.requestsPerSecond,
    ),
    row("hotpaths", `receipt p99, 50 connections (${provider}; goal ≤ 30 ms)`, "ms", receipt.p99, "/healthz p99", health.p99),
    row(
      "hotpaths",
      `first receipts with leak lists (8 hosts, 8 cookies), 50 connections (${provider})`,
      "req/s",
      first.requestsPerSecond,
      "receipts without lists, same run",
      receipt.requestsPerSecond,
    ),
    row("hotpaths", `first receipt p99 with leak lists (${provider})`, "ms", first.p99, "receipt p99 without lists", receipt.p99),
    row(
      "hotpaths",
      `webhooks acknowledged, 50 connections, 100k receipts, worker erasing (${provider}; goal ≥ 0.30×; ${busy} of 60,000 left to erase after)`,
      "req/s",
      ack.requestsPerSecond,
      "/healthz",
      health.requestsPerSecond,
    ),
    row("hotpaths", `webhook ack p99 (${provider}; goal ≤ 40 ms)`, "ms", ack.p99, "/healthz p99", health.p99),
  ];
}

/**
 * Instances on one PostgreSQL, each a process of its own as on a host (`tsx web/index.ts`): one under 50
 * connections, then two under 25 each, on the same database in the same run. Their combined receipts/s
 * beside the one's. (All share this machine's cores with PostgreSQL and the load generator.)
 */
async function twoInstances(): Promise<BenchRow[]> {
  const database = await createTestDatabase("postgresql");
  const env = {
    ...LIMITS,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "https://consent-app.example.test",
    ENCRYPTION_KEY,
    DATABASE_URL: database.url,
  };
  const run = async (instances: number) => {
    const apps = [];
    for (let i = 0; i < instances; i++) apps.push(await startAppProcess(env));
    const before = await countReceipts(database.url);
    const results = await Promise.all(apps.map((app) => receipts(app, 50 / instances)));
    const stored = (await countReceipts(database.url)) - before;
    for (const app of apps) await app.close();
    const total = results.reduce((n, r) => n + r.total, 0);
    if (results.some((r) => r.non2xx || r.errors) || stored < total) throw new Error(`${instances} instance(s): ${stored} stored of ${total}`);
    return results.reduce((n, r) => n + r.requestsPerSecond, 0);
  };
  const one = await run(1);
  const two = await run(2);
  await database.drop();
  return [
    row(
      "hotpaths",
      "receipts stored by two instances (processes) on one PostgreSQL (25 connections each)",
      "req/s",
      two,
      "one instance (process), 50 connections",
      one,
    ),
  ];
}

async function countReceipts(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ConsentReceipt"`);
  await client.end();
  return Number(rows[0]!.n);
}

/** Insert throughput with 10 million receipts in the table, beside an empty table. */
async function atTenMillion(provider: Provider): Promise<BenchRow[]> {
  const measure = async (database: TestDatabase, seed: number) => {
    const app = await startTestApp(database, LIMITS);
    for (let done = 0; done < seed; done += 1_000_000) await seedReceipts(app.db.prisma, `seed-${done % 7}.myshopify.com`, 1_000_000);
    // Steady state, the same for both tables: the bulk load's WAL written back (a checkpoint), then a
    // short warm-up run, so the figure is the inserts' own cost and not the aftermath of seeding.
    if (provider === "postgresql") {
      await app.db.prisma.$executeRawUnsafe(`VACUUM ANALYZE "ConsentReceipt"`);
      await app.db.prisma.$executeRawUnsafe("CHECKPOINT");
    } else await app.db.prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    await receipts(app, 50, 2);
    const result = await receipts(app);
    await app.close();
    await database.drop();
    return result.requestsPerSecond;
  };
  const empty = await measure(await createTestDatabase(provider), 0);
  const full = await measure(await createTestDatabase(provider), 10_000_000);
  return [row("hotpaths", `receipts stored with 10,000,000 rows in the table (${provider})`, "req/s", full, "same, empty table", empty)];
}

export const hotpaths: BenchSuite = {
  name: "hotpaths",
  async run() {
    const rows: BenchRow[] = [];
    for (const provider of PROVIDERS) rows.push(...(await oneInstance(provider)));
    if (PROVIDERS.includes("postgresql")) rows.push(...(await twoInstances()));
    for (const provider of PROVIDERS) rows.push(...(await atTenMillion(provider)));
    return rows;
  },
};
