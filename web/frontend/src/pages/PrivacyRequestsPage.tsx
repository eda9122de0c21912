import { useCallback, useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";
import { Banner, BlockStack, Card, Checkbox, EmptyState, IndexTable, InlineStack, Link, Pagination, Select, SkeletonBodyText, Text } from "@shopify/polaris";
import type { PrivacyRequestList, PrivacyRequestView as PrivacyRequest } from "../../../compliance/privacy-request-types";
import { apiFetch } from "../api";
import { AppPage } from "../AppPage";
import { requestSummary, StatusBadge, TOPIC_LABEL, shortDate } from "../requests/request-format";

const TOPICS = [{ label: "All requests", value: "" }, ...Object.entries(TOPIC_LABEL).map(([value, label]) => ({ label, value }))];
const STATUSES = [
  { label: "Any status", value: "" },
  { label: "Received", value: "received" },
  { label: "In progress", value: "processing" },
  { label: "Completed", value: "completed" },
  { label: "Failed", value: "failed" },
];

/** Shopify's GDPR requests for this shop, by due date: what arrived, its 30-day deadline, what was done. */
export default function PrivacyRequestsPage() {
  const navigate = useNavigate();
  const [topic, setTopic] = useState("");
  const [status, setStatus] = useState("");
  const [overdue, setOverdue] = useState(false);
  // Cursors of the pages before this one (Previous) and of this one.
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<PrivacyRequestList>();
  const [error, setError] = useState<string>();

  const cursor = cursors.at(-1);
  const load = useCallback(() => {
    setError(undefined);
    const query = new URLSearchParams({ ...(topic && { topic }), ...(status && { status }), ...(overdue && { overdue: "1" }), ...(cursor && { cursor }) });
    apiFetch<PrivacyRequestList>(`/api/compliance/requests?${query}`).then(setPage, (e: Error) => setError(e.message));
  }, [topic, status, overdue, cursor]);
  useEffect(load, [load]);
  const filter = (set: () => void) => {
    set();
    setCursors([]);
    setPage(undefined);
  };

  const requests = page?.requests;
  return (
    <AppPage title="Privacy requests">
      <Card padding="0">
        <BlockStack gap="0">
          <div style={{ padding: "var(--p-space-400)" }}>
            <BlockStack gap="300">
              <Text as="p" tone="subdued">
                Shopify forwards customers' data and erasure requests here. Each must be completed within 30 days; this app does the work and keeps the proof.
              </Text>
              <InlineStack gap="300" blockAlign="end" wrap>
                <Select label="Request" options={TOPICS} value={topic} onChange={(v) => filter(() => setTopic(v))} />
                <Select label="Status" options={STATUSES} value={status} onChange={(v) => filter(() => setStatus(v))} />
                <Checkbox label="Overdue only" checked={overdue} onChange={(v) => filter(() => setOverdue(v))} />
              </InlineStack>
              {error && (
                <Banner tone="critical" title="Could not load the privacy requests" action={{ content: "Try again", onAction: load }}>
                  <p>{error}</p>
                </Banner>
              )}
            </BlockStack>
          </div>
          {!requests && !error && (
            <div style={{ padding: "var(--p-space-400)" }}>
              <SkeletonBodyText lines={4} />
            </div>
          )}
          {requests && requests.length === 0 && (
            <EmptyState heading={topic || status || overdue ? "No request matches these filters" : "No privacy requests yet"} image="">
              <p>When a customer asks Shopify for their data or its erasure, the request appears here.</p>
            </EmptyState>
          )}
          {requests && requests.length > 0 && (
            <IndexTable
              resourceName={{ singular: "privacy request", plural: "privacy requests" }}
              itemCount={requests.length}
              selectable={false}
              headings={[{ title: "Request" }, { title: "Customer" }, { title: "Received" }, { title: "Due" }, { title: "Status" }, { title: "What was done" }]}
            >
              {requests.map((request: PrivacyRequest, index) => (
                // The primary cell is a link (Tab and Enter reach it); a click anywhere else on the row opens the same page.
                <IndexTable.Row id={request.id} key={request.id} position={index} onClick={() => navigate(`/privacy-requests/${request.id}`)}>
                  <IndexTable.Cell>
                    {/* The link navigates by itself: its click does not reach the row's handler too. */}
                    <span onClick={(event) => event.stopPropagation()} role="presentation">
                      <Link url={`/privacy-requests/${request.id}`} dataPrimaryLink monochrome removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          {TOPIC_LABEL[request.topic]}
                        </Text>
                      </Link>
                    </span>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {request.shopifyCustomer ? (
                      <Text as="span">Customer {request.shopifyCustomer.id}</Text>
                    ) : (
                      <Text as="span" tone="subdued">
                        {request.customer ?? (request.topic === "shop/redact" ? "whole shop" : "none named")}
                      </Text>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{shortDate(request.receivedAt)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" tone={request.overdue ? "critical" : undefined}>
                      {shortDate(request.dueAt)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <StatusBadge request={request} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>{requestSummary(request)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
          {(cursors.length > 0 || page?.nextCursor) && (
            <div style={{ padding: "var(--p-space-300)", display: "flex", justifyContent: "center" }}>
              <Pagination
                hasPrevious={cursors.length > 0}
                onPrevious={() => setCursors(cursors.slice(0, -1))}
                hasNext={Boolean(page?.nextCursor)}
                onNext={() => page?.nextCursor && setCursors([...cursors, page.nextCursor])}
              />
            </div>
          )}
        </BlockStack>
      </Card>
    </AppPage>
  );
}
