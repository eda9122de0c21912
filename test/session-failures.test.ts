import http from "node:http";
import net from "node:net";
import express from "express";
import { SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../web/db/database.js";
import { shopifySession } from "../web/http/shopify-session.js";
import { routeShopifyCallsTo } from "../web/local/fake-shopify/route-shopify-calls.js";
import { createLogger } from "../web/logging/logger.js";
import { createKeyring } from "../web/security/encryption.js";
import { shopifyRuntime } from "../web/shopify/api.js";
import { createShopify } from "../web/shopify/create-shopify.js";
import { PROVIDERS } from "./support/databases.js";
import { startTcpProxy } from "./support/tcp-proxy.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, SHOP, useTestApp } from "./support/test-app.js";

/** A port nothing listens on: connections to it are refused, as when Shopify cannot be reached. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A session token signed with the app's secret, like Shopify's, but with the `dest` given. */
function tokenWithDest(dest: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest, sid: "s" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`${dest}/admin`)
    .setAudience(API_KEY)
    .setSubject("1")
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .setJti(`j-${Math.random()}`)
    .sign(new TextEncoder().encode(API_SECRET));
}

describe.each(PROVIDERS)("admin session failures that are not the app's, on %s", (provider) => {
  // Token exchanges wait two thirds of this for Shopify.
  const context = useTestApp(provider, { REQUEST_TIMEOUT_MS: "3000" });

  /** Shopify's token endpoint answers with `answer`; every other call goes to the fake as usual. */
  function tokenEndpoint(answer: (init?: RequestInit) => Promise<Response>) {
    const { fake } = context.app;
    shopifyRuntime.setAbstractFetchFunc(async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return url.pathname === "/admin/oauth/access_token" ? answer(init) : fake.fetch(input, init);
    });
  }
  afterAll(() => void routeShopifyCallsTo(context.app.fake));

  it("answers 503 with Retry-After and a reason while Shopify cannot be reached for the token exchange, then recovers", async () => {
    const port = await closedPort();
    const cases: Array<[string, (init?: RequestInit) => Promise<Response>]> = [
      ["connection refused", (init) => fetch(`http://127.0.0.1:${port}/admin/oauth/access_token`, init)],
      [
        "502 from a proxy, in HTML",
        async () => new Response("<html><body>Bad gateway</body></html>", { status: 502, headers: { "content-type": "text/html" } }),
      ],
      ["500 from Shopify", async () => Response.json({ errors: "Internal error" }, { status: 500 })],
      ["429 from Shopify", async () => Response.json({ errors: "Throttled" }, { status: 429, headers: { "retry-after": "2" } })],
      ["no answer at all", () => new Promise<Response>(() => {})],
    ];
    for (const [i, [what, answer]] of cases.entries()) {
      const shop = `outage-${i}.myshopify.com`;
      tokenEndpoint(answer);
      const started = Date.now();
      const res = await context.app.api("/api/shop", { shop });
      expect(Date.now() - started, what).toBeLessThan(3_000); // before the request's deadline, whose 503 names no cause
      expect(res.status, what).toBe(503);
      expect(res.headers.get("retry-after"), what).toBe("5");
      expect(await res.json(), what).toEqual({ error: "Shopify did not answer the token exchange, retry later" });
      expect(await context.app.db.prisma.session.count({ where: { shop } }), what).toBe(0);

      routeShopifyCallsTo(context.app.fake);
      const back = await context.app.api("/api/shop", { shop });
      expect(back.status, what).toBe(200);
      expect(await back.json(), what).toMatchObject({ shop });
    }
    expect(context.app.logs.text).toContain("Shopify unavailable for token exchange");
  });

  it("still answers Shopify's refusal of a session token with 401", async () => {
    tokenEndpoint(async () => Response.json({ error: "invalid_subject_token" }, { status: 400 }));
    const res = await context.app.api("/api/shop", { shop: "refused.myshopify.com" });
    routeShopifyCallsTo(context.app.fake);
    expect(res.status).toBe(401);
  });

  it("answers a validly signed session token whose dest is not a shop with 401, and exchanges nothing", async () => {
    const exchanges = () => context.app.fake.calls.filter((c) => c.kind === "token_exchange").length;
    const before = exchanges();
    for (const dest of [
      "https://example.com",
      "not a url",
      "https://test-shop.myshopify.com.evil.test",
      "http://test-shop.myshopify.com",
      "https://test-shop.myshopify.com:8443",
      "https://user@test-shop.myshopify.com",
      "https://test-shop.myshopify.com/admin",
      "",
    ]) {
      const res = await fetch(`${context.app.url}/api/shop`, { headers: { authorization: `Bearer ${await tokenWithDest(dest)}`, accept: "application/json" } });
      expect(res.status, dest).toBe(401);
    }
    expect(exchanges()).toBe(before);
    const fine = await fetch(`${context.app.url}/api/shop`, { headers: { authorization: `Bearer ${await tokenWithDest(`https://${SHOP}`)}` } });
    expect(fine.status).toBe(200);
  });
});

describe.skipIf(!PROVIDERS.includes("postgresql"))("a session storage whose PostgreSQL connection is lost", () => {
  const context = useTestApp("postgresql");

  it("answers 503 with Retry-After even when the database answers again by the time of the answer", async () => {
    // The session is stored through the app; then a second Shopify app object reads sessions from the
    // same database through a relay that the test cuts, while its health check (the app's database) answers.
    expect((await context.app.api("/api/shop")).status).toBe(200);
    const target = new URL(context.database.url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    const viaProxy = new URL(context.database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const storageDb = openDatabase(viaProxy.toString(), { statementTimeoutMs: 2_000, poolSize: 2 });
    const logger = createLogger("silent");
    const shopify = createShopify({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: "https://consent-app.example.test",
      scopes: context.app.shopify.api.config.scopes!.toArray(),
      db: storageDb,
      keyring: createKeyring(Buffer.from(ENCRYPTION_KEY, "hex")),
      logger,
    });
    const app = express().use("/api", shopifySession(shopify, context.app.db, logger), (_req, res) => {
      res.json({ shop: (res.locals.shopify as { session: { shop: string } }).session.shop });
    });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/api/shop`;
    const call = async () => fetch(url, { headers: { authorization: `Bearer ${await context.app.sessionToken()}` } });
    try {
      const ok = await call();
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ shop: SHOP });

      await proxy.cut();
      for (let i = 0; i < 3; i++) {
        const res = await call();
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect(await res.json()).toEqual({ error: "database unavailable, retry later" });
      }
      await context.app.db.ping(); // what the old check asked: the database answers

      await proxy.restore();
      const deadline = Date.now() + 15_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) status = (await call()).status;
      expect(status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await storageDb.close();
      await proxy.close();
    }
  });
});
