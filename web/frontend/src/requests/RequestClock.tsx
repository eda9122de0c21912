import { BlockStack, DescriptionList, Link, Text } from "@shopify/polaris";
import type { RequestView } from "../../../privacy-centre/merchant-types";
import type { Translate } from "../i18n/useT";
import { DueDate, ERASURE_STATE, useRequestFormat } from "./request-format";

/** Where the deadline comes from, in a line. */
function lawRule(t: Translate, request: RequestView): string {
  const law = request.lawName ?? "";
  switch (request.law) {
    case "gdpr":
    case "uk_gdpr":
      return t("requests.ruleGdpr", { law });
    case "ccpa":
    case "us_state":
      return request.type === "opt_out" ? t("requests.ruleUsOptOut", { law }) : t("requests.ruleUs", { law });
    case "none":
      return t("requests.ruleNone");
    default:
      return t("requests.ruleShopify");
  }
}

const where = (request: RequestView) => [request.region, request.country].filter(Boolean).join(", ");

/** A request's legal clock: received, verified, acknowledge by, due (red when overdue), extended; Shopify's erasure state; the linked request. */
export function RequestClock({ request }: { request: RequestView }) {
  const { t, shortDate, dateTime } = useRequestFormat();
  const rule = lawRule(t, request);
  const place = where(request);
  const items = [
    { term: t("requests.fieldLaw"), description: place ? t("requests.lawInPlace", { rule, place }) : rule },
    { term: t("requests.clockReceived"), description: dateTime(request.receivedAt) },
    ...(request.source === "shopper"
      ? [{ term: t("requests.clockVerified"), description: request.verifiedAt ? dateTime(request.verifiedAt) : t("requests.clockNotVerified") }]
      : []),
    ...(request.acknowledgeBy
      ? [{ term: t("requests.clockAcknowledgeBy"), description: t("requests.clockAcknowledgeByDate", { date: shortDate(request.acknowledgeBy) }) }]
      : []),
    {
      term: t("requests.fieldDue"),
      description: (
        <BlockStack gap="100">
          <span>
            <DueDate request={request} />
          </span>
          {request.extendedAt ? (
            <Text as="span" tone="subdued">
              {t("requests.clockExtendedOn", { date: shortDate(request.extendedAt), reason: request.extensionReason ?? "" })}
            </Text>
          ) : request.extendable && request.extendedDueAt ? (
            <Text as="span" tone="subdued">
              {t("requests.clockExtendable", { date: shortDate(request.extendedDueAt) })}
            </Text>
          ) : null}
        </BlockStack>
      ),
    },
    { term: t("requests.clockCompleted"), description: request.completedAt ? dateTime(request.completedAt) : t("requests.clockNotYet") },
    ...(request.shopifyState ? [{ term: t("requests.clockAtShopify"), description: t(ERASURE_STATE[request.shopifyState]) }] : []),
    ...(request.linkedRequestId
      ? [
          {
            term: t("requests.clockLinkedRequest"),
            description: (
              <Link url={`/privacy-requests/${encodeURIComponent(request.linkedRequestId)}`}>
                {request.source === "shopper" ? t("requests.clockLinkedShopify") : t("requests.clockLinkedShopper")}
              </Link>
            ),
          },
        ]
      : []),
  ];
  return <DescriptionList items={items} />;
}
