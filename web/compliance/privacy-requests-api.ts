import { Router } from "express";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import type { Keyring } from "../security/encryption.js";
import { audit } from "../audit/audit-trail.js";
import type { PrivacyRequestDetail, PrivacyRequestView } from "./privacy-request-types.js";
import { OPEN_STATUSES, RequestStatus } from "./request-status.js";
import { openIdentity } from "./customer-identity.js";
import { dataExportSummary, type DataExportDocument } from "./jobs/data-export-summary.js";

/** A privacy request's row, as Prisma reads it. */
export type RequestRow = Awaited<ReturnType<Db["complianceRequest"]["findFirstOrThrow"]>>;

const parse = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : null);

/**
 * How the admin reads privacy requests, for one shop at a time (every query is scoped by it): the rows'
 * views (their exports in one query) and a request's audit trail, proof of erasure and export summary.
 * The list and detail routes are the privacy centre's (web/privacy-centre/merchant-api.ts), which adds
 * what shoppers' requests hold; the export downloads are here.
 */
export function privacyRequestReads(prisma: Db, keyring: Keyring) {
  const shopifyCustomerOf = (r: { id: string; customerIdentity: string | null }): PrivacyRequestView["shopifyCustomer"] => {
    const identity = openIdentity(keyring, r.id, r.customerIdentity);
    return identity ? { id: identity.customerId, orderIds: identity.orderIds } : null;
  };
  /** A kept export's document, decrypted (null when expired or absent). */
  const exportOf = async (shopDomain: string, where: { id: string } | { requestId: string }) => {
    // A shopper's copy (format zip) is theirs to download from their e-mailed link; the merchant's exports are JSON.
    const row = await prisma.dataExport.findFirst({ where: { ...where, shopDomain, format: "json", expiresAt: { gt: new Date() } } });
    return row && { row, content: keyring.decrypt(row.content, `export:${row.requestId}`) };
  };
  const summaryOf = (exported: NonNullable<Awaited<ReturnType<typeof exportOf>>>) =>
    dataExportSummary(JSON.parse(exported.content) as DataExportDocument, exported.row.expiresAt);

  /** The admin's rows of some requests (their exports in one query). */
  async function viewsOf(shopDomain: string, requests: RequestRow[], now: Date): Promise<PrivacyRequestView[]> {
    const exports = await prisma.dataExport.findMany({
      where: { shopDomain, requestId: { in: requests.map((r) => r.id) }, format: "json", expiresAt: { gt: now } },
      select: { id: true, requestId: true, expiresAt: true, recordCount: true },
    });
    return requests.map((r) => {
      const exported = exports.find((e) => e.requestId === r.id);
      return {
        id: r.id,
        topic: r.topic,
        status: r.status as RequestStatus,
        customer: r.customerRef ? r.customerRef.slice(0, 12) : null,
        shopifyCustomer: shopifyCustomerOf(r),
        receivedAt: r.receivedAt.toISOString(),
        dueAt: r.dueAt.toISOString(),
        completedAt: r.completedAt?.toISOString() ?? null,
        overdue: OPEN_STATUSES.includes(r.status as RequestStatus) && now > r.dueAt,
        completedLate: Boolean(r.completedAt && r.completedAt > r.dueAt),
        outcome: parse(r.outcome) as PrivacyRequestView["outcome"],
        failure: r.failure,
        export: exported ? { id: exported.id, records: exported.recordCount, expiresAt: exported.expiresAt.toISOString() } : null,
      };
    });
  }

  /** A request's audit trail, proof of erasure (shop/redact) and export summary (a data request's, while kept). */
  async function recordsOf(shopDomain: string, request: RequestRow): Promise<Omit<PrivacyRequestDetail, "request">> {
    const [events, erasure, exported] = await Promise.all([
      prisma.auditEvent.findMany({ where: { shopDomain, requestId: request.id }, orderBy: { createdAt: "asc" } }),
      request.topic === "shop/redact" ? prisma.erasureRecord.findFirst({ where: { shopDomain, requestReceivedAt: request.receivedAt } }) : null,
      request.topic === "customers/data_request" ? exportOf(shopDomain, { requestId: request.id }) : null,
    ]);
    return {
      events: events.map((e) => ({ action: e.action, at: e.createdAt.toISOString(), detail: parse(e.detail) })),
      erasure: erasure ? { completedAt: erasure.completedAt.toISOString(), counts: JSON.parse(erasure.counts) as Record<string, number> } : null,
      exportSummary: exported ? summaryOf(exported) : null,
    };
  }

  return { viewsOf, recordsOf, exportOf, summaryOf };
}

/**
 * The admin's data exports, for the authenticated shop only: GET /api/compliance/exports/:id (the JSON,
 * each download in the audit trail) and /exports/:id/summary.
 */
export function complianceRoutes(prisma: Db, keyring: Keyring): Router {
  const router = Router();
  const shopOf = (locals: Record<string, unknown>) => (locals.shopify as { session: Session }).session.shop;
  const { exportOf, summaryOf } = privacyRequestReads(prisma, keyring);

  // The export's readable summary, as a text file to send beside the JSON.
  router.get("/compliance/exports/:id/summary", async (req, res) => {
    const shopDomain = shopOf(res.locals);
    const exported = await exportOf(shopDomain, { id: req.params.id });
    if (!exported) throw new HttpError(404, "no such export (it may have expired)");
    res
      .set("Content-Disposition", `attachment; filename="customer-data-${exported.row.id}-summary.txt"`)
      .set("Cache-Control", "no-store")
      .type("text/plain")
      .send(summaryOf(exported));
  });

  router.get("/compliance/exports/:id", async (req, res) => {
    const shopDomain = shopOf(res.locals);
    const exported = await exportOf(shopDomain, { id: req.params.id });
    if (!exported) throw new HttpError(404, "no such export (it may have expired)");
    const { row, content } = exported;
    await audit(prisma, { shopDomain, requestId: row.requestId, action: "export_downloaded" });
    res
      .set("Content-Disposition", `attachment; filename="customer-data-${row.id}.json"`)
      .set("Cache-Control", "no-store")
      .type("application/json")
      .send(content);
  });

  return router;
}
