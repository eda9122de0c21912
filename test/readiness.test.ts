import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { waitFor } from "./support/seed.js";
import { startTcpProxy } from "./support/tcp-proxy.js";
import { SHOP, startTestApp, type TestApp } from "./support/test-app.js";

// A database outage is simulated by cutting a TCP relay in front of PostgreSQL. (SQLite is a file in
// the app's own process: it has no outage of this kind to simulate.)
describe.skipIf(!process.env.TEST_POSTGRES_URL)("database outage on postgresql", () => {
  let database: TestDatabase;
  let app: TestApp;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    const target = new URL(database.url);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    app = await startTestApp({ ...database, url: viaProxy.toString() });
    expect((await app.api("/api/shop")).status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await database?.drop();
  });

  it("turns /readyz, /api and webhooks to 503 while the database is unreachable, and recovers", async () => {
    await proxy.cut();
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get("retry-after")).toBe("5");
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

    const api = await app.api("/api/shop");
    expect(api.status).toBe(503);
    expect(await api.text()).not.toMatch(/at .*\.(js|ts):\d+/);

    const webhook = await app.webhook("app/uninstalled", { myshopify_domain: SHOP });
    expect(webhook.status).toBe(503);

    await proxy.restore();
    await waitFor(async () => (await fetch(`${app.url}/readyz`)).status === 200, 20_000, "/readyz 200 after the database is back");
    expect((await app.api("/api/shop")).status).toBe(200);
  });
});
