import { mkdtempSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverWebhook, samplePayload, signedDelivery } from "../web/local/webhook-delivery.js";
import { signProxyQuery } from "../web/local/storefront/local-proxy.js";
import { spawnApp, type ChildApp } from "./support/child-app.js";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { waitFor } from "./support/seed.js";
import { startTcpProxy } from "./support/tcp-proxy.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, SHOP } from "./support/test-app.js";

const RECEIPT = JSON.stringify({ granted: ["analytics"], denied: ["marketing"], method: "custom", revision: 1, textHash: "c".repeat(64) });

/** The three requests Shopify and shoppers send: a compliance webhook, a consent receipt, a readiness probe. */
function requests(base: string) {
  return {
    webhook: () =>
      deliverWebhook(
        `${base}/api/webhooks`,
        signedDelivery("customers/data_request", SHOP, samplePayload("customers/data_request", { shop: SHOP }), API_SECRET),
      ).then((r) => r.status),
    receipt: () => {
      const query = new URLSearchParams({
        shop: SHOP,
        logged_in_customer_id: "",
        path_prefix: "/apps/consent",
        timestamp: String(Math.floor(Date.now() / 1000)),
      });
      return fetch(`${base}/proxy/receipts?${signProxyQuery(query, API_SECRET)}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9" },
        body: RECEIPT,
      }).then((r) => r.status);
    },
    ready: () => fetch(`${base}/readyz`).then((r) => r.status),
    /** A blocker's breakage report: its status, and Retry-After when it has one. */
    breakage: () => {
      const query = new URLSearchParams({
        shop: SHOP,
        logged_in_customer_id: "",
        path_prefix: "/apps/consent",
        timestamp: String(Math.floor(Date.now() / 1000)),
      });
      return fetch(`${base}/proxy/breakage?${signProxyQuery(query, API_SECRET)}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.9" },
        body: JSON.stringify({ hosts: ["www.google-analytics.com"] }),
      }).then((r) => ({ status: r.status, retryAfter: r.headers.get("retry-after") }));
    },
  };
}

/** A compliance webhook sent over its own connection: `sent` once its whole body is written, `status` its answer (0: the connection closed unanswered). */
function inFlightWebhook(port: number) {
  const delivery = signedDelivery("customers/data_request", SHOP, samplePayload("customers/data_request", { shop: SHOP }), API_SECRET);
  let sent!: () => void;
  const written = new Promise<void>((resolve) => (sent = resolve));
  const status = new Promise<number>((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: "/api/webhooks", method: "POST", headers: { ...delivery.headers, "content-length": Buffer.byteLength(delivery.body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => {
      sent();
      resolve(0);
    });
    req.on("finish", () => sent());
    req.end(delivery.body);
  });
  return { sent: written, status };
}

function start(databaseUrl: string, env: Record<string, string> = {}): ChildApp {
  return spawnApp({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "https://consent-app.example.test",
    ENCRYPTION_KEY,
    DATABASE_URL: databaseUrl,
    APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-faults-")),
    PORT: "0",
    JOB_POLL_MS: "50",
    RECEIPT_RATE_LIMIT_CLIENT: "1000000,1000000",
    RECEIPT_RATE_LIMIT_SHOP: "1000000,1000000",
    ...env,
  });
}

// PostgreSQL only: SQLite is a file inside the app's own process, with no connections to lose.
describe.skipIf(!process.env.TEST_POSTGRES_URL)("PostgreSQL faults under load", () => {
  let database: TestDatabase;
  const children: ChildApp[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
  });
  afterAll(async () => {
    for (const child of children) child.child.kill("SIGKILL");
    await database?.drop();
  });

  it("survives its connections being terminated under load (failover, restart, idle reaping) and serves again within seconds", async () => {
    const app = start(database.url);
    children.push(app);
    const { port } = (await app.waitForLog((e) => e.msg === "listening")) as { port: number };
    const send = requests(`http://127.0.0.1:${port}`);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const name = new URL(database.url).pathname.slice(1);
    const statuses = new Map<number, number>();
    let exited = false;
    void app.exited.then(() => (exited = true));

    let answers = 0;
    const answeredSince = (from: number) => () => Promise.resolve(answers - from >= 40);
    for (let storm = 0; storm < 10 && !exited; storm++) {
      // Load until the storm has struck and the app has answered 40 requests after it.
      let stormOver = false;
      const load = Array.from({ length: 24 }, async (_, i) => {
        while (!stormOver && !exited) {
          const status = await [send.webhook, send.receipt, send.ready][i % 3]!().catch(() => 0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          answers++;
        }
      });
      // Strike once requests are in flight: some answered since this storm began.
      await waitFor(answeredSince(answers), 20_000, "requests answered before the storm");
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      await waitFor(answeredSince(answers), 20_000, "requests answered after the storm");
      stormOver = true;
      await Promise.all(load);
    }
    await admin.end();
    expect(exited, `the app exited: ${app.stderr().slice(-500)}`).toBe(false);

    const stormEnded = Date.now();
    const ready = await waitFor(async () => (await send.ready().catch(() => 0)) === 200, 10_000, "/readyz 200 after the storms").catch(() => false);
    const recoveredMs = Date.now() - stormEnded;
    const recent = app.logs
      .slice(-8)
      .map((e) => `${e.msg} ${JSON.stringify(e.err ?? "")}`)
      .join("\n");
    expect(ready, recent).toBe(true);
    console.log(`database-faults: serving again ${recoveredMs} ms after 10 storms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(recoveredMs).toBeLessThan(5_000);
    expect(await send.webhook()).toBe(200);
    expect(await send.receipt()).toBe(201);
    // Never a 500 or a dropped connection: stored (200/201) or "retry later" (503).
    expect(
      [...statuses.keys()].filter((s) => ![200, 201, 503].includes(s)),
      JSON.stringify(Object.fromEntries(statuses)),
    ).toEqual([]);
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(100);
  }, 90_000);

  it("answers 503 within bounded time while the database is stalled, and SIGTERM still finishes within SHUTDOWN_TIMEOUT_MS", async () => {
    const target = new URL(database.url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const app = start(viaProxy.toString(), { DATABASE_TIMEOUT_MS: "1000", REQUEST_TIMEOUT_MS: "3000", SHUTDOWN_TIMEOUT_MS: "3000" });
    children.push(app);
    try {
      const { port } = (await app.waitForLog((e) => e.msg === "listening")) as { port: number };
      const send = requests(`http://127.0.0.1:${port}`);
      expect(await send.webhook()).toBe(200);

      proxy.stall();
      const timed = async (call: () => Promise<number>) => {
        const started = Date.now();
        return { status: await call().catch(() => 0), ms: Date.now() - started };
      };
      const [breakage, ...results] = await Promise.all([
        send.breakage().catch(() => ({ status: 0, retryAfter: null })),
        timed(send.webhook),
        timed(send.receipt),
        timed(send.ready),
        timed(send.webhook),
      ]);
      for (const { status, ms } of results) {
        expect(status).toBe(503);
        expect(ms).toBeLessThan(4_000);
      }
      expect(breakage).toEqual({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) });

      // A webhook wholly sent (its body on the wire) before SIGTERM: in flight, held by the stalled database.
      const inFlight = inFlightWebhook(port);
      await inFlight.sent;
      const stopping = Date.now();
      app.child.kill("SIGTERM");
      const code = await app.exited;
      expect(Date.now() - stopping).toBeLessThan(3_000 + 1_000);
      expect(code).toBe(0);
      expect([0, 503]).toContain(await inFlight.status);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
