import { useCallback, useEffect, useState } from "react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, SkeletonBodyText, Text } from "@shopify/polaris";
import { apiDownload, apiFetch } from "../api";
import { AppPage } from "../AppPage";

import type { PrivacyRequestList, PrivacyRequestView as PrivacyRequest } from "../../../compliance/privacy-request-types";

const TOPIC_LABEL: Record<PrivacyRequest["topic"], string> = {
  "customers/data_request": "Customer data request",
  "customers/redact": "Customer erasure",
  "shop/redact": "Shop erasure",
};

const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });

function StatusBadge({ request }: { request: PrivacyRequest }) {
  if (request.overdue) return <Badge tone="critical">{`Overdue (${request.status})`}</Badge>;
  if (request.status === "completed") return <Badge tone={request.completedLate ? "warning" : "success"}>{request.completedLate ? "Completed late" : "Completed"}</Badge>;
  if (request.status === "failed") return <Badge tone="critical">Failed</Badge>;
  return <Badge tone="info">{request.status === "processing" ? "In progress" : "Received"}</Badge>;
}

function summary(request: PrivacyRequest): string {
  if (request.failure) return request.failure;
  if (!request.outcome) return "—";
  const receipts = Number(request.outcome.receipts ?? 0);
  if (request.topic === "customers/data_request") return `${receipts} consent receipt${receipts === 1 ? "" : "s"} exported`;
  if (request.topic === "customers/redact") {
    return request.outcome.customerIdPresent === false ? "No customer id in the request; nothing linked to erase" : `${receipts} receipt${receipts === 1 ? "" : "s"} erased`;
  }
  return `${receipts} receipts and all shop data erased`;
}

/** Shopify's GDPR requests for this shop: what arrived, its 30-day deadline, what was done. */
export default function PrivacyRequestsPage() {
  const [requests, setRequests] = useState<PrivacyRequest[]>();
  const [error, setError] = useState<string>();
  const [downloadError, setDownloadError] = useState<string>();
  const load = useCallback(() => {
    setError(undefined);
    apiFetch<PrivacyRequestList>("/api/compliance/requests").then((body) => setRequests(body.requests), (e: Error) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  const download = async (request: PrivacyRequest) => {
    try {
      await apiDownload(`/api/compliance/exports/${request.export!.id}`, `customer-data-${request.id}.json`);
    } catch (e) {
      setDownloadError((e as Error).message);
    }
  };

  return (
    <AppPage title="Privacy requests">
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Privacy requests
          </Text>
          <Button onClick={load} variant="plain">
            Refresh
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued">
          Shopify forwards customers' data and erasure requests here. Each must be completed within 30 days; this app does the work and keeps the proof.
        </Text>
        {error && (
          <Banner tone="critical" title="Could not load the privacy requests" action={{ content: "Try again", onAction: load }}>
            <p>{error}</p>
          </Banner>
        )}
        {downloadError && (
          <Banner tone="critical" title="The export could not be downloaded" onDismiss={() => setDownloadError(undefined)}>
            <p>{downloadError}</p>
          </Banner>
        )}
        {!requests && !error && <SkeletonBodyText lines={4} />}
        {requests && requests.length === 0 && (
          <EmptyState heading="No privacy requests yet" image="">
            <p>When a customer asks for their data or its erasure, the request appears here.</p>
          </EmptyState>
        )}
        {requests && requests.length > 0 && (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text", "text"]}
            headings={["Request", "Status", "Received", "Due", "Result", "Export"]}
            rows={requests.map((request) => [
              TOPIC_LABEL[request.topic],
              <StatusBadge key="status" request={request} />,
              date(request.receivedAt),
              date(request.dueAt),
              summary(request),
              request.export ? (
                <Button key="export" size="slim" onClick={() => download(request)} accessibilityLabel={`Download the data export of ${date(request.receivedAt)}`}>
                  Download
                </Button>
              ) : (
                "—"
              ),
            ])}
          />
        )}
      </BlockStack>
    </Card>
    </AppPage>
  );
}
