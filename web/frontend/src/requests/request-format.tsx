import { Badge } from "@shopify/polaris";
import type { RequestView } from "../../../privacy-centre/merchant-types";
import type { ShopperRequestType } from "../../../privacy-centre/request-types";

export const TOPIC_LABEL: Record<RequestView["topic"], string> = {
  "customers/data_request": "Customer data request",
  "customers/redact": "Customer erasure",
  "shop/redact": "Shop erasure",
  "shopper/access": "Copy of their data",
  "shopper/correction": "Correct their data",
  "shopper/deletion": "Delete their data",
  "shopper/opt_out": "Do not sell or share",
};

export const TYPE_LABEL: Record<ShopperRequestType, string> = {
  access: "Copy of their data",
  correction: "Correct their data",
  deletion: "Delete their data",
  opt_out: "Do not sell or share",
};

export const SOURCE_LABEL: Record<RequestView["source"], string> = { shopper: "Shopper", shopify: "Shopify" };

/** Shopify's side of a deletion, in words. */
export const ERASURE_STATE: Record<NonNullable<RequestView["shopifyState"]>, string> = {
  requested: "Requested at Shopify",
  scheduled: "Scheduled: Shopify erases the customer after its 10-day waiting period",
  held: "Held by Shopify: the customer has an order in the last 180 days",
  cancelled: "Cancelled",
  erased: "Erased by Shopify",
};

export const shortDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
export const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

const OPEN_LABEL: Partial<Record<RequestView["status"], string>> = {
  received: "Received",
  awaiting_merchant: "Needs you",
  processing: "In progress",
  waiting_shopify: "Waiting for Shopify",
  failed: "Failed",
};

export function StatusBadge({ request }: { request: RequestView }) {
  if (request.overdue) return <Badge tone="critical">{`Overdue (${(OPEN_LABEL[request.status] ?? request.status).toLowerCase()})`}</Badge>;
  switch (request.status) {
    case "completed":
      return <Badge tone={request.completedLate ? "warning" : "success"}>{request.completedLate ? "Completed late" : "Completed"}</Badge>;
    case "declined":
      return <Badge>Declined</Badge>;
    case "cancelled":
      return <Badge>Erasure cancelled</Badge>;
    case "unverified":
      return <Badge>Not confirmed yet</Badge>;
    case "failed":
      return <Badge tone="critical">Failed</Badge>;
    case "awaiting_merchant":
      return <Badge tone="attention">Needs you</Badge>;
    default:
      return <Badge tone="info">{OPEN_LABEL[request.status] ?? request.status}</Badge>;
  }
}

/** The due date with its clock: red when overdue, attention when due within 3 days. */
export function DueDate({ request }: { request: RequestView }) {
  const date = shortDate(request.dueAt);
  if (request.overdue) return <Badge tone="critical">{`${date}, overdue`}</Badge>;
  if (request.dueSoon) return <Badge tone="attention">{`${date}, due soon`}</Badge>;
  return <>{date}</>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What was done, in a line: counts per kind of data, the merchant's decision, or the next step. */
export function requestSummary(request: RequestView): string {
  if (request.status === "declined") return `Declined: ${request.decisionReason ?? "no reason given"}`;
  if (request.status === "cancelled") return "Erasure cancelled at Shopify";
  if (request.failure) return request.failure;
  if (request.status === "waiting_shopify" && request.shopifyState) return ERASURE_STATE[request.shopifyState];
  if (request.status === "awaiting_merchant") return "Waiting for your approval";
  if (!request.outcome) return "—";
  const receipts = Number(request.outcome.receipts ?? 0);
  switch (request.topic) {
    case "customers/data_request":
      return `${plural(receipts, "consent receipt")} exported`;
    case "customers/redact":
      if (request.outcome.customerIdPresent === false) return "No customer id in the request; nothing linked to erase";
      return `${plural(receipts, "receipt")} and ${plural(Number(request.outcome.exports ?? 0), "export")} erased`;
    case "shop/redact":
      return `${plural(receipts, "receipt")} and all shop data erased`;
    case "shopper/correction":
      return request.outcome.applied ? "Correction applied in Shopify" : request.outcome.recorded ? "Done by you, recorded" : "Completed";
    case "shopper/opt_out":
      return request.outcome.customerFound === false ? "Opt-out recorded (no customer with that e-mail)" : "Opt-out recorded on the customer";
    case "shopper/access":
      return request.export ? `Copy ready (${plural(request.export.records, "record")})` : "Copy of their data delivered";
    case "shopper/deletion":
      return request.shopifyState === "erased" ? "Erased by Shopify" : "Their data in this app erased";
  }
}
