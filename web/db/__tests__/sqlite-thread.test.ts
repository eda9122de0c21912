import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../database.js";
import { isDatabaseUnavailable } from "../errors.js";
import { migrate } from "../migrate.js";
import { startSqliteThread } from "../sqlite-thread.js";

const SHOP = "thread.myshopify.com";
const audits = async (db: Database) =>
  (await db.prisma.auditEvent.findMany({ where: { shopDomain: SHOP }, select: { action: true } })).map((a) => a.action).sort();
const insertAudit = (id: string, action: string) => ({
  sql: `INSERT INTO "AuditEvent" ("id", "shopDomain", "action", "createdAt") VALUES (?, ?, ?, ?)`,
  params: [id, SHOP, action, new Date().toISOString()],
});

describe("the SQLite thread", () => {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "sqlite-thread-"));
    const url = `file:${path.join(dir, "app.db")}`;
    await migrate(url);
    db = openDatabase(url);
    await db.ping();
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps Prisma's errors what they are: a duplicate is P2002, not an outage", async () => {
    const request = { shopDomain: SHOP, topic: "customers/redact", webhookId: "w", dedupKey: "dup", dueAt: new Date(), payload: "" };
    await db.prisma.complianceRequest.create({ data: request });
    const error = await db.prisma.complianceRequest.create({ data: request }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("runs nothing else inside an open Prisma transaction: other writes wait for it, and its rollback takes only its own", async () => {
    const finished: string[] = [];
    let others: Promise<unknown>[] = [];
    await db.prisma
      .$transaction(async (tx) => {
        await tx.auditEvent.create({ data: { shopDomain: SHOP, action: "inside" } });
        others = [
          db.driver.batch([insertAudit("batch-1", "batch")]).then(() => finished.push("batch")),
          db.prisma.auditEvent.create({ data: { shopDomain: SHOP, action: "plain" } }).then(() => finished.push("plain")),
        ];
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(finished).toEqual([]);
        throw new Error("roll back");
      })
      .catch((error: Error) => expect(error.message).toBe("roll back"));
    await Promise.all(others);
    expect(finished).toEqual(["batch", "plain"]);
    expect(await audits(db)).toEqual(["batch", "plain"]);
  });

  it("ends a Prisma transaction that SQLite rolled back by itself, and runs the rest, instead of waiting for it forever", async () => {
    // A statement inside the transaction that ends it behind Prisma's back (as SQLite does after a full
    // disk or an I/O error): the transaction's next statement fails as closed, and other writes go on.
    const error = await db.prisma
      .$transaction(async (tx) => {
        await tx.auditEvent.create({ data: { shopDomain: SHOP, action: "rolled-back" } });
        await tx.$executeRawUnsafe("ROLLBACK");
        await tx.auditEvent.create({ data: { shopDomain: SHOP, action: "after" } });
      })
      .catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await db.driver.batch([insertAudit("batch-after", "after-batch")]);
    expect(await audits(db)).toContain("after-batch");
    expect(await audits(db)).not.toContain("rolled-back");
    expect(await audits(db)).not.toContain("after");
    expect(db.failure()).toBeUndefined();
  });

  it("writes a driver batch whole or not at all", async () => {
    await expect(db.driver.batch([insertAudit("batch-2", "half"), insertAudit("batch-2", "half")])).rejects.toThrow(/UNIQUE/);
    expect(await audits(db)).not.toContain("half");
    const rows = await db.driver.batch([insertAudit("batch-3", "whole"), { sql: `SELECT "action" FROM "AuditEvent" WHERE "id" = ?`, params: ["batch-3"] }]);
    expect(rows).toEqual([[], [{ action: "whole" }]]);
  });

  it("once its file is deleted, fails every request as an outage, one inside an open transaction and those waiting behind it too", async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), "sqlite-thread-deleted-"));
    const url = `file:${path.join(own, "app.db")}`;
    await migrate(url);
    const deleted = openDatabase(url);
    await deleted.ping();
    let behind: Promise<unknown> | undefined;
    const inside = await deleted.prisma
      .$transaction(async (tx) => {
        await tx.auditEvent.create({ data: { shopDomain: SHOP, action: "inside" } });
        rmSync(own, { recursive: true, force: true });
        // Queued behind the open transaction: it must fail, not wait for a transaction that never ends.
        behind = deleted.driver.batch([insertAudit("behind", "behind")]).catch((e: unknown) => e);
        await tx.auditEvent.create({ data: { shopDomain: SHOP, action: "after" } });
      })
      .catch((e: unknown) => e);
    expect(isDatabaseUnavailable(inside)).toBe(true);
    expect(isDatabaseUnavailable(await behind)).toBe(true);
    expect(isDatabaseUnavailable(await deleted.ping().catch((e: unknown) => e))).toBe(true);
    expect(isDatabaseUnavailable(await deleted.driver.batch([insertAudit("later", "later")]).catch((e: unknown) => e))).toBe(true);
    await deleted.close();
  });

  it("rolls back and ends a transaction whose owner sends nothing more, so what waits behind it runs", async () => {
    const thread = startSqliteThread({ file: path.join(dir, "app.db"), timeoutMs: 1_000, idleTransactionMs: 300 });
    const owner = (await thread.request({ op: "begin" })) as number;
    await thread.request({ op: "executeRaw", owner, query: { sql: `DELETE FROM "AuditEvent"`, args: [], argTypes: [] } });
    // Waits behind the open transaction until the watchdog ends it.
    await thread.request({ op: "batch", statements: [insertAudit("after-idle", "after-idle")] });
    expect(await audits(db)).toContain("after-idle");
    expect(await audits(db)).toContain("plain"); // the forgotten transaction's DELETE was rolled back
    const late = await thread.request({ op: "executeRaw", owner, query: { sql: `DELETE FROM "AuditEvent"`, args: [], argTypes: [] } }).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(late)).toBe(true);
    await thread.close();
  });

  it("answers every request as an outage (503, retry) when the thread cannot run, instead of leaving it waiting", async () => {
    const thread = startSqliteThread({ file: path.join(dir, "no-such-dir", "app.db"), timeoutMs: 100 });
    const error = await thread.request({ op: "script", script: "SELECT 1" }).catch((e: unknown) => e);
    expect(isDatabaseUnavailable(error)).toBe(true);
    // It ended unasked: the process can no longer serve (/healthz fails, web/index.ts exits).
    expect(thread.failure?.message).toMatch(/the SQLite thread stopped/);
    await thread.close();
  });
});
