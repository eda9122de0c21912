import { useCallback, useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, Checkbox, EmptyState, IndexTable, InlineStack, Link, Select, SkeletonBodyText, Text } from "@shopify/polaris";
import type { PrivacyCentreSettings, RequestList, RequestView } from "../../../privacy-centre/merchant-types";
import { apiFetch } from "../api";
import { CursorPagination } from "../CursorPagination";
import { AppPage } from "../AppPage";
import { DueDate, requestSummary, SOURCE_LABEL, StatusBadge, TOPIC_LABEL, TYPE_LABEL } from "../requests/request-format";
import { useApi } from "../useApi";

const SOURCES = [
  { label: "Any source", value: "" },
  { label: "Shoppers (privacy page)", value: "shopper" },
  { label: "Shopify (compliance webhooks)", value: "shopify" },
];
const TYPES = [{ label: "Any type", value: "" }, ...Object.entries(TYPE_LABEL).map(([value, label]) => ({ label, value }))];
const STATUSES = [
  { label: "Any status", value: "" },
  { label: "Needs you", value: "awaiting_merchant" },
  { label: "Received", value: "received" },
  { label: "In progress", value: "processing" },
  { label: "Waiting for Shopify", value: "waiting_shopify" },
  { label: "Completed", value: "completed" },
  { label: "Declined", value: "declined" },
  { label: "Erasure cancelled", value: "cancelled" },
  { label: "Failed", value: "failed" },
  { label: "Not confirmed yet (guest's link unused)", value: "unverified" },
];
const DUE = [
  { label: "Any due date", value: "" },
  { label: "Overdue", value: "overdue" },
  { label: "Due within 3 days or overdue", value: "dueSoon" },
];

const AUTOMATIC: Array<{ key: keyof PrivacyCentreSettings; label: string; help: string }> = [
  {
    key: "autoAccess",
    label: "Copy of their data",
    help: "The app assembles the shopper's data; they download it from the link e-mailed to them (or their status page, signed in).",
  },
  { key: "autoDeletion", label: "Delete their data", help: "The app asks Shopify to erase the customer, and erases its own data about them." },
  { key: "autoOptOut", label: "Do not sell or share", help: "The app records the opt-out on the customer in Shopify." },
  {
    key: "autoCorrection",
    label: "Correct their data",
    help: "Names, e-mail and phone are changed in Shopify as the shopper asked. Off: you review each correction.",
  },
];

