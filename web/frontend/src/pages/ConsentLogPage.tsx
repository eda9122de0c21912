import { useCallback, useEffect, useState } from "react";
import { Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineStack, SkeletonBodyText, Text, TextField } from "@shopify/polaris";
import type { ExportLinkResponse, ReceiptLogResponse } from "../../../consent/consent-types";
import { apiFetch } from "../api";
import { CursorPagination } from "../CursorPagination";
import { AppPage } from "../AppPage";

const METHOD: Record<string, string> = { accept_all: "Accept all", reject_all: "Reject all", custom: "Custom", gpc: "Custom (GPC)" };
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The receipt log: every recorded choice, newest first, searchable, and the CSV export of all of them. */
export default function ConsentLogPage() {
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
    (from && !DATE.test(from)) || (to && !DATE.test(to)) ? "Use dates such as 2026-01-31" : from && to && from > to ? "The start is after the end" : undefined;

  return (
    <AppPage title="Consent log">
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Export as CSV
            </Text>
            <Text as="p" tone="subdued">
              Every receipt of your shop (or of a date range): when, how, what was allowed and refused, the policy revision and the hash of the exact text
              shown. Proof of consent you can hand to a regulator or a lawyer.
            </Text>
            <InlineStack gap="300" blockAlign="end" wrap>
              <TextField label="From (optional)" type="date" value={from} onChange={setFrom} autoComplete="off" />
              <TextField label="To (optional)" type="date" value={to} onChange={setTo} autoComplete="off" error={rangeError} />
              <Button onClick={exportCsv} loading={exporting} disabled={Boolean(rangeError)}>
                Download CSV
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
                    label="Find receipts"
                    value={query}
                    onChange={setQuery}
                    placeholder="Consent id or customer id"
                    autoComplete="off"
                    clearButton
                    onClearButtonClick={() => {
                      setQuery("");
                      setCursors([]);
                      setSearch("");
                    }}
                  />
                </div>
                <Button submit>Search</Button>
              </InlineStack>
            </form>
          </div>
          {error && (
            <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
              <Banner tone="critical" title="Could not load the receipts" action={{ content: "Try again", onAction: load }}>
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
            <EmptyState heading={search ? `No receipt for "${search}"` : "No receipts yet"} image="">
              <p>
                {search
                  ? "Search by the consent id Shopify gives each visitor, or by a customer's Shopify id."
                  : "Each choice a shopper makes in your banner is recorded here, with the exact text they saw."}
              </p>
            </EmptyState>
          )}
          {page && page.receipts.length > 0 && (
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "text", "numeric", "text", "text"]}
              headings={["Recorded", "Consent id", "Customer", "Method", "Allowed", "Refused", "Revision", "Region", "Text hash"]}
              rows={page.receipts.map((r) => [
                when(r.recordedAt),
                // The ids a search matches: Shopify's consent id of the visitor, and the logged-in customer's id.
                <Text key="consent" as="span" breakWord>
                  {r.consentId ?? "—"}
                </Text>,
                r.customerId ? `Customer ${r.customerId}` : "Not logged in",
                METHOD[r.method] ?? r.method,
                r.granted.join(", ") || "—",
                r.denied.join(", ") || "—",
                r.revision,
                r.region ?? "—",
                <Text key="hash" as="span" tone="subdued" breakWord>
                  <abbr title={r.textHash}>{r.textHash.slice(0, 10)}…</abbr>
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
