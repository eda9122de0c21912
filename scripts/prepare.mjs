// Runs before `npm start`: builds the admin UI when it is missing or older than its sources, and makes
// sure both Prisma clients exist (an install with --ignore-scripts skips postinstall).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const force = process.argv.includes("--force-build");
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(max, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }, 0);

if (!existsSync("node_modules/.prisma/client/index.js") || !existsSync("node_modules/.prisma/client-postgresql/index.js")) {
  execFileSync(process.execPath, ["scripts/prisma-generate.mjs"], { stdio: "inherit" });
}

const dist = "web/frontend/dist/index.html";
const sources = Math.max(newest("web/frontend/src"), statSync("web/frontend/index.html").mtimeMs, statSync("web/frontend/vite.config.ts").mtimeMs);
if (force || !existsSync(dist) || statSync(dist).mtimeMs < sources) {
  console.log("Building the admin UI (vite)…");
  execFileSync(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--config", "web/frontend/vite.config.ts"], { stdio: "inherit" });
}
