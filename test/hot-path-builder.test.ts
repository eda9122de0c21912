import { describe, expect, it } from "vitest";
import { insertWithDependents, tableRows } from "../web/db/hot-path-writes.js";
import { PROVIDERS } from "./support/databases.js";
import { SHOP, useTestApp } from "./support/test-app.js";

// The generic builder promises "each dependent row only with its parent", whatever the order of the
// dependents and however many a parent has: not only rows aligned one-to-one with their parents.
describe.each(PROVIDERS)("insertWithDependents on %s", (provider) => {
  const context = useTestApp(provider, { WORKER_ENABLED: "false" });

  it("inserts every dependent of an inserted parent, past 400 parents, in any order and any number per parent (none included)", async () => {
    const { driver, prisma } = context.app.db;
    const now = new Date();
    const parents = Array.from({ length: 450 }, (_, i) => ({
      id: `builder-${provider}-${i}`,
      shopDomain: SHOP,
      topic: "customers/data_request",
      webhookId: `w${i}`,
      dedupKey: `builder-${provider}-${i}`,
      receivedAt: now,
      dueAt: now,
      payload: "",
    }));
    // Two lines per parent, the second half of them listed first: not aligned with the parents.
    const lines = parents.flatMap((p, i) =>
      [0, 1].map((n) => ({ id: `${p.id}-line-${n}`, shopDomain: SHOP, requestId: p.id, action: "received", createdAt: now, i })),
    );
    lines.sort((a, b) => b.i - a.i);
    const inserted = await insertWithDependents(
      driver,
      {
        ...tableRows(driver, "ComplianceRequest", parents, ["id", "shopDomain", "topic", "webhookId", "dedupKey", "receivedAt", "dueAt", "payload"] as const),
        uniqueColumn: "dedupKey",
      },
      [
        { ...tableRows(driver, "AuditEvent", lines, ["id", "shopDomain", "requestId", "action", "createdAt"] as const), parentColumn: "requestId" },
        // A dependent table with no rows this time.
        { ...tableRows(driver, "Job", [] as Array<{ id: string; requestId: string }>, ["id", "requestId"] as const), parentColumn: "requestId" },
      ],
    );
    expect(inserted.size).toBe(450);
    expect(await prisma.auditEvent.count({ where: { requestId: { startsWith: `builder-${provider}-` } } })).toBe(900);
  });
});
