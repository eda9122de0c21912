// What the admin API answers about privacy requests once shoppers' requests join Shopify's: the one
// definition, built by merchant-views.ts and merchant-api.ts, read by the admin UI (`import type`). It
// lives here, not in web/compliance, because the privacy centre builds on compliance (never the reverse).
import type { ComplianceTopic } from "../compliance/payloads.js";
import type { AuditEventView, PrivacyRequestView } from "../compliance/privacy-request-types.js";
import type { CorrectableFields } from "../shopify/customer-privacy-api.js";
import type { CorrectableField, Law, RequestSource, ShopifyErasureState, ShopperRequestType, ShopperTopic } from "./request-types.js";

/** A privacy request as the admin lists it: Shopify's compliance webhooks and shoppers' requests alike. */
export interface RequestView extends PrivacyRequestView {
  topic: ComplianceTopic | ShopperTopic;
  source: RequestSource;
  /** What a shopper asked for; null for Shopify's topics. */
  type: ShopperRequestType | null;
  /** The law whose clock applies (shoppers' requests), and its name in words; null for Shopify's (its 30 days). */
  law: Law | null;
  lawName: string | null;
  /** Where the shopper was when they asked (ISO 3166 country and region codes, from the storefront). */
  country: string | null;
  region: string | null;
  /** When the shopper proved who they are; the GDPR's clock starts here. */
  verifiedAt: string | null;
  /** US laws: confirm receipt by then (10 business days). */
  acknowledgeBy: string | null;
  /** The merchant can extend the deadline once, with a reason the shopper is told, to `extendedDueAt`. */
  extendable: boolean;
  /** The latest due date the law allows (the due date itself once extended); null where it allows none. */
  extendedDueAt: string | null;
  extendedAt: string | null;
  extensionReason: string | null;
  /** The merchant's approval or refusal (when not carried out automatically), and the reason the shopper sees. */
  decision: "approved" | "declined" | null;
  decisionReason: string | null;
  decidedAt: string | null;
  /** A deletion at Shopify: requested, scheduled (its waiting period), held (an order in the last 180 days), cancelled, erased. */
  shopifyState: ShopifyErasureState | null;
  /** The other request of a pair: a shopper's deletion and the customers/redact that carried it out. */
  linkedRequestId: string | null;
  /** Open and due within DUE_SOON_DAYS (not yet overdue). */
  dueSoon: boolean;
}

/** GET /api/compliance/requests?source=&type=&topic=&status=&overdue=1&dueSoon=1&cursor= (by due date) */
export interface RequestList {
  requests: RequestView[];
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

/** What the merchant can do with a request now (each is a POST under /api/compliance/requests/:id/). */
export interface MerchantActions {
  /** approve: carry the request out (or again, after a permission was granted or Shopify refused). */
  approve: boolean;
  /** decline: close it with a reason the shopper sees. */
  decline: boolean;
  /** extend: once, where the law allows, with a reason the shopper sees. */
  extend: boolean;
  /** cancel-erasure: within Shopify's waiting period, with a reason the shopper sees. */
  cancelErasure: boolean;
  /** resolve: the merchant did what was asked themselves (in Shopify's admin) and records it; the request completes. */
  record: boolean;
  /** correction: apply the change through Shopify, or record what was done. */
  correction: boolean;
}

/** A correction for the merchant: what the shopper asked beside what Shopify holds now. */
export interface CorrectionTask {
  field: CorrectableField;
  /** What it should be, as the shopper typed it. */
  value: string;
  /** What is wrong, in the shopper's words. */
  note: string;
  /** Shopify's customer the request is about (signed in, or a guest's e-mail matched); null when none was found. */
  customerId: string | null;
  /** The customer's fields now, read from the Admin API; null when they could not be read (see currentError). */
  current: CorrectableFields | null;
  currentError: string | null;
}

/** What the shopper submitted, decrypted for this view only: each read is in the audit trail ("details_viewed"). */
export interface ShopperSubmission {
  /** A guest's e-mail address (a signed-in customer's is Shopify's, under the customer link). */
  email: string | null;
  correction: CorrectionTask | null;
}

/** GET /api/compliance/requests/:id */
export interface RequestDetail {
  request: RequestView;
  events: AuditEventView[];
  /** shop/redact's proof of erasure: when, and how many rows of each kind. */
  erasure: { completedAt: string; counts: Record<string, number> } | null;
  /** The data export's readable summary (what it contains, how to send it), while the export is kept. */
  exportSummary: string | null;
  /** A shopper's request: what they submitted (null for Shopify's, or once cleared 30 days after it closed). */
  shopper: ShopperSubmission | null;
  actions: MerchantActions;
}

/** GET/PUT /api/privacy-centre/settings: carry out verified requests automatically, per type (Shop.auto*). */
export interface PrivacyCentreSettings {
  autoAccess: boolean;
  autoDeletion: boolean;
  autoOptOut: boolean;
  autoCorrection: boolean;
}

/** What an action answers: the request as it is now. */
export interface ActionResult {
  request: RequestView;
}
