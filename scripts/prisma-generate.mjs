// Generates both Prisma clients (SQLite into @prisma/client, PostgreSQL next to it), so one install can
// run against either database. Runs on `npm install` (postinstall). Offline: engineType "client".
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const prisma = "node_modules/prisma/build/index.js";
if (!existsSync(prisma)) process.exit(0); // an install without the Prisma CLI (should not happen) has nothing to generate
for (const provider of ["sqlite", "postgresql"]) {
  execFileSync(process.execPath, [prisma, "generate", "--no-hints", "--schema", `prisma/${provider}`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: provider === "sqlite" ? "file:./unused.db" : "postgresql://unused/unused" },
  });
}
