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
import { dateTime, requestSummary, shortDate, SOURCE_LABEL, StatusBadge, TOPIC_LABEL, TYPE_LABEL } from "../requests/request-format";
import { useApi } from "../useApi";

const DONE_TOAST: Record<string, string> = {
  approve: "Approved: the app is carrying it out",
  decline: "Declined; the shopper is told why",
  extend: "Deadline extended; the shopper is told why",
  "cancel-erasure": "Erasure cancelled at Shopify; the shopper is told why",
  correction: "Correction done; the shopper is told",
  resolve: "Marked as done; the shopper is told",
};

/** One line of the timeline: what happened, in words (reasons are short and readable, never a stack). */
function describe(event: AuditEventView): string {
  const d = event.detail ?? {};
  switch (event.action) {
    case "received":
      return "Received from Shopify";
    case "verified":
      return `Shopper verified${d.automatic === false ? "; waiting for your approval" : ""}`;
    case "approved":
      return d.again ? "Carried out again, at your request" : "Approved by you";
    case "declined":
      return "Declined by you";
    case "extended":
      return `Deadline extended to ${d.to ? shortDate(String(d.to)) : "a later date"}`;
    case "erasure_cancelled":
      return "Erasure cancelled at Shopify";
    case "erasure_cancel_refused":
      return `Shopify did not cancel the erasure (${d.code ?? "no reason"})`;
    case "correction_applied":
      return "Correction applied in Shopify";
    case "correction_refused":
      return `Shopify refused the correction (${d.code ?? "no reason"})`;
    case "resolved_by_merchant":
      return "Done by you in Shopify, recorded; completed";
    case "correction_recorded":
      return "What you did recorded; completed";
    case "details_viewed":
      return "The shopper's details were viewed here";
    case "notice_sent":
      return `Shopper e-mailed (${String(d.event ?? "").replace(/_/g, " ")})`;
    case "notice_failed":
      return `Shopper not e-mailed (${String(d.event ?? "").replace(/_/g, " ")}): ${d.reason ?? "unknown reason"}`;
    case "started":
      return `Work started (attempt ${d.attempt ?? 1})`;
    case "retry_scheduled":
      return `Attempt ${d.attempt} failed: ${d.reason ?? "unknown reason"}. Retried automatically at ${d.runAt ? dateTime(String(d.runAt)) : "a later time"}`;
    case "completed":
      return `Completed${d.late ? " (after the due date)" : ""}${d.note ? `: ${d.note}` : ""}`;
    case "failed":
      return `Gave up after ${d.attempts} attempts: ${d.reason ?? "unknown reason"}`;
    case "export_downloaded":
      return "Data export downloaded";
    case "export_expired":
      return "Data export deleted (30 days passed)";
    default:
      return event.action.replace(/_/g, " ");
  }
}

/**
 * Who asked: Shopify's customer id with a link to the customer in the admin while the app keeps it (the
 * request is open, or completed less than 30 days ago), then the pseudonym only.
 */
function CustomerDescription({ request, email }: { request: RequestDetail["request"]; email: string | null }) {
  if (request.shopifyCustomer) {
    const { id } = request.shopifyCustomer;
    return (
      <BlockStack gap="100">
        <Link url={`shopify://admin/customers/${encodeURIComponent(id)}`} target="_top">
          {`Customer ${id}, open in Shopify`}
        </Link>
        <Text as="span" tone="subdued">
          The app keeps Shopify's customer id until 30 days after the request is done, then only a pseudonym ({request.customer}).
        </Text>
      </BlockStack>
    );
  }
  if (email) return <>{`${email} (a guest; no Shopify customer linked yet)`}</>;
  if (request.customer) return <>{`${request.customer} (the pseudonym this app keeps; no email, name or customer id)`}</>;
  return <>{request.topic === "shop/redact" ? "The whole shop" : "No customer id in the request"}</>;
}

/** A privacy request: what was asked, its deadline, its audit trail as a timeline, and its proof. */
export default function PrivacyRequestPage() {
  const { id = "" } = useParams();
  const shopify = useAppBridge();
  const { data, error, loading, reload } = useApi<RequestDetail>(`/api/compliance/requests/${encodeURIComponent(id)}`);
  const [downloadError, setDownloadError] = useState<string>();

  if (error && !data) return <PageError title="Privacy request" message={error} onRetry={reload} />;
  if (loading || !data) {
    return <LoadingPage title="Privacy request" lines={6} />;
  }
  const { request, events, erasure, shopper, actions } = data;
  /** An action; its error in words (shown beside its form), or null once done and the page reloaded. */
  const act = async (path: string, body?: unknown): Promise<string | null> => {
    try {
      await apiFetch<ActionResult>(`/api/compliance/requests/${encodeURIComponent(request.id)}/${path}`, { method: "POST", json: body ?? {} });
      shopify.toast.show(DONE_TOAST[path] ?? "Done");
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
    <AppPage title={TOPIC_LABEL[request.topic]}>
      <BlockStack gap="400">
        <Link url="/privacy-requests">← All privacy requests</Link>
        {downloadError && (
          <Banner tone="critical" title="The export could not be downloaded" onDismiss={() => setDownloadError(undefined)}>
            <p>{downloadError}</p>
          </Banner>
        )}
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {TOPIC_LABEL[request.topic]}
                  </Text>
                  <StatusBadge request={request} />
                </InlineStack>
                <DescriptionList
                  items={[
                    ...(request.type
                      ? [{ term: "Asked for", description: `${TYPE_LABEL[request.type]} (from the shopper, on your store's privacy page)` }]
                      : []),
                    { term: "Source", description: SOURCE_LABEL[request.source] },
                    { term: "Customer", description: <CustomerDescription request={request} email={shopper?.email ?? null} /> },
                    ...(request.shopifyCustomer?.orderIds.length
                      ? [
                          {
                            term: "Orders named",
                            description: (
                              <InlineStack gap="200" wrap>
                                {request.shopifyCustomer.orderIds.map((order) => (
                                  <Link key={order} url={`shopify://admin/orders/${encodeURIComponent(order)}`} target="_top">
                                    {`Order ${order}`}
                                  </Link>
                                ))}
                              </InlineStack>
                            ),
                          },
                        ]
                      : []),
                    { term: "What was done", description: requestSummary(request) },
                    ...(request.decision === "declined" && request.decisionReason ? [{ term: "Your reason", description: request.decisionReason }] : []),
                  ]}
                />
                {request.export && (
                  <InlineStack gap="300" blockAlign="center">
                    <Button onClick={download} accessibilityLabel={`Download the data export of ${shortDate(request.receivedAt)}`}>
                      Download data export
                    </Button>
                    <Button onClick={downloadSummary}>Download summary</Button>
                    <Text as="span" tone="subdued">
                      {request.export.records} records · kept until {shortDate(request.export.expiresAt)}
                    </Text>
                  </InlineStack>
                )}
                {data.exportSummary && (
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      What the export holds, and how to send it
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
                  Deadline
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
                    Proof of erasure
                  </Text>
                  <Text as="p">Erased {dateTime(erasure.completedAt)}. What remains is this request and its counts, with no personal data.</Text>
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
                  Timeline
                </Text>
                <ol style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label="Audit trail">
                  {events.map((event, index) => (
                    <li key={`${event.at}-${index}`}>
                      <Box paddingBlock="200" borderBlockStartWidth={index ? "025" : "0"} borderColor="border">
                        <Text as="p" variant="bodySm" tone="subdued">
                          {dateTime(event.at)}
                        </Text>
                        <Text as="p">{describe(event)}</Text>
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
