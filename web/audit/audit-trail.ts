import type { Db } from "../db/database.js";
import type { Tx } from "../db/database.js";

export type AuditAction =
  | "received"
  | "started"
  | "retry_scheduled"
  | "completed"
  | "failed"
  | "export_downloaded"
  | "export_expired"
  | "app_uninstalled"
  | "receipts_exported"
  | "retention_purged";

/**
 * Appends to the audit trail. `detail` holds counts, ids and reasons: never personal data. Returns
 * Prisma's lazy promise, so it also fits in a batch `$transaction([...])`.
 */
export function audit(tx: Tx | Db, event: { shopDomain: string; requestId?: string | null; action: AuditAction; detail?: Record<string, unknown> }) {
  return tx.auditEvent.create({
    data: {
      shopDomain: event.shopDomain,
      requestId: event.requestId ?? null,
      action: event.action,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    },
    select: { id: true },
  });
}
