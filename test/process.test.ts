import http from "node:http";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedDelivery } from "../web/local/webhook-delivery.js";
import { spawnApp } from "./support/child-app.js";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, SHOP } from "./support/test-app.js";

describe("the app process", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("fails fast with a readable message naming each bad variable", async () => {
    const app = spawnApp({ SHOPIFY_API_KEY: "only-the-key", DATABASE_URL: "mysql://nope", PORT: "http" });
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain("Invalid configuration:");
    expect(app.stderr()).toMatch(/SHOPIFY_API_SECRET: missing/);
    expect(app.stderr()).toMatch(/DATABASE_URL: must start with file:/);
    expect(app.stderr()).toMatch(/PORT: /);
    expect(app.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("on SIGTERM stops accepting, finishes the request in flight, closes the database and exits 0", async () => {
    const app = spawnApp({
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: "https://consent-app.example.test",
      ENCRYPTION_KEY,
      DATABASE_URL: database.url,
      APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-data-")),
      PORT: "0",
    });
    const { port } = (await app.waitForLog((e) => e.msg === "listening")) as { port: number };
    const delivery = signedDelivery("app/uninstalled", SHOP, { myshopify_domain: SHOP }, API_SECRET);
    const half = Math.floor(delivery.body.length / 2);

    // Start a request and send only half its body: it is in flight when SIGTERM arrives. `Expect:
    // 100-continue` makes the server say when it has the request (Node answers 100 once it parsed the headers).
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/api/webhooks",
          method: "POST",
          headers: { ...delivery.headers, "content-length": Buffer.byteLength(delivery.body), expect: "100-continue" },
        },
        (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.on("continue", async () => {
        req.write(delivery.body.slice(0, half));
        app.child.kill("SIGTERM");
        await app.waitForLog((e) => String(e.msg).startsWith("shutting down"));
        // No new connections once shutdown has begun.
        const refused = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => false,
          () => true,
        );
        expect(refused).toBe(true);
        req.end(delivery.body.slice(half));
      });
      req.flushHeaders();
    });

    expect(await response).toEqual({ status: 200, body: JSON.stringify({ status: "ok" }) });
    expect(await app.exited).toBe(0);
    expect(app.logs.some((e) => e.msg === "shutdown complete")).toBe(true);
  });
});
