import { Router, type Response } from "express";
import { z } from "zod";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import type { Driver } from "../db/driver.js";
import type { Keyring } from "../security/encryption.js";
import { consentStats } from "./consent-stats.js";
import type { ConsentStatsResponse, ExportLinkResponse, ReceiptLogResponse, RetentionView } from "./consent-types.js";
import { signDownload } from "./download-link.js";
import { searchReceipts } from "./receipt-log.js";
import { RETENTION_MONTHS } from "./retention.js";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date such as 2026-01-31");
const statsQuery = z.object({ days: z.enum(["7", "30", "90"]).default("30") });
const logQuery = z.object({ q: z.string().max(100).optional(), cursor: z.string().max(200).optional() });
const exportBody = z
  .object({ from: day.optional(), to: day.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "The start date is after the end date", path: ["from"] });
const retentionBody = z.object({
  months: z
    .number()
    .int()
    .min(RETENTION_MONTHS.min, `At least ${RETENTION_MONTHS.min} months`)
    .max(RETENTION_MONTHS.max, `At most ${RETENTION_MONTHS.max} months`),
});

/**
 * The consent pages' API, for the authenticated shop only:
 *   GET  /api/consent/stats?days=7|30|90     consent over time (daily rows), by region, retention status
 *   GET  /api/consent/receipts?q=&cursor=    the receipt log, newest first, by consent id or customer id
 *   POST /api/consent/receipts/export        a signed one-minute link to GET /api/consent/receipts.csv
 *   GET|PUT /api/consent/retention           how long receipts are kept (6 to 60 months), the last purge
 */
export function consentApi(deps: { prisma: Db; driver: Driver; keyring: Keyring }): Router {
  const { prisma, driver, keyring } = deps;
  const router = Router();
  const shopOf = (res: Response) => (res.locals.shopify.session as Session).shop;

  router.get("/consent/stats", async (req, res) => {
    const { days } = statsQuery.parse(req.query);
    const body: ConsentStatsResponse = await consentStats(prisma, shopOf(res), Number(days));
    res.json(body);
  });

  router.get("/consent/receipts", async (req, res) => {
    const { q, cursor } = logQuery.parse(req.query);
    const body: ReceiptLogResponse = await searchReceipts(driver, shopOf(res), { q, cursor });
    res.json(body);
  });

  router.post("/consent/receipts/export", (req, res) => {
    const { from, to } = exportBody.parse(req.body ?? {});
    const { query, expiresAt } = signDownload(keyring, { shop: shopOf(res), from: from ?? "", to: to ?? "" });
    const body: ExportLinkResponse = { url: `/api/consent/receipts.csv?${query}`, expiresAt: expiresAt.toISOString() };
    res.json(body);
  });

  router.get("/consent/retention", async (_req, res) => {
    const row = await prisma.shop.findUnique({ where: { domain: shopOf(res) } });
    const body: RetentionView = {
      months: row?.receiptRetentionMonths ?? RETENTION_MONTHS.default,
      lastRunAt: row?.retentionRunAt?.toISOString() ?? null,
      lastDeleted: row?.retentionDeleted ?? null,
    };
    res.json(body);
  });

  router.put("/consent/retention", async (req, res) => {
    const { months } = retentionBody.parse(req.body);
    const shop = shopOf(res);
    const row = await prisma.shop.upsert({
      where: { domain: shop },
      create: { domain: shop, receiptRetentionMonths: months },
      update: { receiptRetentionMonths: months },
    });
    const body: RetentionView = { months: row.receiptRetentionMonths, lastRunAt: row.retentionRunAt?.toISOString() ?? null, lastDeleted: row.retentionDeleted };
    res.json(body);
  });

  return router;
}
