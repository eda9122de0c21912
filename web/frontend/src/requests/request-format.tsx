import { Badge } from "@shopify/polaris";
import type { PrivacyRequestView } from "../../../compliance/privacy-request-types";

export const TOPIC_LABEL: Record<PrivacyRequestView["topic"], string> = {
  "customers/data_request": "Customer data request",
  "customers/redact": "Customer erasure",
  "shop/redact": "Shop erasure",
};

export const shortDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
export const dateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function StatusBadge({ request }: { request: PrivacyRequestView }) {
  if (request.overdue)
    return (
      <Badge tone="critical">{`Overdue (${request.status === "failed" ? "failed" : request.status === "processing" ? "in progress" : "received"})`}</Badge>
    );
  if (request.status === "completed")
    return <Badge tone={request.completedLate ? "warning" : "success"}>{request.completedLate ? "Completed late" : "Completed"}</Badge>;
  if (request.status === "failed") return <Badge tone="critical">Failed</Badge>;
  return <Badge tone="info">{request.status === "processing" ? "In progress" : "Received"}</Badge>;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What was done, in a line: counts per kind of data (or the short failure reason). */
export function requestSummary(request: PrivacyRequestView): string {
  if (request.failure) return request.failure;
  if (!request.outcome) return "—";
  const receipts = Number(request.outcome.receipts ?? 0);
  if (request.topic === "customers/data_request") return `${plural(receipts, "consent receipt")} exported`;
  if (request.topic === "customers/redact") {
    if (request.outcome.customerIdPresent === false) return "No customer id in the request; nothing linked to erase";
    return `${plural(receipts, "receipt")} and ${plural(Number(request.outcome.exports ?? 0), "export")} erased`;
  }
  return `${plural(receipts, "receipt")} and all shop data erased`;
}
