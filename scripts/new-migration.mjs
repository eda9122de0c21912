// Writes a new migration for BOTH providers from what changed in prisma/models.prisma since the last
// migration:   npm run db:migration -- add_something
// It diffs prisma/migrated-models.prisma (the models as the newest migration leaves them) against the
// current models, per provider, with `prisma migrate diff --from-schema-datamodel`: no shadow database
// needed (Prisma 6.19's SQLite shadow database fails offline). The PostgreSQL adapter still connects
// once, to MIGRATION_POSTGRES_URL (default: the local test server); nothing is written there.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const scratch = mkdtempSync(path.join(os.tmpdir(), "migration-"));
try {
  let wrote = false;
  for (const provider of ["sqlite", "postgresql"]) {
    const header = readFileSync(`prisma/${provider}/schema.prisma`, "utf8").replace(/^\s*output\s*=.*$/m, "");
    const before = path.join(scratch, provider);
    mkdirSync(before);
    writeFileSync(path.join(before, "schema.prisma"), header);
    copyFileSync("prisma/migrated-models.prisma", path.join(before, "models.prisma"));
    const sql = execFileSync(
      process.execPath,
      ["node_modules/prisma/build/index.js", "migrate", "diff", "--from-schema-datamodel", before, "--to-schema-datamodel", `prisma/${provider}`, "--script"],
      {
        env: {
          ...process.env,
          DATABASE_URL: provider === "sqlite" ? "file:./unused.db" : (process.env.MIGRATION_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test"),
        },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    if (!/^(CREATE|ALTER|DROP|PRAGMA|INSERT|UPDATE)/m.test(sql)) {
      console.log(`${provider}: no change`);
      continue;
    }
    const dir = `prisma/${provider}/migrations`;
    const count = readdirSync(dir).filter((entry) => /^\d{4}_/.test(entry)).length;
    const folder = `${dir}/${String(count + 1).padStart(4, "0")}_${name}`;
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${folder}/migration.sql`, sql);
    console.log(`${provider}: wrote ${folder}/migration.sql`);
    wrote = true;
  }
  if (wrote) {
    const models = readFileSync("prisma/models.prisma", "utf8");
    writeFileSync(
      "prisma/migrated-models.prisma",
      `// Written by scripts/new-migration.mjs: the models as the newest migration leaves them. Do not edit.\n\n${models}`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
