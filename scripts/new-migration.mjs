// Writes a new migration for BOTH providers from the change in prisma/models.prisma:
//   npm run db:migration -- add_something
// SQLite diffs against an in-memory shadow database; PostgreSQL needs a server to hold a shadow database
// (MIGRATION_POSTGRES_URL, default: the local test server).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const urls = {
  sqlite: `file:${path.resolve("data/migration-scratch.db")}`,
  postgresql: process.env.MIGRATION_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
};
for (const provider of ["sqlite", "postgresql"]) {
  const dir = `prisma/${provider}/migrations`;
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir).filter((entry) => /^\d{4}_/.test(entry));
  const from = existing.length ? ["--from-migrations", dir] : ["--from-empty"];
  const sql = execFileSync(
    process.execPath,
    ["node_modules/prisma/build/index.js", "migrate", "diff", ...from, "--to-schema-datamodel", `prisma/${provider}`, "--script"],
    { env: { ...process.env, DATABASE_URL: urls[provider] }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (/^-- This is an empty migration\.\s*$/m.test(sql) && sql.trim().split("\n").length <= 1) {
    console.log(`${provider}: no change`);
    continue;
  }
  const folder = `${dir}/${String(existing.length + 1).padStart(4, "0")}_${name}`;
  mkdirSync(folder, { recursive: true });
  writeFileSync(`${folder}/migration.sql`, sql);
  writeFileSync(`${dir}/migration_lock.toml`, `# Written by scripts/new-migration.mjs; do not edit.\nprovider = "${provider}"\n`);
  console.log(`${provider}: wrote ${folder}/migration.sql`);
}
