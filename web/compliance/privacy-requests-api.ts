import { Router } from "express";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import type { Keyring } from "../security/encryption.js";
import { audit } from "./audit.js";
import type { ComplianceTopic } from "./payloads.js";
import type { PrivacyRequestList } from "./privacy-request-types.js";
import { RequestStatus } from "./request-status.js";

const parse = (text: string | null) => (text ? (JSON.parse(text) as Record<string, unknown>) : null);

/**
 * The admin's view of privacy requests, for the authenticated shop only (every query is scoped by
 * the session's shop): GET /api/compliance/requests, /requests/:id/audit, /audit, /exports/:id.
 */
export function complianceRoutes(prisma: Db, keyring: Keyring): Router {
  const router = Router();
  const shopOf = (locals: Record<string, any>) => (locals.shopify.session as Session).shop;

  router.get("/compliance/requests", async (_req, res) => {
    const shopDomain = shopOf(res.locals);
    const now = new Date();
    const requests = await prisma.complianceRequest.findMany({ where: { shopDomain }, orderBy: { receivedAt: "desc" }, take: 100 });
    const exports = await prisma.dataExport.findMany({
      where: { shopDomain, requestId: { in: requests.map((r) => r.id) } },
      select: { id: true, requestId: true, expiresAt: true, recordCount: true },
    });
    const body: PrivacyRequestList = {
      requests: requests.map((r) => {
        const exported = exports.find((e) => e.requestId === r.id);
        return {
          id: r.id,
          topic: r.topic as ComplianceTopic,
          status: r.status as RequestStatus,
          receivedAt: r.receivedAt.toISOString(),
          dueAt: r.dueAt.toISOString(),
          completedAt: r.completedAt?.toISOString() ?? null,
          overdue: r.status !== RequestStatus.completed && now > r.dueAt,
          completedLate: Boolean(r.completedAt && r.completedAt > r.dueAt),
          outcome: parse(r.outcome) as PrivacyRequestList["requests"][number]["outcome"],
          failure: r.failure,
          export: exported ? { id: exported.id, records: exported.recordCount, expiresAt: exported.expiresAt.toISOString() } : null,
        };
      }),
    };
    res.json(body);
  });

  router.get("/compliance/requests/:id/audit", async (req, res) => {
    const shopDomain = shopOf(res.locals);
    const request = await prisma.complianceRequest.findFirst({ where: { id: req.params.id, shopDomain }, select: { id: true } });
    if (!request) throw new HttpError(404, "no such request");
    const events = await prisma.auditEvent.findMany({ where: { shopDomain, requestId: request.id }, orderBy: { createdAt: "asc" } });
    res.json({ events: events.map((e) => ({ action: e.action, at: e.createdAt, detail: parse(e.detail) })) });
  });

  router.get("/compliance/audit", async (_req, res) => {
    const shopDomain = shopOf(res.locals);
    const events = await prisma.auditEvent.findMany({ where: { shopDomain }, orderBy: { createdAt: "desc" }, take: 200 });
    res.json({ events: events.map((e) => ({ requestId: e.requestId, action: e.action, at: e.createdAt, detail: parse(e.detail) })) });
  });

  router.get("/compliance/exports/:id", async (req, res) => {
    const shopDomain = shopOf(res.locals);
    const row = await prisma.dataExport.findFirst({ where: { id: req.params.id, shopDomain, expiresAt: { gt: new Date() } } });
    if (!row) throw new HttpError(404, "no such export (it may have expired)");
    const content = keyring.decrypt(row.content, `export:${row.requestId}`);
    await audit(prisma, { shopDomain, requestId: row.requestId, action: "export_downloaded" });
    res
      .set("Content-Disposition", `attachment; filename="customer-data-${row.id}.json"`)
      .set("Cache-Control", "no-store")
      .type("application/json")
      .send(content);
  });

  return router;
}
