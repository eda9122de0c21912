import { useState } from "react";
import { useParams } from "react-router-dom";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, DescriptionList, InlineStack, Layout, Link, Text } from "@shopify/polaris";
import type { AuditEventView } from "../../../compliance/privacy-request-types";
import type { ActionResult, RequestDetail } from "../../../privacy-centre/merchant-types";
import { apiDownload, apiFetch } from "../api";
import { AppPage, LoadingPage } from "../AppPage";
import { PageError } from "../AppShell";
import { CorrectionTaskCard } from "../requests/CorrectionTaskCard";
import { RequestActions } from "../requests/RequestActions";
import { RequestClock } from "../requests/RequestClock";
import { requestSummary, SOURCE_LABEL, StatusBadge, TOPIC_LABEL, TYPE_LABEL, useRequestFormat, type RequestFormat } from "../requests/request-format";
import type { MessageId } from "../i18n/i18n";
import { useT } from "../i18n/useT";
import { useApi } from "../useApi";

const DONE_TOAST: Record<string, MessageId> = {
  approve: "requests.toastApproved",
  decline: "requests.toastDeclined",
  extend: "requests.toastExtended",
  "cancel-erasure": "requests.toastErasureCancelled",
  correction: "requests.toastCorrectionDone",
  resolve: "requests.toastResolved",
};

/** One line of the timeline: what happened, in words (reasons are short and readable, never a stack). */
function describe({ t, shortDate, dateTime }: RequestFormat, event: AuditEventView): string {
  const d = event.detail ?? {};
  const reason = () => String(d.reason ?? t("requests.unknownReason"));
  // The e-mail's event is a code of the server's (its words, underscores as spaces).
  const notice = () => String(d.event ?? "").replace(/_/g, " ");
  switch (event.action) {
    case "received":
      return t("requests.eventReceived");
    case "verified":
      return d.automatic === false ? t("requests.eventVerifiedAwaiting") : t("requests.eventVerified");
    case "approved":
      return d.again ? t("requests.eventApprovedAgain") : t("requests.eventApproved");
    case "declined":
      return t("requests.eventDeclined");
    case "extended":
      return d.to ? t("requests.eventExtended", { date: shortDate(String(d.to)) }) : t("requests.eventExtendedLater");
    case "erasure_cancelled":
      return t("requests.erasureCancelledAtShopify");
    case "erasure_cancel_refused":
      return t("requests.eventErasureCancelRefused", { code: String(d.code ?? t("requests.noReason")) });
    case "correction_applied":
      return t("requests.correctionAppliedInShopify");
    case "correction_refused":
      return t("requests.eventCorrectionRefused", { code: String(d.code ?? t("requests.noReason")) });
    case "resolved_by_merchant":
      return t("requests.eventResolvedByMerchant");
    case "correction_recorded":
      return t("requests.eventCorrectionRecorded");
    case "details_viewed":
      return t("requests.eventDetailsViewed");
    case "notice_sent":
      return t("requests.eventNoticeSent", { notice: notice() });
    case "notice_failed":
      return t("requests.eventNoticeFailed", { notice: notice(), reason: reason() });
    case "started":
      return t("requests.eventStarted", { attempt: String(d.attempt ?? 1) });
    case "retry_scheduled":
      return d.runAt
        ? t("requests.eventRetryScheduled", { attempt: String(d.attempt), reason: reason(), time: dateTime(String(d.runAt)) })
        : t("requests.eventRetryScheduledLater", { attempt: String(d.attempt), reason: reason() });
    case "completed": {
      const note = d.note ? String(d.note) : undefined;
      if (d.late) return note ? t("requests.eventCompletedLateNote", { note }) : t("requests.eventCompletedLate");
      return note ? t("requests.eventCompletedNote", { note }) : t("requests.statusCompleted");
    }
    case "failed":
      return t("requests.eventFailed", { attempts: Number(d.attempts), reason: reason() });
    case "export_downloaded":
      return t("requests.eventExportDownloaded");
    case "export_expired":
      return t("requests.eventExportExpired");
    default:
      return event.action.replace(/_/g, " ");
  }
}

/**
 * Who asked: Shopify's customer id with a link to the customer in the admin while the app keeps it (the
 * request is open, or completed less than 30 days ago), then the pseudonym only.
 */
function CustomerDescription({ request, email }: { request: RequestDetail["request"]; email: string | null }) {
  const t = useT();
  if (request.shopifyCustomer) {
    const { id } = request.shopifyCustomer;
    return (
      <BlockStack gap="100">
        <Link url={`shopify://admin/customers/${encodeURIComponent(id)}`} target="_top">
          {t("requests.customerOpenInShopify", { id })}
        </Link>
        <Text as="span" tone="subdued">
          {t("requests.customerKeptUntil", { pseudonym: request.customer ?? "" })}
        </Text>
      </BlockStack>
    );
  }
  if (email) return <>{t("requests.customerGuestEmail", { email })}</>;
  if (request.customer) return <>{t("requests.customerPseudonym", { pseudonym: request.customer })}</>;
  return <>{request.topic === "shop/redact" ? t("requests.customerWholeShop") : t("requests.customerNoId")}</>;
}

