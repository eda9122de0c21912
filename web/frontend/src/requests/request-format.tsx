import { useMemo } from "react";
import { useLingui } from "@lingui/react";
import { Badge } from "@shopify/polaris";
import type { RequestView } from "../../../privacy-centre/merchant-types";
import type { ShopperRequestType } from "../../../privacy-centre/request-types";
import type { MessageId } from "../i18n/i18n";
import { useT, type Translate } from "../i18n/useT";

/** The request pages' words and dates, in the admin's language. */
export interface RequestFormat {
  t: Translate;
  /** A date as "3 Dec 2026" in the active language. */
  shortDate: (iso: string) => string;
  /** A date and time, medium date and short time, in the active language. */
  dateTime: (iso: string) => string;
}

export function useRequestFormat(): RequestFormat {
  const t = useT();
  const { i18n } = useLingui();
  return useMemo(
    () => ({
      t,
      shortDate: (iso: string) => i18n.date(iso, { year: "numeric", month: "short", day: "numeric" }),
      dateTime: (iso: string) => i18n.date(iso, { dateStyle: "medium", timeStyle: "short" }),
    }),
    [t, i18n],
  );
}

export const TYPE_LABEL: Record<ShopperRequestType, MessageId> = {
  access: "requests.typeAccess",
  correction: "requests.typeCorrection",
  deletion: "requests.typeDeletion",
  opt_out: "requests.typeOptOut",
};

export const TOPIC_LABEL: Record<RequestView["topic"], MessageId> = {
  "customers/data_request": "requests.topicCustomerDataRequest",
  "customers/redact": "requests.topicCustomerErasure",
  "shop/redact": "requests.topicShopErasure",
  "shopper/access": TYPE_LABEL.access,
  "shopper/correction": TYPE_LABEL.correction,
  "shopper/deletion": TYPE_LABEL.deletion,
  "shopper/opt_out": TYPE_LABEL.opt_out,
};

export const SOURCE_LABEL: Record<RequestView["source"], MessageId> = { shopper: "requests.sourceShopper", shopify: "requests.sourceShopify" };

/** Shopify's side of a deletion, in words. */
export const ERASURE_STATE: Record<NonNullable<RequestView["shopifyState"]>, MessageId> = {
  requested: "requests.erasureRequested",
  scheduled: "requests.erasureScheduled",
  held: "requests.erasureHeld",
  cancelled: "requests.erasureCancelled",
  erased: "requests.erasureErased",
};

const OPEN_LABEL: Partial<Record<RequestView["status"], MessageId>> = {
  received: "requests.statusReceived",
  awaiting_merchant: "requests.statusAwaitingMerchant",
  processing: "requests.statusProcessing",
  waiting_shopify: "requests.statusWaitingShopify",
  failed: "requests.statusFailed",
};

export function StatusBadge({ request }: { request: RequestView }) {
  const t = useT();
  if (request.overdue) return <Badge tone="critical">{t("requests.statusOverdue", { status: request.status })}</Badge>;
  switch (request.status) {
    case "completed":
      return (
        <Badge tone={request.completedLate ? "warning" : "success"}>
          {request.completedLate ? t("requests.statusCompletedLate") : t("requests.statusCompleted")}
        </Badge>
      );
    case "declined":
      return <Badge>{t("requests.statusDeclined")}</Badge>;
    case "cancelled":
      return <Badge>{t("requests.statusCancelled")}</Badge>;
    case "unverified":
      return <Badge>{t("requests.statusUnverified")}</Badge>;
    case "failed":
      return <Badge tone="critical">{t("requests.statusFailed")}</Badge>;
    case "awaiting_merchant":
      return <Badge tone="attention">{t("requests.statusAwaitingMerchant")}</Badge>;
    default: {
      const label = OPEN_LABEL[request.status];
      return <Badge tone="info">{label ? t(label) : request.status}</Badge>;
    }
  }
}

/** The due date with its clock: red when overdue, attention when due within 3 days. */
export function DueDate({ request }: { request: RequestView }) {
  const { t, shortDate } = useRequestFormat();
  const date = shortDate(request.dueAt);
  if (request.overdue) return <Badge tone="critical">{t("requests.dueOverdue", { date })}</Badge>;
  if (request.dueSoon) return <Badge tone="attention">{t("requests.dueSoon", { date })}</Badge>;
  return <>{date}</>;
}

/** What was done, in a line: counts per kind of data, the merchant's decision, or the next step. */
export function requestSummary(t: Translate, request: RequestView): string {
  if (request.status === "declined") return t("requests.summaryDeclined", { reason: request.decisionReason ?? t("requests.summaryNoReasonGiven") });
  if (request.status === "cancelled") return t("requests.erasureCancelledAtShopify");
  if (request.failure) return request.failure;
  if (request.status === "waiting_shopify" && request.shopifyState) return t(ERASURE_STATE[request.shopifyState]);
  if (request.status === "awaiting_merchant") return t("requests.summaryAwaitingApproval");
  if (!request.outcome) return "—";
  const receipts = Number(request.outcome.receipts ?? 0);
  switch (request.topic) {
    case "customers/data_request":
      return t("requests.summaryReceiptsExported", { count: receipts });
    case "customers/redact":
      if (request.outcome.customerIdPresent === false) return t("requests.summaryNoCustomerId");
      return t("requests.summaryCustomerErased", { receipts, exports: Number(request.outcome.exports ?? 0) });
    case "shop/redact":
      return t("requests.summaryShopErased", { count: receipts });
    case "shopper/correction":
      return request.outcome.applied
        ? t("requests.correctionAppliedInShopify")
        : request.outcome.recorded
          ? t("requests.summaryCorrectionRecorded")
          : t("requests.statusCompleted");
    case "shopper/opt_out":
      return request.outcome.customerFound === false ? t("requests.summaryOptOutNoCustomer") : t("requests.summaryOptOutRecorded");
    case "shopper/access":
      return request.export ? t("requests.summaryCopyReady", { count: request.export.records }) : t("requests.summaryCopyDelivered");
    case "shopper/deletion":
      return request.shopifyState === "erased" ? t("requests.erasureErased") : t("requests.summaryAppDataErased");
  }
}