/** "Carry out verified requests automatically": one switch per type, each saved as it changes. */
function AutomaticCard() {
  const shopify = useAppBridge();
  const { data, setData, error, loading, reload } = useApi<PrivacyCentreSettings>("/api/privacy-centre/settings");
  const [saving, setSaving] = useState<keyof PrivacyCentreSettings>();
  const [saveError, setSaveError] = useState<string>();

  const change = async (key: keyof PrivacyCentreSettings, value: boolean) => {
    if (!data) return;
    setSaving(key);
    setSaveError(undefined);
    try {
      setData(await apiFetch<PrivacyCentreSettings>("/api/privacy-centre/settings", { method: "PUT", json: { ...data, [key]: value } }));
      shopify.toast.show("Saved");
    } catch (e) {
      setSaveError((e as Error).message);
    } finally {
      setSaving(undefined);
    }
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Carry out verified requests automatically
        </Text>
        <Text as="p" tone="subdued">
          Once a shopper has proved who they are, the app carries out these requests by itself. Any type you leave off waits here for you to approve or decline
          with a reason the shopper sees.
        </Text>
        {error && !data && (
          <Banner tone="critical" title="Could not load these settings" action={{ content: "Try again", onAction: reload }}>
            <p>{error}</p>
          </Banner>
        )}
        {loading && !data && <SkeletonBodyText lines={4} />}
        {saveError && (
          <Banner tone="critical" title="Not saved" onDismiss={() => setSaveError(undefined)}>
            <p>{saveError}</p>
          </Banner>
        )}
        {data && (
          <BlockStack gap="200">
            {AUTOMATIC.map(({ key, label, help }) => (
              <Checkbox
                key={key}
                label={label}
                helpText={help}
                checked={data[key]}
                disabled={saving !== undefined}
                onChange={(value) => void change(key, value)}
              />
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

/** Who asked: Shopify's customer id while the app keeps it, else the pseudonym, a guest, or the whole shop. */
function CustomerCell({ request }: { request: RequestView }) {
  if (request.shopifyCustomer) return <Text as="span">Customer {request.shopifyCustomer.id}</Text>;
  return (
    <Text as="span" tone="subdued">
      {request.customer ?? (request.topic === "shop/redact" ? "whole shop" : request.source === "shopper" ? "guest" : "none named")}
    </Text>
  );
}

/** Privacy requests from shoppers (the privacy page) and Shopify (compliance webhooks), by due date, each with its legal clock. */
export default function PrivacyRequestsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const source = params.get("source") ?? "";
  const type = params.get("type") ?? "";
  const status = params.get("status") ?? "";
  const due = params.has("overdue") ? "overdue" : params.has("dueSoon") ? "dueSoon" : "";
  // Cursors of the pages before this one (Previous) and of this one.
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<RequestList>();
  const [error, setError] = useState<string>();

  const cursor = cursors.at(-1);
  const load = useCallback(() => {
    setError(undefined);
    const query = new URLSearchParams({
      ...(source && { source }),
      ...(type && { type }),
      ...(status && { status }),
      ...(due && { [due]: "1" }),
      ...(cursor && { cursor }),
    });
    apiFetch<RequestList>(`/api/compliance/requests?${query}`).then(setPage, (e: Error) => setError(e.message));
  }, [source, type, status, due, cursor]);
  useEffect(load, [load]);
  const filter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (name === "due") ["overdue", "dueSoon"].forEach((key) => next.delete(key));
    else next.delete(name);
    if (value) next.set(name === "due" ? value : name, name === "due" ? "1" : value);
    setParams(next, { replace: true });
    setCursors([]);
    setPage(undefined);
  };

  const requests = page?.requests;
  const filtered = Boolean(source || type || status || due);
  return (
    <AppPage title="Privacy requests">
      <BlockStack gap="400">
        <Card padding="0">
          <BlockStack gap="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <BlockStack gap="300">
                <Text as="p" tone="subdued">
                  Shoppers ask on your store's privacy page; Shopify forwards the requests customers make to it. Each has the deadline of the law where the
                  shopper was (GDPR: one month from verification; CCPA/CPRA: 45 days; opt-outs: 15 business days; Shopify's requests: 30 days).
                </Text>
                <InlineStack gap="300" blockAlign="end" wrap>
                  <Select label="Source" options={SOURCES} value={source} onChange={(v) => filter("source", v)} />
                  <Select label="Type" options={TYPES} value={type} onChange={(v) => filter("type", v)} />
                  <Select label="Status" options={STATUSES} value={status} onChange={(v) => filter("status", v)} />
                  <Select label="Due" options={DUE} value={due} onChange={(v) => filter("due", v)} />
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
              <EmptyState heading={filtered ? "No request matches these filters" : "No privacy requests yet"} image="">
                <p>When a shopper asks on your privacy page, or a customer asks Shopify for their data or its erasure, the request appears here.</p>
              </EmptyState>
            )}
            {requests && requests.length > 0 && (
              <IndexTable
                resourceName={{ singular: "privacy request", plural: "privacy requests" }}
                itemCount={requests.length}
                selectable={false}
                headings={[
                  { title: "Request" },
                  { title: "Source" },
                  { title: "Customer" },
                  { title: "Law" },
                  { title: "Due" },
                  { title: "Status" },
                  { title: "What was done" },
                ]}
              >
                {requests.map((request: RequestView, index) => (
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
                    <IndexTable.Cell>{SOURCE_LABEL[request.source]}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <CustomerCell request={request} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>{request.lawName ?? "Shopify's 30 days"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <DueDate request={request} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <StatusBadge request={request} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <div style={{ maxWidth: "22rem", whiteSpace: "normal" }}>{requestSummary(request)}</div>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
            <CursorPagination cursors={cursors} setCursors={setCursors} nextCursor={page?.nextCursor} />
          </BlockStack>
        </Card>
        <AutomaticCard />
      </BlockStack>
    </AppPage>
  );
}
