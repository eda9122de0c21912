import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../../web/config/paths.js";
import { createTestDatabase } from "../../test/support/databases.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, startTestApp } from "../../test/support/test-app.js";
import { load, row, type BenchSuite } from "../harness.js";

/** Milliseconds from spawn to the first line matching `ready` on stdout. */
function timeToLine(args: string[], env: Record<string, string>, ready: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.on("data", (chunk: Buffer) => {
      if (ready.test(chunk.toString())) {
        resolve(performance.now() - started);
        child.kill("SIGTERM");
      }
    });
    child.on("exit", (code) => reject(new Error(`exited (${code}) before it was ready`)));
  });
}

export const foundation: BenchSuite = {
  name: "foundation",
  async run() {
    const database = await createTestDatabase("sqlite");
    const startup = await timeToLine(
      ["--import", "tsx", "web/index.ts"],
      {
        SHOPIFY_API_KEY: API_KEY,
        SHOPIFY_API_SECRET: API_SECRET,
        SHOPIFY_APP_URL: "https://bench.example.test",
        ENCRYPTION_KEY,
        DATABASE_URL: database.url,
        APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-")),
        PORT: "0",
      },
      /"msg":"listening"/,
    );
    const bare = await timeToLine(["--import", "tsx", "-e", "console.log('ready')"], {}, /ready/);

    const app = await startTestApp(database, { LOG_LEVEL: "warn" });
    const token = await app.sessionToken();
    await app.api("/api/shop"); // first call: token exchange, session stored
    const health = await load({ url: `${app.url}/healthz` });
    const shop = await load({ url: `${app.url}/api/shop`, headers: { authorization: `Bearer ${token}` } });
    await app.close();
    await database.drop();
    if (shop.non2xx || shop.errors) throw new Error(`/api/shop answered ${shop.non2xx} non-2xx and ${shop.errors} errors`);
    return [
      row("foundation", "start-up to listening (SQLite, migrations included)", "ms", startup, "node + tsx start, empty script", bare),
      row("foundation", "/api/shop p99 (JWT, encrypted session, Admin GraphQL)", "ms", shop.p99, "/healthz p99, same server", health.p99),
      row("foundation", "/api/shop throughput", "req/s", shop.requestsPerSecond, "/healthz throughput, same server", health.requestsPerSecond),
    ];
  },
};
