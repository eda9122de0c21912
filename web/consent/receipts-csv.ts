import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import compression from "compression";
import { Router } from "express";
import { stringify } from "csv-stringify/sync";
import { audit } from "../audit/audit-trail.js";
import type { Db } from "../db/database.js";
import type { Driver } from "../db/driver.js";
import type { Logger } from "../logging/logger.js";
import type { Keyring } from "../security/encryption.js";
import { DAY } from "../config/time.js";
import { verifyDownload } from "./download-link.js";
import { receiptsInRange } from "./receipt-log.js";

const BATCH = 1_000;
const COLUMNS = [
  "receipt_id",
  "recorded_at",
  "consent_id",
  "customer_id",
  "method",
  "granted",
  "denied",
  "revision",
  "region",
  "text_hash",
  "network_pseudonym",
];

/**
 * A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width forms) gets a
 * leading `'`, so a spreadsheet shows it as text instead of evaluating it (OWASP "CSV injection"). Every
 * cell goes through it, whatever the syntax its column was validated with when stored.
 */
const CSV_OPTIONS = { escape_formulas: true } as const;

/**
 * GET /api/consent/receipts.csv?…&signature=: every receipt of the shop (or of a date range) as CSV,
 * proof of consent a merchant can hand over. The link is signed (download-link.ts), not a session
 * token. Rows are read in keyset batches, each turned into CSV by csv-stringify and streamed to the
 * response with backpressure, so memory stays flat at any size. An audit line records the export.
 */
export function receiptsCsv(deps: { prisma: Db; driver: Driver; keyring: Keyring; logger: Logger }): Router {
  const router = Router();
  router.get("/api/consent/receipts.csv", compression(), async (req, res) => {
    const grant = verifyDownload(deps.keyring, new URL(req.originalUrl, "http://x").searchParams);
    if (!grant) {
      res.status(403).json({ error: "This download link is invalid or has expired: ask for a new one from the admin." });
      return;
    }
    const range = {
      from: grant.from ? new Date(`${grant.from}T00:00:00Z`) : undefined,
      to: grant.to ? new Date(new Date(`${grant.to}T00:00:00Z`).getTime() + DAY) : undefined,
    };
    const name = `consent-receipts-${grant.shop.replace(/\.myshopify\.com$/, "")}${grant.from ? `-from-${grant.from}` : ""}${grant.to ? `-to-${grant.to}` : ""}.csv`;
    res.status(200).set({ "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" });
    let count = 0;
    // One CSV chunk per batch of rows (csv-stringify's synchronous API, its quoting rules): the stream
    // pulls the next batch only when the client has taken the last, so memory holds one batch.
    async function* chunks() {
      yield stringify([], { header: true, columns: COLUMNS, ...CSV_OPTIONS });
      for await (const batch of receiptsInRange(deps.driver, grant!.shop, range, BATCH)) {
        count += batch.length;
        yield stringify(
          batch.map((r) => [
            r.id,
            r.createdAt.toISOString(),
            r.consentId ?? "",
            r.customerId ?? "",
            r.method,
            r.granted,
            r.denied,
            r.revision,
            r.region ?? "",
            r.textHash,
            r.ipHash ?? "",
          ]),
          CSV_OPTIONS,
        );
      }
    }
    try {
      await pipeline(Readable.from(chunks(), { objectMode: false }), res);
      await audit(deps.prisma, {
        shopDomain: grant.shop,
        action: "receipts_exported",
        detail: { receipts: count, from: grant.from || null, to: grant.to || null },
      });
    } catch (error) {
      // Headers are gone: the client sees a cut download, never a half file passed for a whole one.
      deps.logger.warn({ err: error, shop: grant.shop, rows: count }, "receipts CSV export interrupted");
      res.destroy();
    }
  });
  return router;
}
