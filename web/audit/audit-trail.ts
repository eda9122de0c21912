import type { Db } from "../db/database.js";
import type { Tx } from "../db/database.js";
import { newRowId } from "../db/row-id.js";

export type AuditAction =
  | "received"
  | "started"
  | "retry_scheduled"
  | "completed"
  | "failed"
  | "erasure_requested"
  | "awaiting_merchant"
  | "requests_linked"
  | "export_downloaded"
  | "export_expired"
  | "app_uninstalled"
  | "receipts_exported"
  | "retention_purged"
  | "verified"
  | "notice_sent"
  | "notice_failed"
  | "resolved_by_merchant"
  // The merchant's side of shoppers' requests (web/privacy-centre/merchant-actions.ts, merchant-views.ts).
  | "approved"
  | "declined"
  | "extended"
  | "erasure_cancelled"
  | "erasure_cancel_refused"
  | "correction_applied"
  | "correction_refused"
  | "correction_recorded"
  | "details_viewed"
  | "privacy_settings_saved"
  // Shopify's consent regions (web/settings/consent-regions-check.ts, web/home/home-api.ts).
  | "consent_regions_written"
  | "consent_regions_changed"
  | "consent_regions_acknowledged"
  // Tracker blocking: the merchant's choices (web/leaks/tracker-choices-api.ts).
  | "tracker_choice_saved"
  | "trackers_report_only_set";

export interface AuditEntry {
  shopDomain: string;
  requestId?: string | null;
  action: AuditAction;
  /** Counts, ids and reasons (an object, or its JSON): never personal data. */
  detail?: Record<string, unknown> | string;
}

/** An audit line's row, as every write of one stores it (Prisma's, and the hot path's batch). */
export function auditLine(event: AuditEntry, at = new Date()) {
  return {
    id: newRowId(),
    shopDomain: event.shopDomain,
    requestId: event.requestId ?? null,
    action: event.action,
    detail: event.detail === undefined ? null : typeof event.detail === "string" ? event.detail : JSON.stringify(event.detail),
    createdAt: at,
  };
}

/**
 * Appends to the audit trail. Returns Prisma's lazy promise, so it also fits in a batch
 * `$transaction([...])`.
 */
export function audit(tx: Tx | Db, event: AuditEntry) {
  return tx.auditEvent.create({ data: auditLine(event), select: { id: true } });
}
