// Prisma CLI configuration. The provider follows DATABASE_URL: postgres(ql):// picks prisma/postgresql,
// anything else prisma/sqlite (default file: data/app.db, the same default as the app).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPgForMigrate } from "./prisma/migrate-adapters.js";

const url = (process.env.DATABASE_URL ??= `file:${path.resolve("data/app.db")}`);
const provider = /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", provider, "migrations") },
  adapter: async () => (provider === "postgresql" ? new PrismaPgForMigrate(url) : new PrismaBetterSQLite3({ url })),
});
