// What the admin API answers about privacy requests: the one definition, imported by the server (which
// builds these) and by the admin UI (`import type`), so neither side keeps a copy. Shoppers' requests add
// their source, type, law and clock in web/privacy-centre/merchant-types.ts (RequestView extends this view).
import type { RequestStatus } from "./request-status.js";

export interface PrivacyRequestView {
  id: string;
  /** A compliance webhook's topic (ComplianceTopic), or a shopper's request (`shopper/<type>`, web/privacy-centre). */
  topic: string;
  status: RequestStatus;
  /** The customer as this app keeps them for good: the start of a keyed pseudonym, never an email or id. */
  customer: string | null;
  /**
   * Who asked, as Shopify named them (customer id, and the order ids of the request): kept encrypted while
   * the request is open and for 30 days after it completes, then null and only the pseudonym remains.
   */
  shopifyCustomer: { id: string; orderIds: string[] } | null;
  /** ISO 8601 timestamps. */
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  overdue: boolean;
  completedLate: boolean;
  /** Counts of what was done (no personal data), once completed. */
  outcome: Record<string, number | boolean | string> | null;
  /** A short, readable reason (web/jobs/failure-reason.ts), when it failed. */
  failure: string | null;
  export: { id: string; records: number; expiresAt: string } | null;
}

export interface AuditEventView {
  action: string;
  at: string;
  /** Counts, reasons and ids: no personal data. */
  detail: Record<string, unknown> | null;
}

/** A request's records, as GET /api/compliance/requests/:id answers them (with more: merchant-types.ts RequestDetail). */
export interface PrivacyRequestDetail {
  request: PrivacyRequestView;
  events: AuditEventView[];
  /** shop/redact's proof of erasure: when, and how many rows of each kind. */
  erasure: { completedAt: string; counts: Record<string, number> } | null;
  /** The data export's readable summary (what it contains, how to send it), while the export is kept. */
  exportSummary: string | null;
}
