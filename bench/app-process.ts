import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { spawnApp } from "../test/support/child-app.js";

export interface AppProcess {
  url: string;
  /** SIGTERM, then waits for the process to exit (it shuts down cleanly). */
  close(): Promise<void>;
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * The app as a host runs it (web/index.ts, production configuration: spawnApp) in a process of its own,
 * an instance with its own event loop, for measuring several instances beside one. It logs at warn (no
 * line per request for this process to read), so it is given a free port and is ready once /readyz answers 200.
 */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "consent-bench-"));
  const app = spawnApp({ NODE_ENV: "production", LOG_LEVEL: "warn", APP_DATA_DIR: dataDir, ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (
    !(await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (app.child.exitCode !== null || Date.now() > deadline) {
      app.child.kill("SIGKILL");
      throw new Error(`the app was not ready within 60 s (exit code ${app.child.exitCode}): ${app.stderr().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    async close() {
      app.child.kill("SIGTERM");
      const code = await app.exited;
      rmSync(dataDir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`the app exited ${code} after SIGTERM: ${app.stderr().slice(-2000)}`);
    },
  };
}
