import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { providerOf, sqliteFileOf } from "./database.js";
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
        const tail = output
          .split("\n")
          .filter((line) => line.trim() && !/will NOT be used|Loaded Prisma config|skipping environment variable/.test(line))
          .slice(-12);
        finish(new Error(`prisma migrate deploy failed (exit ${code}):\n${scrub(tail.join("\n"))}`));
      }
    });
  });
}

/** The committed migrations (folder names) for the database's provider. */
export function committedMigrations(databaseUrl: string): string[] {
  const dir = path.join(ROOT, "prisma", providerOf(databaseUrl), "migrations");
  return readdirSync(dir)
    .filter((entry) => /^\d{4}_/.test(entry))
    .sort();
}

/** Migrations not yet applied, read from Prisma's own _prisma_migrations table. */
export async function pendingMigrations(databaseUrl: string): Promise<string[]> {
  const committed = committedMigrations(databaseUrl);
  const applied = new Set<string>();
  const query = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const file = sqliteFileOf(databaseUrl);
  if (file !== undefined) {
    if (!existsSync(file)) return committed;
    const db = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      if (table) for (const row of db.prepare(query).all() as Array<{ migration_name: string }>) applied.add(row.migration_name);
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      const exists = await client.query(`SELECT to_regclass('_prisma_migrations') AS t`);
      if (exists.rows[0]?.t) for (const row of (await client.query(query)).rows) applied.add(row.migration_name);
    } finally {
      await client.end();
    }
  }
  return committed.filter((name) => !applied.has(name));
}

/** Applies pending migrations, if any (the Prisma CLI is only started when there is work for it). */
export async function migrate(databaseUrl: string): Promise<string[]> {
  // SQLite: the file's folder must exist before Prisma creates the file (a fresh APP_DATA_DIR).
  const file = sqliteFileOf(databaseUrl);
  if (file) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length) await runMigrations(databaseUrl);
  return pending;
}
