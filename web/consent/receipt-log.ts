import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
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

/** A position in a shop's receipts, newest first: (createdAt, id), opaque to the client. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new HttpError(400, "invalid cursor");
  return { createdAt, id };
}

/**
 * One page of a shop's receipts, newest first, optionally those of one consent id or customer id (each
 * through its own index). Keyset pagination on (createdAt, id): receipts arriving meanwhile are newer
 * than any page already read, so pages have no gaps and no repeats.
 */
export async function searchReceipts(prisma: Db, shopDomain: string, options: { q?: string; cursor?: string; limit?: number }) {
  const limit = options.limit ?? 50;
  const q = options.q?.trim();
  const match = q ? (/^\d{1,20}$/.test(q) ? { OR: [{ customerId: q }, { consentId: q }] } : { consentId: q }) : {};
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const rows = await prisma.consentReceipt.findMany({
    where: {
      shopDomain,
      ...match,
      ...(after ? { AND: [{ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { receipts: page.map(toReceiptView), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}

/**
 * Every receipt of a shop in a date range, oldest first, read in batches with a keyset cursor: the
 * memory used is one batch, whatever the number of receipts (the CSV export streams these).
 */
export async function* receiptsInRange(prisma: Db, shopDomain: string, range: { from?: Date; to?: Date }, batch = 2_000): AsyncGenerator<Row[]> {
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await prisma.consentReceipt.findMany({
      where: {
        shopDomain,
        createdAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) },
        ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batch,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
