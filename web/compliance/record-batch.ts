import { auditLine } from "../audit/audit-trail.js";
import type { Driver } from "../db/driver.js";
import { insertWithDependents, tableRows } from "../db/hot-path-writes.js";
import { newJobRow } from "../jobs/job-row.js";
import { RequestStatus } from "./request-status.js";

/** A compliance request as its webhook is recorded (web/compliance/record-request.ts). */
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

const REQUEST_COLUMNS = [
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
] as const;
const JOB_COLUMNS = ["id", "shopDomain", "kind", "requestId", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt"] as const;
const AUDIT_COLUMNS = ["id", "shopDomain", "requestId", "action", "detail", "createdAt"] as const;

/**
 * Records compliance requests, each with its job (the topic's kind, due now) and its "received" audit
 * line, in the same transaction (web/db/hot-path-writes.ts: one statement per 400 on PostgreSQL). A
 * request whose dedup key is already stored (a redelivery, in this batch or before) is skipped with its
 * job and audit line: returns, in order, whether each was recorded now.
 */
export async function insertComplianceRecords(driver: Driver, records: ComplianceRecord[]): Promise<boolean[]> {
  const requests = records.map((r) => ({ ...r, status: RequestStatus.received }));
  const jobs = records.map((r) => newJobRow({ shopDomain: r.shopDomain, kind: r.topic, requestId: r.id, now: r.receivedAt }));
  const audits = records.map((r) => auditLine({ shopDomain: r.shopDomain, requestId: r.id, action: "received", detail: r.auditDetail }, r.receivedAt));
  const inserted = await insertWithDependents(driver, { ...tableRows(driver, "ComplianceRequest", requests, REQUEST_COLUMNS), uniqueColumn: "dedupKey" }, [
    { ...tableRows(driver, "Job", jobs, JOB_COLUMNS), parentColumn: "requestId" },
    { ...tableRows(driver, "AuditEvent", audits, AUDIT_COLUMNS), parentColumn: "requestId" },
  ]);
  return records.map((r) => inserted.has(r.id));
}
