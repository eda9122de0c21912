import { newRowId } from "./row-id.js";
import type { Driver, Statement } from "./driver.js";

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
  /** A first choice: the host and cookie names seen before it (comma-separated), else null. */
  seenHosts: string | null;
  seenCookies: string | null;
  /** The trackers among them, each counted once into its day's ConsentLeakDaily row, with its names. */
  trackers: Array<{ entity: string; hosts: string[]; cookies: string[] }>;
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
  /** Shopify's customer and order ids, encrypted (web/compliance/customer-identity.ts). */
  customerIdentity: string | null;
  /** The first audit line's detail (JSON). */
  auditDetail: string;
}

// At most this many rows per statement: SQLite's and PostgreSQL's limits on bound parameters stay far.
const CHUNK = 100;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, i * CHUNK + CHUNK));
const values = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array(columns).fill("?").join(", ")})`).join(", ");
const quote = (columns: string[]) => columns.map((c) => `"${c}"`).join(", ");

/** One multi-row INSERT of a table: its columns, its rows and what follows the VALUES (ON CONFLICT …). */
interface TableRows {
  table: string;
  columns: string[];
  rows: unknown[][];
  suffix?: string;
}

/** The INSERT of `rows` of a table's rows, with what follows the VALUES. */
const insertSql = (t: TableRows, rows: number) => `INSERT INTO "${t.table}" (${quote(t.columns)}) VALUES ${values(rows, t.columns.length)}${t.suffix ?? ""}`;

/** A table's rows as multi-row INSERTs of at most CHUNK rows each. */
function insertStatements(t: TableRows): Statement[] {
  return chunks(t.rows).map((part) => ({ sql: insertSql(t, part.length), params: part.flat() }));
}

/**
 * Rows inserted only where their request was inserted in this transaction (request ids are new, so a
 * request with that id is one this batch recorded, not a redelivery skipped by ON CONFLICT). SQLite
 * names a VALUES list's columns column1, column2 …
 */
function insertForRecorded(table: string, columns: string[], rows: unknown[][], requestColumn: string): Statement[] {
  const n = columns.indexOf(requestColumn) + 1;
  return chunks(rows).map((part) => ({
    sql: `INSERT INTO "${table}" (${quote(columns)}) SELECT ${columns.map((_, i) => `v.column${i + 1}`).join(", ")} FROM (VALUES ${values(part.length, columns.length)}) AS v WHERE EXISTS (SELECT 1 FROM "ComplianceRequest" r WHERE r."id" = v.column${n})`,
    params: part.flat(),
  }));
}

/** Sums rows by key: `add` folds a new item into the row kept for its key (created by `start`). */
function tally<T, R>(items: Iterable<T>, key: (item: T) => string, start: (item: T) => R, add: (row: R, item: T) => void): R[] {
  const rows = new Map<string, R>();
  for (const item of items) {
    const k = key(item);
    let row = rows.get(k);
    if (!row) rows.set(k, (row = start(item)));
    add(row, item);
  }
  return [...rows.values()];
}

/**
 * Stores receipts and adds them to their days' counts (and, for first choices, to the consent leak
 * report's daily rows and names), in one transaction; returns their ids, in order.
 */
export async function insertReceipts(driver: Driver, receipts: ReceiptRow[]): Promise<string[]> {
  const ids = receipts.map(() => newRowId());
  const keys = ["total", "acceptAll", "rejectAll", "custom", "gpc", "consented", "observed"] as const;
  const counts = tally(
    receipts,
    (r) => `${r.shopDomain}\n${r.day}\n${r.region ?? ""}`,
    (r) => ({
      shopDomain: r.shopDomain,
      day: r.day,
      region: r.region ?? "",
      total: 0,
      acceptAll: 0,
      rejectAll: 0,
      custom: 0,
      gpc: 0,
      consented: 0,
      observed: 0,
    }),
    (c, r) => {
      c.total++;
      c[r.methodColumn]++;
      if (r.consented) c.consented++;
      if (r.seenHosts !== null) c.observed++;
    },
  );
  const sightings = receipts.flatMap((r) => r.trackers.map((t) => ({ ...t, shopDomain: r.shopDomain, day: r.day, at: r.createdAt })));
  const leaks = tally(
    sightings,
    (t) => `${t.shopDomain}\n${t.day}\n${t.entity}`,
    (t) => ({ shopDomain: t.shopDomain, day: t.day, entity: t.entity, visits: 0, first: t.at, last: t.at }),
    (row, t) => ((row.visits += 1), (row.last = t.at)),
  );
  const names = sightings.flatMap((t) => [...t.hosts.map((name) => ({ t, kind: "host", name })), ...t.cookies.map((name) => ({ t, kind: "cookie", name }))]);
  const signs = tally(
    names,
    (n) => `${n.t.shopDomain}\n${n.t.entity}\n${n.kind}\n${n.name}`,
    (n) => ({ shopDomain: n.t.shopDomain, entity: n.t.entity, kind: n.kind, name: n.name, first: n.t.at, last: n.t.at }),
    (row, n) => (row.last = n.t.at),
  );

  const tables: TableRows[] = [
    {
      table: "ConsentReceipt",
      columns: [
        "id",
        "shopDomain",
        "consentId",
        "customerId",
        "granted",
        "denied",
        "method",
        "revision",
        "textHash",
        "region",
        "ipHash",
        "seenHosts",
        "seenCookies",
        "createdAt",
      ],
      rows: receipts.map((r, i) => [
        ids[i],
        r.shopDomain,
        r.consentId,
        r.customerId,
        r.granted,
        r.denied,
        r.method,
        r.revision,
        r.textHash,
        r.region,
        r.ipHash,
        r.seenHosts,
        r.seenCookies,
        driver.date(r.createdAt),
      ]),
    },
    {
      table: "ConsentDailyStat",
      columns: ["shopDomain", "day", "region", ...keys],
      rows: counts.map((c) => [c.shopDomain, c.day, c.region, ...keys.map((k) => c[k])]),
      suffix: ` ON CONFLICT ("shopDomain", "day", "region") DO UPDATE SET ${keys.map((k) => `"${k}" = "ConsentDailyStat"."${k}" + excluded."${k}"`).join(", ")}`,
    },
    {
      table: "ConsentLeakDaily",
      columns: ["shopDomain", "day", "entity", "visits", "firstSeenAt", "lastSeenAt"],
      rows: leaks.map((l) => [l.shopDomain, l.day, l.entity, l.visits, driver.date(l.first), driver.date(l.last)]),
      suffix: ` ON CONFLICT ("shopDomain", "day", "entity") DO UPDATE SET "visits" = "ConsentLeakDaily"."visits" + excluded."visits", "lastSeenAt" = excluded."lastSeenAt"`,
    },
    {
      table: "ConsentLeakSign",
      columns: ["shopDomain", "entity", "kind", "name", "firstSeenAt", "lastSeenAt"],
      rows: signs.map((n) => [n.shopDomain, n.entity, n.kind, n.name, driver.date(n.first), driver.date(n.last)]),
      suffix: ` ON CONFLICT ("shopDomain", "entity", "kind", "name") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
    },
  ].filter((t) => t.rows.length > 0);

  const parameters = tables.reduce((n, t) => n + t.rows.length * t.columns.length, 0);
  if (driver.provider === "postgresql" && parameters <= 20_000) {
    // One statement (writable CTEs), atomic by itself: one round trip instead of BEGIN, the INSERTs, COMMIT.
    const inserts = tables.map((t) => insertSql(t, t.rows.length));
    const last = inserts.pop()!;
    await driver.query(
      `${inserts.length ? `WITH ${inserts.map((sql, i) => `w${i} AS (${sql})`).join(", ")} ` : ""}${last}`,
      tables.flatMap((t) => t.rows.flat()),
    );
    return ids;
  }
  await driver.batch(tables.flatMap(insertStatements));
  return ids;
}

