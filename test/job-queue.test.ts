import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../web/db/database.js";
import { runMigrations } from "../web/db/migrate.js";
import { claimNext, enqueue, enqueueUnlessWaiting } from "../web/jobs/queue.js";
import { JobStatus } from "../web/jobs/job-status.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";

describe.each(PROVIDERS)("the job queue on %s", (provider) => {
  let database: TestDatabase;
  let db: Database;
  // Two clients, as two app instances have.
  let other: Database;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await runMigrations(database.url);
    db = openDatabase(database.url);
    other = provider === "postgresql" ? openDatabase(database.url) : db;
  });
  afterAll(async () => {
    if (other !== db) await other?.close();
    await db?.close();
    await database?.drop();
  });

  it("adds one waiting job of a kind per shop however many callers race to add it", async () => {
    const job = { shopDomain: "race.myshopify.com", kind: "consent/retention" };
    const added = await Promise.all(Array.from({ length: 12 }, (_, i) => enqueueUnlessWaiting(i % 2 ? other.prisma : db.prisma, job)));
    expect(added.filter(Boolean)).toHaveLength(1);
    expect(await db.prisma.job.count({ where: job })).toBe(1);
    // Another shop, another kind: their own.
    expect(await enqueueUnlessWaiting(db.prisma, { ...job, shopDomain: "other.myshopify.com" })).toBe(true);
    expect(await enqueueUnlessWaiting(db.prisma, { ...job, kind: "settings/sync" })).toBe(true);
    // Once it finished, the next one is added.
    await db.prisma.job.updateMany({ where: job, data: { status: JobStatus.done, finishedAt: new Date() } });
    expect(await enqueueUnlessWaiting(db.prisma, job)).toBe(true);
    expect(await db.prisma.job.count({ where: job })).toBe(2);
    // A request's jobs are not limited by it.
    for (const requestId of ["r1", "r2"]) await enqueue(db.prisma, { ...job, kind: "customers/redact", requestId });
    expect(await db.prisma.job.count({ where: { ...job, kind: "customers/redact" } })).toBe(2);
    await db.prisma.job.deleteMany();
  });

  it("gives each of many racing claims a different job, and every due job to one of them", async () => {
    const now = new Date();
    for (let i = 0; i < 20; i++)
      await enqueue(db.prisma, { shopDomain: `s${i}.myshopify.com`, kind: "k", requestId: `q${i}`, runAt: new Date(now.getTime() - 1000) });
    await enqueue(db.prisma, { shopDomain: "later.myshopify.com", kind: "k", requestId: "later", runAt: new Date(now.getTime() + 60_000) });
    const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => claimNext(i % 2 ? other.prisma : db.prisma, `w${i}`, 60_000, now)));
    const claimed = claims.filter((c) => c !== undefined);
    expect(new Set(claimed.map((c) => c.id)).size).toBe(claimed.length);
    expect(claimed.every((c) => c.attempts === 1 && c.requestId !== "later")).toBe(true);
    // Whatever a claim lost to a race is claimed next time; nothing due is left behind.
    for (;;) if (!(await claimNext(db.prisma, "w", 60_000, now))) break;
    expect(await db.prisma.job.count({ where: { status: JobStatus.running } })).toBe(20);
    expect(await db.prisma.job.count({ where: { status: JobStatus.running, attempts: 1 } })).toBe(20);
    // An expired lease is claimed again, by one.
    const later = new Date(now.getTime() + 120_000);
    const again = await Promise.all(Array.from({ length: 4 }, (_, i) => claimNext(i % 2 ? other.prisma : db.prisma, `x${i}`, 60_000, later)));
    expect(new Set(again.filter((c) => c !== undefined).map((c) => c!.id)).size).toBe(again.filter((c) => c !== undefined).length);
  });
});
