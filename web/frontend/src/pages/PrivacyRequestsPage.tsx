import { useCallback, useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, Checkbox, EmptyState, IndexTable, InlineStack, Link, Select, SkeletonBodyText, Text } from "@shopify/polaris";
import type { PrivacyCentreSettings, RequestList, RequestView } from "../../../privacy-centre/merchant-types";
import { apiFetch } from "../api";
import { CursorPagination } from "../CursorPagination";
import { AppPage } from "../AppPage";
import { DueDate, requestSummary, SOURCE_LABEL, StatusBadge, TOPIC_LABEL, TYPE_LABEL } from "../requests/request-format";
import type { MessageId } from "../i18n/i18n";
import { useT, type Translate } from "../i18n/useT";
import { useApi } from "../useApi";

const SOURCES: Array<{ label: MessageId; value: string }> = [
  { label: "requests.filterAnySource", value: "" },
  { label: "requests.filterSourceShopper", value: "shopper" },
  { label: "requests.filterSourceShopify", value: "shopify" },
];
const TYPES: Array<{ label: MessageId; value: string }> = [
  { label: "requests.filterAnyType", value: "" },
  ...Object.entries(TYPE_LABEL).map(([value, label]) => ({ label, value })),
];
const STATUSES: Array<{ label: MessageId; value: string }> = [
  { label: "requests.filterAnyStatus", value: "" },
  { label: "requests.statusAwaitingMerchant", value: "awaiting_merchant" },
  { label: "requests.statusReceived", value: "received" },
  { label: "requests.statusProcessing", value: "processing" },
  { label: "requests.statusWaitingShopify", value: "waiting_shopify" },
  { label: "requests.statusCompleted", value: "completed" },
  { label: "requests.statusDeclined", value: "declined" },
  { label: "requests.statusCancelled", value: "cancelled" },
  { label: "requests.statusFailed", value: "failed" },
  { label: "requests.filterStatusUnverified", value: "unverified" },
];
const DUE: Array<{ label: MessageId; value: string }> = [
  { label: "requests.filterAnyDue", value: "" },
  { label: "requests.filterOverdue", value: "overdue" },
  { label: "requests.filterDueSoon", value: "dueSoon" },
];

const AUTOMATIC: Array<{ key: keyof PrivacyCentreSettings; label: MessageId; help: MessageId }> = [
  { key: "autoAccess", label: TYPE_LABEL.access, help: "requests.automaticAccessHelp" },
  { key: "autoDeletion", label: TYPE_LABEL.deletion, help: "requests.automaticDeletionHelp" },
  { key: "autoOptOut", label: TYPE_LABEL.opt_out, help: "requests.automaticOptOutHelp" },
  { key: "autoCorrection", label: TYPE_LABEL.correction, help: "requests.automaticCorrectionHelp" },
];

/** A Select's options, their labels in the admin's language. */
const options = (t: Translate, list: Array<{ label: MessageId; value: string }>) => list.map(({ label, value }) => ({ label: t(label), value }));

/** "Carry out verified requests automatically": one switch per type, each saved as it changes. */
function AutomaticCard() {
  const t = useT();
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
      shopify.toast.show(t("requests.saved"));
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
          {t("requests.automaticTitle")}
        </Text>
        <Text as="p" tone="subdued">
          {t("requests.automaticBody")}
        </Text>
        {error && !data && (
          <Banner tone="critical" title={t("requests.settingsLoadError")} action={{ content: t("page.retry"), onAction: reload }}>
            <p>{error}</p>
          </Banner>
        )}
        {loading && !data && <SkeletonBodyText lines={4} />}
        {saveError && (
          <Banner tone="critical" title={t("requests.notSaved")} onDismiss={() => setSaveError(undefined)}>
            <p>{saveError}</p>
          </Banner>
        )}
        {data && (
          <BlockStack gap="200">
            {AUTOMATIC.map(({ key, label, help }) => (
              <Checkbox
                key={key}
                label={t(label)}
                helpText={t(help)}
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
  const t = useT();
  if (request.shopifyCustomer) return <Text as="span">{t("requests.customerCell", { id: request.shopifyCustomer.id })}</Text>;
  return (
    <Text as="span" tone="subdued">
      {request.customer ??
        (request.topic === "shop/redact"
          ? t("requests.customerCellWholeShop")
          : request.source === "shopper"
            ? t("requests.customerCellGuest")
            : t("requests.customerCellNoneNamed"))}
    </Text>
  );
}

/** Privacy requests from shoppers (the privacy page) and Shopify (compliance webhooks), by due date, each with its legal clock. */
export default function PrivacyRequestsPage() {
  const t = useT();
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
    <AppPage title={t("requests.title")}>
      <BlockStack gap="400">
        <Card padding="0">
          <BlockStack gap="0">
            <div style={{ padding: "var(--p-space-400)" }}>
              <BlockStack gap="300">
                <Text as="p" tone="subdued">
                  {t("requests.intro")}
                </Text>
                <InlineStack gap="300" blockAlign="end" wrap>
                  <Select label={t("requests.fieldSource")} options={options(t, SOURCES)} value={source} onChange={(v) => filter("source", v)} />
                  <Select label={t("requests.fieldType")} options={options(t, TYPES)} value={type} onChange={(v) => filter("type", v)} />
                  <Select label={t("requests.fieldStatus")} options={options(t, STATUSES)} value={status} onChange={(v) => filter("status", v)} />
                  <Select label={t("requests.fieldDue")} options={options(t, DUE)} value={due} onChange={(v) => filter("due", v)} />
                </InlineStack>
                {error && (
                  <Banner tone="critical" title={t("requests.loadError")} action={{ content: t("page.retry"), onAction: load }}>
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
              <EmptyState heading={filtered ? t("requests.emptyFilteredTitle") : t("requests.emptyTitle")} image="">
                <p>{t("requests.emptyBody")}</p>
              </EmptyState>
            )}
            {requests && requests.length > 0 && (
              <IndexTable
                resourceName={{ singular: t("requests.resourceSingular"), plural: t("requests.resourcePlural") }}
                itemCount={requests.length}
                selectable={false}
                headings={[
                  { title: t("requests.fieldRequest") },
                  { title: t("requests.fieldSource") },
                  { title: t("requests.fieldCustomer") },
                  { title: t("requests.fieldLaw") },
                  { title: t("requests.fieldDue") },
                  { title: t("requests.fieldStatus") },
                  { title: t("requests.fieldWhatWasDone") },
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
                            {t(TOPIC_LABEL[request.topic])}
                          </Text>
                        </Link>
                      </span>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{t(SOURCE_LABEL[request.source])}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <CustomerCell request={request} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>{request.lawName ?? t("requests.lawShopify30Days")}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <DueDate request={request} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <StatusBadge request={request} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <div style={{ maxWidth: "22rem", whiteSpace: "normal" }}>{requestSummary(t, request)}</div>
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
