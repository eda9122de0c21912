import { useCallback, useEffect, useState } from "react";
import { useLingui } from "@lingui/react";
import { Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, SkeletonBodyText, Text, TextField } from "@shopify/polaris";
import type { ExportLinkResponse, ReceiptLogResponse } from "../../../consent/consent-types";
import { apiFetch } from "../api";
import { CursorPagination } from "../CursorPagination";
import { AppPage } from "../AppPage";
import type { MessageId } from "../i18n/i18n";
import { useT } from "../i18n/useT";

const METHOD: Record<string, MessageId> = {
  accept_all: "consentLog.methodAcceptAll",
  reject_all: "consentLog.methodRejectAll",
  custom: "consentLog.methodCustom",
  gpc: "consentLog.methodGpc",
};
/** The consent categories a receipt allows or refuses (Shopify's Customer Privacy API names). */
const CATEGORY: Record<string, MessageId> = {
  preferences: "consentLog.categoryPreferences",
  analytics: "consentLog.categoryAnalytics",
  marketing: "consentLog.categoryMarketing",
  sale_of_data: "consentLog.categorySaleOfData",
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The receipt log: every recorded choice, newest first, searchable, and the CSV export of all of them. */
export default function ConsentLogPage() {
  const t = useT();
  const { i18n } = useLingui();
  const when = (iso: string) => i18n.date(iso, { dateStyle: "medium", timeStyle: "medium" });
  const categories = (names: string[]) =>
    names.length === 0
      ? "—"
      : new Intl.ListFormat(i18n.locale, { type: "unit", style: "short" }).format(names.map((name) => (CATEGORY[name] ? t(CATEGORY[name]) : name)));
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<ReceiptLogResponse>();
  const [error, setError] = useState<string>();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string>();

  const cursor = cursors.at(-1);
  const load = useCallback(() => {
    setError(undefined);
    const params = new URLSearchParams({ ...(search && { q: search }), ...(cursor && { cursor }) });
    apiFetch<ReceiptLogResponse>(`/api/consent/receipts?${params}`).then(setPage, (e: Error) => setError(e.message));
  }, [search, cursor]);
  useEffect(load, [load]);

  const runSearch = () => {
    setCursors([]);
    setPage(undefined);
    setSearch(query.trim());
  };
  const exportCsv = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      const link = await apiFetch<ExportLinkResponse>("/api/consent/receipts/export", { method: "POST", json: { ...(from && { from }), ...(to && { to }) } });
      // A plain download (no session token): the link itself is signed, for one minute.
      const anchor = Object.assign(document.createElement("a"), { href: link.url, download: "" });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (e) {
      setExportError((e as Error).message);
    } finally {
      setExporting(false);
    }
  };
  const rangeError =
    (from && !DATE.test(from)) || (to && !DATE.test(to))
      ? t("consentLog.dateFormatError")
      : from && to && from > to
        ? t("consentLog.dateOrderError")
        : undefined;

  return (
    <AppPage title={t("consentLog.title")}>
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              {t("consentLog.exportTitle")}
            </Text>
            <Text as="p" tone="subdued">
              {t("consentLog.exportBody")}
            </Text>
            <InlineStack gap="300" blockAlign="end" wrap>
              <TextField label={t("consentLog.from")} type="date" value={from} onChange={setFrom} autoComplete="off" />
              <TextField label={t("consentLog.to")} type="date" value={to} onChange={setTo} autoComplete="off" error={rangeError} />
              <Button onClick={exportCsv} loading={exporting} disabled={Boolean(rangeError)}>
                {t("consentLog.download")}
              </Button>
            </InlineStack>
            {exportError && (
              <Banner tone="critical" onDismiss={() => setExportError(undefined)}>
                <p>{exportError}</p>
              </Banner>
            )}
          </BlockStack>
        </Card>
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400)" }}>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                runSearch();
              }}
            >
              <InlineStack gap="300" blockAlign="end" wrap>
                <div style={{ flex: "1 1 16rem" }}>
                  <TextField
                    label={t("consentLog.findLabel")}
                    value={query}
                    onChange={setQuery}
                    placeholder={t("consentLog.findPlaceholder")}
                    autoComplete="off"
                    clearButton
                    onClearButtonClick={() => {
                      setQuery("");
                      setCursors([]);
                      setSearch("");
                    }}
                  />
                </div>
                <Button submit>{t("consentLog.search")}</Button>
              </InlineStack>
            </form>
          </div>
          {error && (
            <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
              <Banner tone="critical" title={t("consentLog.loadError")} action={{ content: t("page.retry"), onAction: load }}>
                <p>{error}</p>
              </Banner>
            </div>
          )}
          {!page && !error && (
            <div style={{ padding: "var(--p-space-400)" }}>
              <SkeletonBodyText lines={5} />
            </div>
          )}
          {page && page.receipts.length === 0 && (
            <EmptyState heading={search ? t("consentLog.noMatchTitle", { search }) : t("consentLog.emptyTitle")} image="">
              <p>{search ? t("consentLog.noMatchBody") : t("consentLog.emptyBody")}</p>
            </EmptyState>
          )}
          {page && page.receipts.length > 0 && (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "text", "numeric", "text", "text"]}
              headings={[
                t("consentLog.columnRecorded"),
                t("consentLog.columnConsentId"),
                t("consentLog.columnCustomer"),
                t("consentLog.columnMethod"),
                t("consentLog.columnAllowed"),
                t("consentLog.columnRefused"),
                t("consentLog.columnRevision"),
                t("consentLog.columnRegion"),
                t("consentLog.columnTextHash"),
              ]}
              rows={page.receipts.map((r) => [
                when(r.recordedAt),
                // The ids a search matches: Shopify's consent id of the visitor, and the logged-in customer's id.
                <Text key="consent" as="span" breakWord>
                  <span translate="no">{r.consentId ?? "—"}</span>
                </Text>,
                r.customerId ? t("consentLog.customer", { id: r.customerId }) : t("consentLog.notLoggedIn"),
                METHOD[r.method] ? t(METHOD[r.method]!) : r.method,
                categories(r.granted),
                categories(r.denied),
                r.revision,
                // Codes, not words: translate="no".
                <span key="region" translate="no">
                  {r.region ?? "—"}
                </span>,
                <Text key="hash" as="span" tone="subdued" breakWord>
                  <abbr title={r.textHash} translate="no">
                    {r.textHash.slice(0, 10)}…
                  </abbr>
                </Text>,
              ])}
              increasedTableDensity
            />
          )}
          <CursorPagination cursors={cursors} setCursors={setCursors} nextCursor={page?.nextCursor} />
        </Card>
      </BlockStack>
    </AppPage>
  );
}
