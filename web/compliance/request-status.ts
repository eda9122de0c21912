/**
 * A privacy request's life. Shopify's compliance webhooks: received (recorded before the 200) →
 * processing → completed or failed. A shopper's request (web/privacy-centre) may also be unverified (a
 * guest's e-mailed link not yet used), awaiting_merchant (approval, a correction to apply, a permission or
 * a refusal to resolve), waiting_shopify (a deletion in Shopify's waiting period), declined (by the merchant,
 * with a reason the shopper sees) or cancelled (an erasure cancelled within Shopify's window).
 */
export const RequestStatus = {
  unverified: "unverified",
  received: "received",
  awaiting_merchant: "awaiting_merchant",
  processing: "processing",
  waiting_shopify: "waiting_shopify",
  completed: "completed",
  declined: "declined",
  cancelled: "cancelled",
  failed: "failed",
} as const;

export type RequestStatus = (typeof RequestStatus)[keyof typeof RequestStatus];

/**
 * Statuses still owed to the customer (the deadline runs). A failed request, or one awaiting the merchant,
 * needs the merchant. An unverified one is not a request yet: its clock starts at verification.
 */
export const OPEN_STATUSES: RequestStatus[] = [
  RequestStatus.received,
  RequestStatus.awaiting_merchant,
  RequestStatus.processing,
  RequestStatus.waiting_shopify,
  RequestStatus.failed,
];

/** Statuses that close a request for good. */
export const CLOSED_STATUSES: RequestStatus[] = [RequestStatus.completed, RequestStatus.declined, RequestStatus.cancelled];