/** A privacy request: what was asked, its deadline, its audit trail as a timeline, and its proof. */
export default function PrivacyRequestPage() {
  const { id = "" } = useParams();
  const shopify = useAppBridge();
  const { data, error, loading, reload } = useApi<RequestDetail>(`/api/compliance/requests/${encodeURIComponent(id)}`);
  const [downloadError, setDownloadError] = useState<string>();
  const format = useRequestFormat();
  const { t, shortDate, dateTime } = format;

  if (error && !data) return <PageError title={t("requests.detailTitle")} message={error} onRetry={reload} />;
  if (loading || !data) {
    return <LoadingPage title={t("requests.detailTitle")} lines={6} />;
  }
  const { request, events, erasure, shopper, actions } = data;
  /** An action; its error in words (shown beside its form), or null once done and the page reloaded. */
  const act = async (path: string, body?: unknown): Promise<string | null> => {
    try {
      await apiFetch<ActionResult>(`/api/compliance/requests/${encodeURIComponent(request.id)}/${path}`, { method: "POST", json: body ?? {} });
      shopify.toast.show(t(DONE_TOAST[path] ?? "requests.toastDone"));
      await reload();
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };
  const download = async () => {
    try {
      await apiDownload(`/api/compliance/exports/${request.export!.id}`, `customer-data-${request.id}.json`);
    } catch (e) {
      setDownloadError((e as Error).message);
    }
  };
  const downloadSummary = async () => {
    try {
      await apiDownload(`/api/compliance/exports/${request.export!.id}/summary`, `customer-data-${request.id}-summary.txt`);
    } catch (e) {
      setDownloadError((e as Error).message);
    }
  };

  return (
    <AppPage title={t(TOPIC_LABEL[request.topic])}>
      <BlockStack gap="400">
        <Link url="/privacy-requests">{t("requests.backToList")}</Link>
        {downloadError && (
          <Banner tone="critical" title={t("requests.downloadError")} onDismiss={() => setDownloadError(undefined)}>
            <p>{downloadError}</p>
          </Banner>
        )}
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t(TOPIC_LABEL[request.topic])}
                  </Text>
                  <StatusBadge request={request} />
                </InlineStack>
                <DescriptionList
                  items={[
                    ...(request.type
                      ? [{ term: t("requests.fieldAskedFor"), description: t("requests.askedForFromShopper", { type: t(TYPE_LABEL[request.type]) }) }]
                      : []),
                    { term: t("requests.fieldSource"), description: t(SOURCE_LABEL[request.source]) },
                    { term: t("requests.fieldCustomer"), description: <CustomerDescription request={request} email={shopper?.email ?? null} /> },
                    ...(request.shopifyCustomer?.orderIds.length
                      ? [
                          {
                            term: t("requests.fieldOrdersNamed"),
                            description: (
                              <InlineStack gap="200" wrap>
                                {request.shopifyCustomer.orderIds.map((order) => (
                                  <Link key={order} url={`shopify://admin/orders/${encodeURIComponent(order)}`} target="_top">
                                    {t("requests.orderLink", { order })}
                                  </Link>
                                ))}
                              </InlineStack>
                            ),
                          },
                        ]
                      : []),
                    { term: t("requests.fieldWhatWasDone"), description: requestSummary(t, request) },
                    ...(request.decision === "declined" && request.decisionReason
                      ? [{ term: t("requests.fieldYourReason"), description: request.decisionReason }]
                      : []),
                  ]}
                />
                {request.export && (
                  <InlineStack gap="300" blockAlign="center">
                    <Button onClick={download} accessibilityLabel={t("requests.downloadExportLabel", { date: shortDate(request.receivedAt) })}>
                      {t("requests.downloadExport")}
                    </Button>
                    <Button onClick={downloadSummary}>{t("requests.downloadSummary")}</Button>
                    <Text as="span" tone="subdued">
                      {t("requests.exportRecords", { count: request.export.records, date: shortDate(request.export.expiresAt) })}
                    </Text>
                  </InlineStack>
                )}
                {data.exportSummary && (
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      {t("requests.exportSummaryTitle")}
                    </Text>
                    <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                      <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="export-summary">
                        {data.exportSummary.split("\n").slice(3).join("\n").trim()}
                      </div>
                    </Box>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
          {(actions.approve || actions.decline || actions.extend || actions.cancelErasure) && (
            <Layout.Section>
              <RequestActions request={request} actions={actions} act={act} />
            </Layout.Section>
          )}
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("requests.deadlineTitle")}
                </Text>
                <RequestClock request={request} />
              </BlockStack>
            </Card>
          </Layout.Section>
          {shopper?.correction && (
            <Layout.Section>
              <CorrectionTaskCard task={shopper.correction} canResolve={actions.correction} onResolve={(resolution) => act("correction", resolution)} />
            </Layout.Section>
          )}
          {erasure && (
            <Layout.Section>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("requests.proofTitle")}
                  </Text>
                  <Text as="p">{t("requests.proofBody", { date: dateTime(erasure.completedAt) })}</Text>
                  <DescriptionList
                    items={Object.entries(erasure.counts).map(([kind, count]) => ({
                      term: kind.replace(/([A-Z])/g, " $1").toLowerCase(),
                      description: String(count),
                    }))}
                  />
                </BlockStack>
              </Card>
            </Layout.Section>
          )}
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("requests.timelineTitle")}
                </Text>
                <ol style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={t("requests.auditTrail")}>
                  {events.map((event, index) => (
                    <li key={`${event.at}-${index}`}>
                      <Box paddingBlock="200" borderBlockStartWidth={index ? "025" : "0"} borderColor="border">
                        <Text as="p" variant="bodySm" tone="subdued">
                          {dateTime(event.at)}
                        </Text>
                        <Text as="p">{describe(format, event)}</Text>
                      </Box>
                    </li>
                  ))}
                </ol>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </AppPage>
  );
}
