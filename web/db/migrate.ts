import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../config/paths.js";
import { scrub } from "../logging/logger.js";

const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

/**
 * Applies the committed migrations for the database's provider (`prisma migrate deploy`, configured by
 * prisma.config.ts). Safe to run from several instances at once: Prisma takes an advisory lock.
 *
 * On PostgreSQL, Prisma 6.19's wasm schema engine leaves a 10 s timer running after it has finished,
 * so the CLI would idle for 10 s after success. Once it has printed its success line the work is
 * committed (and the advisory lock goes with the connection), so we end it there.
 */
export function runMigrations(databaseUrl: string, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let succeeded = false;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(new Error(`prisma migrate deploy did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!succeeded && DONE.test(output)) {
        succeeded = true;
        setTimeout(() => child.kill("SIGTERM"), 250).unref();
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (error) => finish(error));
    child.on("exit", (code) => {
      if (code === 0 || succeeded) finish();
      else {
        const tail = output.split("\n").filter((line) => line.trim() && !/WARNING|will NOT be used|Prisma config|environment variable/.test(line)).slice(-8);
        finish(new Error(`prisma migrate deploy failed (exit ${code}):\n${scrub(tail.join("\n"))}`));
      }
    });
  });
}
