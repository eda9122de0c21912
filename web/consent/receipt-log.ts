import type { Db } from "../db/database.js";
import type { Driver } from "../db/driver.js";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor.js";
import type { Category, Method } from "../../extensions/consent-banner/src/contract.js";
import type { ReceiptView } from "./consent-types.js";

type Row = Awaited<ReturnType<Db["consentReceipt"]["findFirstOrThrow"]>>;
const list = (text: string) => (text ? text.split(",") : []);

export const toReceiptView = (r: Row): ReceiptView => ({
  id: r.id,
  recordedAt: r.createdAt.toISOString(),
  consentId: r.consentId,
  customerId: r.customerId,
  method: r.method as Method,
  granted: list(r.granted) as Category[],
  denied: list(r.denied) as Category[],
  revision: r.revision,
  region: r.region,
  textHash: r.textHash,
});

const fromRaw = (r: Record<string, unknown>): Row => ({
  ...(r as unknown as Row),
  createdAt: new Date(r.createdAt as string | Date),
  revision: Number(r.revision),
});
const COLUMNS = `"id", "shopDomain", "consentId", "customerId", "granted", "denied", "method", "revision", "textHash", "region", "ipHash", "createdAt"`;

/**
 * Receipts of a shop in (createdAt, id) order from a keyset position: a row-value comparison that each
 * index of the table reads in order (an OR of conditions would not), both providers. Read through the
 * driver (Prisma's raw queries cost several times as much per row, and a million rows is an export).
 */
async function keysetPage(
  driver: Driver,
  where: { shopDomain: string; column?: "customerId" | "consentId"; value?: string; from?: Date; to?: Date },
  order: "asc" | "desc",
  after: { createdAt: Date; id: string } | undefined,
  limit: number,
): Promise<Row[]> {
  const conditions = [`"shopDomain" = ?`];
  const params: unknown[] = [where.shopDomain];
  if (where.column) {
    conditions.push(`"${where.column}" = ?`);
    params.push(where.value);
  }
  if (where.from) {
    conditions.push(`"createdAt" >= ?`);
    params.push(driver.date(where.from));
  }
  if (where.to) {
    conditions.push(`"createdAt" < ?`);
    params.push(driver.date(where.to));
  }
  if (after) {
    conditions.push(`("createdAt", "id") ${order === "asc" ? ">" : "<"} (?, ?)`);
    params.push(driver.date(after.createdAt), after.id);
  }
  const direction = order === "asc" ? "ASC" : "DESC";
  const sql = `SELECT ${COLUMNS} FROM "ConsentReceipt" WHERE ${conditions.join(" AND ")} ORDER BY "createdAt" ${direction}, "id" ${direction} LIMIT ${Number(limit)}`;
  return (await driver.query(sql, params)).map(fromRaw);
}

/**
 * One page of a shop's receipts, newest first, optionally those of one consent id or customer id (each
 * through its own index: a number may be either, so both are read and merged). Keyset pagination on
 * (createdAt, id): receipts arriving meanwhile are newer than any page already read, so pages have no
 * gaps and no repeats.
 */
export async function searchReceipts(driver: Driver, shopDomain: string, options: { q?: string; cursor?: string; limit?: number }) {
  const limit = options.limit ?? 50;
  const q = options.q?.trim();
  const position = options.cursor ? decodeCursor(options.cursor) : undefined;
  const after = position && { createdAt: position.at, id: position.id };
  const columns: Array<"customerId" | "consentId" | undefined> = !q ? [undefined] : /^\d{1,20}$/.test(q) ? ["customerId", "consentId"] : ["consentId"];
  const found = (await Promise.all(columns.map((column) => keysetPage(driver, { shopDomain, column, value: q }, "desc", after, limit + 1)))).flat();
  const rows = [...new Map(found.map((r) => [r.id, r])).values()]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, limit + 1);
  const page = rows.slice(0, limit);
  return { receipts: page.map(toReceiptView), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.createdAt, page.at(-1)!.id) : null };
}

/**
 * Every receipt of a shop in a date range, oldest first, read in batches with a keyset cursor: the
 * memory used is one batch, whatever the number of receipts (the CSV export streams these).
 */
export async function* receiptsInRange(driver: Driver, shopDomain: string, range: { from?: Date; to?: Date }, batch = 5_000): AsyncGenerator<Row[]> {
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await keysetPage(driver, { shopDomain, ...range }, "asc", after, batch);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
