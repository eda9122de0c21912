import { useState } from "react";
import { useParams } from "react-router-dom";
import { Banner, BlockStack, Box, Button, Card, DescriptionList, InlineStack, Layout, Link, Text } from "@shopify/polaris";
import type { AuditEventView, PrivacyRequestDetail } from "../../../compliance/privacy-request-types";
import { apiDownload } from "../api";
import { AppPage, LoadingPage } from "../AppPage";
import { PageError } from "../AppShell";
import { dateTime, requestSummary, shortDate, StatusBadge, TOPIC_LABEL } from "../requests/request-format";
import { useApi } from "../useApi";

/** One line of the timeline: what happened, in words (reasons are short and readable, never a stack). */
function describe(event: AuditEventView): string {
  const d = event.detail ?? {};
  switch (event.action) {
    case "received":
      return "Received from Shopify";
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
function CustomerDescription({ request }: { request: PrivacyRequestDetail["request"] }) {
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
  if (request.customer) return <>{`${request.customer} (the pseudonym this app keeps; no email, name or customer id)`}</>;
  return <>{request.topic === "shop/redact" ? "The whole shop" : "No customer id in the request"}</>;
}

/** A privacy request: what was asked, its deadline, its audit trail as a timeline, and its proof. */
export default function PrivacyRequestPage() {
  const { id = "" } = useParams();
  const { data, error, loading, reload } = useApi<PrivacyRequestDetail>(`/api/compliance/requests/${encodeURIComponent(id)}`);
  const [downloadError, setDownloadError] = useState<string>();

  if (error && !data) return <PageError title="Privacy request" message={error} onRetry={reload} />;
  if (loading || !data) {
    return <LoadingPage title="Privacy request" lines={6} />;
  }
  const { request, events, erasure } = data;
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
                    { term: "Customer", description: <CustomerDescription request={request} /> },
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
                    { term: "Received", description: dateTime(request.receivedAt) },
                    { term: "Due", description: `${shortDate(request.dueAt)} (30 days after receipt)` },
                    { term: "Completed", description: request.completedAt ? dateTime(request.completedAt) : "Not yet" },
                    { term: "What was done", description: requestSummary(request) },
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
