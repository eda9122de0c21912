import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { committedMigrations, migrate, pendingMigrations } from "../migrate.js";

describe("migrate on SQLite", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "consent-migrate-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("creates the data folder when it does not exist yet (a fresh APP_DATA_DIR)", async () => {
    const file = path.join(root, "not", "yet", "there", "app.db");
    const url = `file:${file}`;
    expect(await migrate(url)).toEqual(committedMigrations(url));
    expect(existsSync(file)).toBe(true);
    expect(await pendingMigrations(url)).toEqual([]);
    expect(await migrate(url)).toEqual([]);
  });
});
