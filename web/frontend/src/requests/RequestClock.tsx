import { BlockStack, DescriptionList, Link, Text } from "@shopify/polaris";
import type { RequestView } from "../../../privacy-centre/merchant-types";
import { dateTime, DueDate, ERASURE_STATE, shortDate } from "./request-format";

/** Where the deadline comes from, in a line. */
function lawRule(request: RequestView): string {
  switch (request.law) {
    case "gdpr":
    case "uk_gdpr":
      return `${request.lawName}: one month from verification, extendable by two more months with a reason`;
    case "ccpa":
    case "us_state":
      return request.type === "opt_out"
        ? `${request.lawName}: an opt-out within 15 business days`
        : `${request.lawName}: 45 days from receipt, extendable once by 45 with a reason; receipt confirmed within 10 business days`;
    case "none":
      return "No statutory deadline known where the shopper was: Shopify's 30 days";
    default:
      return "Shopify's compliance requests: 30 days from receipt";
  }
}

const where = (request: RequestView) => [request.region, request.country].filter(Boolean).join(", ");

/** A request's legal clock: received, verified, acknowledge by, due (red when overdue), extended; Shopify's erasure state; the linked request. */
export function RequestClock({ request }: { request: RequestView }) {
  const items = [
    { term: "Law", description: `${lawRule(request)}${where(request) ? ` (shopper in ${where(request)})` : ""}` },
    { term: "Received", description: dateTime(request.receivedAt) },
    ...(request.source === "shopper"
      ? [{ term: "Verified", description: request.verifiedAt ? dateTime(request.verifiedAt) : "Not yet: the guest has not used the e-mailed link" }]
      : []),
    ...(request.acknowledgeBy ? [{ term: "Acknowledge by", description: `${shortDate(request.acknowledgeBy)} (the confirmation e-mail does this)` }] : []),
    {
      term: "Due",
      description: (
        <BlockStack gap="100">
          <span>
            <DueDate request={request} />
          </span>
          {request.extendedAt ? (
            <Text as="span" tone="subdued">
              {`Extended on ${shortDate(request.extendedAt)}: ${request.extensionReason ?? ""}`}
            </Text>
          ) : request.extendable && request.extendedDueAt ? (
            <Text as="span" tone="subdued">{`Can be extended once, to ${shortDate(request.extendedDueAt)}`}</Text>
          ) : null}
        </BlockStack>
      ),
    },
    { term: "Completed", description: request.completedAt ? dateTime(request.completedAt) : "Not yet" },
    ...(request.shopifyState ? [{ term: "At Shopify", description: ERASURE_STATE[request.shopifyState] }] : []),
    ...(request.linkedRequestId
      ? [
          {
            term: "Linked request",
            description: (
              <Link url={`/privacy-requests/${encodeURIComponent(request.linkedRequestId)}`}>
                {request.source === "shopper" ? "Shopify's erasure request (customers/redact)" : "The shopper's deletion request"}
              </Link>
            ),
          },
        ]
      : []),
  ];
  return <DescriptionList items={items} />;
}
