import { randomUUID } from "node:crypto";
import type { Driver, Exec } from "./driver.js";

/**
 * The two writes every request of a hot path makes, as plain SQL through the driver: a batch of
 * consent receipts (with their daily counts), and a batch of compliance requests (each with its job and
 * first audit line). One transaction per batch with multi-row statements (on PostgreSQL a single
 * statement of writable CTEs, atomic by itself, so one round trip), both providers. All the SQL of these
 * writes is here; what the rows mean is decided by the callers (web/consent, web/compliance).
 */

export interface ReceiptRow {
  shopDomain: string;
  consentId: string | null;
  customerId: string | null;
  granted: string;
  denied: string;
  method: string;
  revision: number;
  textHash: string;
  region: string | null;
  ipHash: string | null;
  createdAt: Date;
  /** The daily row it counts into, and how. */
  day: string;
  methodColumn: "acceptAll" | "rejectAll" | "custom" | "gpc";
  consented: boolean;
}

export interface ComplianceRecord {
  id: string;
  shopDomain: string;
  topic: string;
  webhookId: string;
  eventId: string | null;
  dedupKey: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  dueAt: Date;
  payload: string;
  customerRef: string | null;
  /** The first audit line's detail (JSON). */
  auditDetail: string;
}

// At most this many rows per statement: SQLite's and PostgreSQL's limits on bound parameters stay far.
const CHUNK = 100;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, i * CHUNK + CHUNK));
const values = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array(columns).fill("?").join(", ")})`).join(", ");

async function insertRows(exec: Exec, table: string, columns: string[], rows: unknown[][], suffix = "") {
  const returned: Array<Record<string, unknown>> = [];
  for (const part of chunks(rows)) {
    const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values(part.length, columns.length)}${suffix}`;
    returned.push(...(await exec(sql, part.flat())));
  }
  return returned;
}

/** Stores receipts and adds them to their days' counts, in one transaction; returns their ids, in order. */
export async function insertReceipts(driver: Driver, receipts: ReceiptRow[]): Promise<string[]> {
  const ids = receipts.map(() => randomUUID());
  const counts = new Map<string, { shopDomain: string; day: string; region: string; total: number; acceptAll: number; rejectAll: number; custom: number; gpc: number; consented: number }>();
  for (const r of receipts) {
    const key = `${r.shopDomain}\n${r.day}\n${r.region ?? ""}`;
    const c = counts.get(key) ?? { shopDomain: r.shopDomain, day: r.day, region: r.region ?? "", total: 0, acceptAll: 0, rejectAll: 0, custom: 0, gpc: 0, consented: 0 };
    c.total++;
    c[r.methodColumn]++;
    if (r.consented) c.consented++;
    counts.set(key, c);
  }
  const receiptColumns = ["id", "shopDomain", "consentId", "customerId", "granted", "denied", "method", "revision", "textHash", "region", "ipHash", "createdAt"];
  const receiptRows = receipts.map((r, i) => [ids[i], r.shopDomain, r.consentId, r.customerId, r.granted, r.denied, r.method, r.revision, r.textHash, r.region, r.ipHash, driver.date(r.createdAt)]);
  const keys = ["total", "acceptAll", "rejectAll", "custom", "gpc", "consented"];
  const countColumns = ["shopDomain", "day", "region", ...keys];
  const countRows = [...counts.values()].map((c) => [c.shopDomain, c.day, c.region, c.total, c.acceptAll, c.rejectAll, c.custom, c.gpc, c.consented]);
  const upsert = ` ON CONFLICT ("shopDomain", "day", "region") DO UPDATE SET ${keys.map((k) => `"${k}" = "ConsentDailyStat"."${k}" + excluded."${k}"`).join(", ")}`;
  if (driver.provider === "postgresql" && receipts.length <= 4 * CHUNK) {
    // One statement (a writable CTE), atomic by itself: one round trip instead of BEGIN, two INSERTs, COMMIT.
    const quote = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");
    await driver.query(
      `WITH stored AS (INSERT INTO "ConsentReceipt" (${quote(receiptColumns)}) VALUES ${values(receiptRows.length, receiptColumns.length)}) ` +
        `INSERT INTO "ConsentDailyStat" (${quote(countColumns)}) VALUES ${values(countRows.length, countColumns.length)}${upsert}`,
      [...receiptRows.flat(), ...countRows.flat()],
    );
    return ids;
  }
  await driver.transaction(async (exec) => {
    await insertRows(exec, "ConsentReceipt", receiptColumns, receiptRows);
    await insertRows(exec, "ConsentDailyStat", countColumns, countRows, upsert);
  });
  return ids;
}

