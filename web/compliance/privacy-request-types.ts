// What the admin API answers about privacy requests: the one definition, imported by the server (which
// builds these) and by the admin UI (`import type`), so neither side keeps a copy.
import type { ComplianceTopic } from "./payloads.js";
import type { RequestStatus } from "./request-status.js";

export interface PrivacyRequestView {
  id: string;
  topic: ComplianceTopic;
  status: RequestStatus;
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

/** GET /api/compliance/requests */
export interface PrivacyRequestList {
  requests: PrivacyRequestView[];
}
