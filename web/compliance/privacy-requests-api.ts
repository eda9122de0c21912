import { Router } from "express";
import { z } from "zod";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor.js";
import type { Keyring } from "../security/encryption.js";
import { audit } from "../audit/audit-trail.js";
import type { ComplianceTopic } from "./payloads.js";
import type { PrivacyRequestDetail, PrivacyRequestList, PrivacyRequestView } from "./privacy-request-types.js";
import { OPEN_STATUSES, RequestStatus } from "./request-status.js";
import { openIdentity } from "./customer-identity.js";
import { dataExportSummary, type DataExportDocument } from "./jobs/data-export-summary.js";
import { COMPLIANCE_TOPIC_LIST } from "./payloads.js";

const PAGE = 50;
const listQuery = z.object({
  topic: z.enum(COMPLIANCE_TOPIC_LIST).optional(),
  status: z.enum(Object.values(RequestStatus) as [RequestStatus, ...RequestStatus[]]).optional(),
  overdue: z.enum(["1", "true"]).optional(),
  cursor: z.string().max(200).optional(),
});

const parse = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : null);

/**
 * The admin's view of privacy requests, for the authenticated shop only (every query is scoped by
 * the session's shop): GET /api/compliance/requests (filters, by due date, cursor), /requests/:id (with
 * its audit trail and proof of erasure), /exports/:id.
 */
export function complianceRoutes(prisma: Db, keyring: Keyring): Router {
  const router = Router();
  const shopOf = (locals: Record<string, unknown>) => (locals.shopify as { session: Session }).session.shop;
  const shopifyCustomerOf = (r: { id: string; customerIdentity: string | null }): PrivacyRequestView["shopifyCustomer"] => {
    const identity = openIdentity(keyring, r.id, r.customerIdentity);
    return identity ? { id: identity.customerId, orderIds: identity.orderIds } : null;
  };
  /** A kept export's document, decrypted (null when expired or absent). */
  const exportOf = async (shopDomain: string, where: { id: string } | { requestId: string }) => {
    const row = await prisma.dataExport.findFirst({ where: { ...where, shopDomain, expiresAt: { gt: new Date() } } });
    return row && { row, content: keyring.decrypt(row.content, `export:${row.requestId}`) };
  };
  const summaryOf = (exported: NonNullable<Awaited<ReturnType<typeof exportOf>>>) =>
    dataExportSummary(JSON.parse(exported.content) as DataExportDocument, exported.row.expiresAt);

  /** The admin's rows of some requests (their exports in one query). */
  async function viewsOf(
    shopDomain: string,
    requests: Array<Awaited<ReturnType<Db["complianceRequest"]["findFirstOrThrow"]>>>,
    now: Date,
  ): Promise<PrivacyRequestView[]> {
    const exports = await prisma.dataExport.findMany({
      where: { shopDomain, requestId: { in: requests.map((r) => r.id) }, expiresAt: { gt: now } },
      select: { id: true, requestId: true, expiresAt: true, recordCount: true },
    });
    return requests.map((r) => {
      const exported = exports.find((e) => e.requestId === r.id);
      return {
        id: r.id,
        topic: r.topic as ComplianceTopic,
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

  router.get("/compliance/requests", async (req, res) => {
    const shopDomain = shopOf(res.locals);
    const { topic, status, overdue, cursor } = listQuery.parse(req.query);
    const now = new Date();
    const position = cursor ? decodeCursor(cursor) : undefined;
    const after = position && { dueAt: position.at, id: position.id };
    const rows = await prisma.complianceRequest.findMany({
      where: {
        shopDomain,
        ...(topic ? { topic } : {}),
        ...(status ? { status } : {}),
        ...(overdue ? { status: { in: OPEN_STATUSES }, dueAt: { lt: now } } : {}),
        ...(after ? { OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      take: PAGE + 1,
    });
    const page = rows.slice(0, PAGE);
    const views = await viewsOf(shopDomain, page, now);
    const last = page.at(-1);
    const body: PrivacyRequestList = { requests: views, nextCursor: rows.length > PAGE && last ? encodeCursor(last.dueAt, last.id) : null };
    res.json(body);
  });

  router.get("/compliance/requests/:id", async (req, res) => {
    const shopDomain = shopOf(res.locals);
    const request = await prisma.complianceRequest.findFirst({ where: { id: req.params.id, shopDomain } });
    if (!request) throw new HttpError(404, "no such request");
    const [[view], events, erasure, exported] = await Promise.all([
      viewsOf(shopDomain, [request], new Date()),
      prisma.auditEvent.findMany({ where: { shopDomain, requestId: request.id }, orderBy: { createdAt: "asc" } }),
      request.topic === "shop/redact" ? prisma.erasureRecord.findFirst({ where: { shopDomain, requestReceivedAt: request.receivedAt } }) : null,
      request.topic === "customers/data_request" ? exportOf(shopDomain, { requestId: request.id }) : null,
    ]);
    const body: PrivacyRequestDetail = {
      request: view!,
      events: events.map((e) => ({ action: e.action, at: e.createdAt.toISOString(), detail: parse(e.detail) })),
      erasure: erasure ? { completedAt: erasure.completedAt.toISOString(), counts: JSON.parse(erasure.counts) as Record<string, number> } : null,
      exportSummary: exported ? summaryOf(exported) : null,
    };
    res.json(body);
  });

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