/**
 * Records compliance requests with their jobs and "received" audit lines, in one transaction. A
 * request whose dedup key is already stored (a redelivery, in this batch or before) is skipped with its
 * job and audit line: returns, in order, whether each was recorded now.
 */
export async function insertComplianceRecords(driver: Driver, records: ComplianceRecord[]): Promise<boolean[]> {
  if (driver.provider === "postgresql" && records.length <= 4 * CHUNK) {
    // One statement (writable CTEs: request, then its job and audit line for the rows really inserted),
    // atomic by itself: one round trip instead of five.
    const columns = ["id", "shopDomain", "topic", "webhookId", "eventId", "dedupKey", "triggeredAt", "receivedAt", "dueAt", "payload", "customerRef", "detail"];
    const rows = await driver.query(
      `WITH input (${columns.map((c) => `"${c}"`).join(", ")}) AS (VALUES ${values(records.length, columns.length)}),
       request AS (
         INSERT INTO "ComplianceRequest" ("id", "shopDomain", "topic", "webhookId", "eventId", "dedupKey", "triggeredAt", "receivedAt", "dueAt", "status", "payload", "customerRef")
         SELECT "id", "shopDomain", "topic", "webhookId", "eventId", "dedupKey", "triggeredAt"::timestamp, "receivedAt"::timestamp, "dueAt"::timestamp, 'received', "payload", "customerRef" FROM input
         ON CONFLICT ("dedupKey") DO NOTHING RETURNING "id"),
       job AS (
         INSERT INTO "Job" ("id", "shopDomain", "kind", "requestId", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
         SELECT gen_random_uuid()::text, i."shopDomain", i."topic", i."id", 'queued', 0, 10, i."receivedAt"::timestamp, i."receivedAt"::timestamp, i."receivedAt"::timestamp
         FROM input i JOIN request r ON r."id" = i."id"),
       audit AS (
         INSERT INTO "AuditEvent" ("id", "shopDomain", "requestId", "action", "detail", "createdAt")
         SELECT gen_random_uuid()::text, i."shopDomain", i."id", 'received', i."detail", i."receivedAt"::timestamp
         FROM input i JOIN request r ON r."id" = i."id")
       SELECT "id" FROM request`,
      records.flatMap((r) => [r.id, r.shopDomain, r.topic, r.webhookId, r.eventId, r.dedupKey, r.triggeredAt && driver.date(r.triggeredAt), driver.date(r.receivedAt), driver.date(r.dueAt), r.payload, r.customerRef, r.auditDetail]),
    );
    const recorded = new Set(rows.map((row) => String(row.id)));
    return records.map((r) => recorded.has(r.id));
  }
  return driver.transaction(async (exec) => {
    const inserted = await insertRows(
      exec,
      "ComplianceRequest",
      ["id", "shopDomain", "topic", "webhookId", "eventId", "dedupKey", "triggeredAt", "receivedAt", "dueAt", "status", "payload", "customerRef"],
      records.map((r) => [r.id, r.shopDomain, r.topic, r.webhookId, r.eventId, r.dedupKey, r.triggeredAt && driver.date(r.triggeredAt), driver.date(r.receivedAt), driver.date(r.dueAt), "received", r.payload, r.customerRef]),
      ` ON CONFLICT ("dedupKey") DO NOTHING RETURNING "id"`,
    );
    const recorded = new Set(inserted.map((row) => String(row.id)));
    const fresh = records.filter((r) => recorded.has(r.id));
    if (fresh.length) {
      await insertRows(
        exec,
        "Job",
        ["id", "shopDomain", "kind", "requestId", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt"],
        fresh.map((r) => [randomUUID(), r.shopDomain, r.topic, r.id, "queued", 0, 10, driver.date(r.receivedAt), driver.date(r.receivedAt), driver.date(r.receivedAt)]),
      );
      await insertRows(
        exec,
        "AuditEvent",
        ["id", "shopDomain", "requestId", "action", "detail", "createdAt"],
        fresh.map((r) => [randomUUID(), r.shopDomain, r.id, "received", r.auditDetail, driver.date(r.receivedAt)]),
      );
    }
    return records.map((r) => recorded.has(r.id));
  });
}