/**
 * Records compliance requests with their jobs and "received" audit lines, each request in the same
 * transaction as its job and line (SQLite: the whole batch; PostgreSQL: each statement of 400). A
 * request whose dedup key is already stored (a redelivery, in this batch or before) is skipped with its
 * job and audit line: returns, in order, whether each was recorded now.
 */
export async function insertComplianceRecords(driver: Driver, records: ComplianceRecord[]): Promise<boolean[]> {
  if (driver.provider === "postgresql") {
    // One statement per 400 records (writable CTEs: request, then its job and audit line for the rows
    // really inserted), atomic by itself: one round trip instead of five. Group commit sends 100 at most.
    const recorded = new Set<string>();
    for (let i = 0; i < records.length; i += 4 * CHUNK) {
      for (const row of await insertCompliancePostgres(driver, records.slice(i, i + 4 * CHUNK))) recorded.add(String(row.id));
    }
    return records.map((r) => recorded.has(r.id));
  }
  const requests = insertStatements({
    table: "ComplianceRequest",
    columns: [
      "id",
      "shopDomain",
      "topic",
      "webhookId",
      "eventId",
      "dedupKey",
      "triggeredAt",
      "receivedAt",
      "dueAt",
      "status",
      "payload",
      "customerRef",
      "customerIdentity",
    ],
    rows: records.map((r) => [
      r.id,
      r.shopDomain,
      r.topic,
      r.webhookId,
      r.eventId,
      r.dedupKey,
      r.triggeredAt && driver.date(r.triggeredAt),
      driver.date(r.receivedAt),
      driver.date(r.dueAt),
      "received",
      r.payload,
      r.customerRef,
      r.customerIdentity,
    ]),
    suffix: ` ON CONFLICT ("dedupKey") DO NOTHING RETURNING "id"`,
  });
  const jobs = insertForRecorded(
    "Job",
    ["id", "shopDomain", "kind", "requestId", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt"],
    records.map((r) => [
      newRowId(),
      r.shopDomain,
      r.topic,
      r.id,
      "queued",
      0,
      10,
      driver.date(r.receivedAt),
      driver.date(r.receivedAt),
      driver.date(r.receivedAt),
    ]),
    "requestId",
  );
  const audits = insertForRecorded(
    "AuditEvent",
    ["id", "shopDomain", "requestId", "action", "detail", "createdAt"],
    records.map((r) => [newRowId(), r.shopDomain, r.id, "received", r.auditDetail, driver.date(r.receivedAt)]),
    "requestId",
  );
  const results = await driver.batch([...requests, ...jobs, ...audits]);
  const recorded = new Set(results.slice(0, requests.length).flatMap((rows) => rows.map((row) => String(row.id))));
  return records.map((r) => recorded.has(r.id));
}

function insertCompliancePostgres(driver: Driver, records: ComplianceRecord[]) {
  const columns = [
    "id",
    "shopDomain",
    "topic",
    "webhookId",
    "eventId",
    "dedupKey",
    "triggeredAt",
    "receivedAt",
    "dueAt",
    "payload",
    "customerRef",
    "customerIdentity",
    "detail",
  ];
  return driver.query(
    `WITH input (${quote(columns)}) AS (VALUES ${values(records.length, columns.length)}),
     request AS (
       INSERT INTO "ComplianceRequest" ("id", "shopDomain", "topic", "webhookId", "eventId", "dedupKey", "triggeredAt", "receivedAt", "dueAt", "status", "payload", "customerRef", "customerIdentity")
       SELECT "id", "shopDomain", "topic", "webhookId", "eventId", "dedupKey", "triggeredAt"::timestamp, "receivedAt"::timestamp, "dueAt"::timestamp, 'received', "payload", "customerRef", "customerIdentity" FROM input
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
    records.flatMap((r) => [
      r.id,
      r.shopDomain,
      r.topic,
      r.webhookId,
      r.eventId,
      r.dedupKey,
      r.triggeredAt && driver.date(r.triggeredAt),
      driver.date(r.receivedAt),
      driver.date(r.dueAt),
      r.payload,
      r.customerRef,
      r.customerIdentity,
      r.auditDetail,
    ]),
  );
}
