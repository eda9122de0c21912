import { lazy, Suspense, useEffect, useState } from "react";
import { Banner, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Text } from "@shopify/polaris";
import type { ConsentStatsResponse } from "../../../consent/consent-types";
import { AppPage, LoadingPage } from "../AppPage";
import { PeriodSelect } from "../PeriodSelect";
import { PageError } from "../AppShell";
import { useApi } from "../useApi";

// The chart's code (polaris-viz and d3) is its own chunk, asked for after the page's table has rendered.
const ConsentChart = lazy(() => import("../insights/ConsentChart"));

const percent = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)}%`);
const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const SERIES = [
  ["acceptAll", "Accept all", "#2c6ecb"],
  ["rejectAll", "Reject all", "#8a8a8a"],
  ["custom", "Custom", "#9c6ade"],
  ["gpc", "GPC", "#e0b200"],
] as const;

/** Consent over time (daily rows kept as receipts arrive), by region, and the retention purge's last run. */
export default function InsightsPage() {
  const [days, setDays] = useState("30");
  const { data, error, loading, reload } = useApi<ConsentStatsResponse>(`/api/consent/stats?days=${days}`);
  // True once the figures and the table are on screen (an effect runs after their commit): only then is
  // the chart rendered, which loads its chunk.
  const [tableShown, setTableShown] = useState(false);
  useEffect(() => {
    if (data) setTableShown(true);
  }, [data]);

  if (error && !data) return <PageError title="Consent insights" message={error} onRetry={reload} />;
  const period = <PeriodSelect value={days} onChange={setDays} />;
  if (loading || !data) {
    return <LoadingPage title="Consent insights" lines={8} />;
  }
  const { totals, retention } = data;
  const chartData = SERIES.map(([key, name, color]) => ({ name, color, data: data.days.map((d) => ({ key: dayLabel(d.day), value: d[key] })) }));

  return (
    <AppPage title="Consent insights">
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="subdued">
            Every choice shoppers made in your banner, from the receipts this app keeps.
          </Text>
          {period}
        </InlineStack>
        {totals.total === 0 && (
          <Banner tone="info" title="No choices in this period">
            <p>
              Open your store in a region that asks for consent (or choose "To every visitor" on the Banner page), make a choice in the banner, and it shows
              here.
            </p>
          </Banner>
        )}
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          {[
            ["Choices", totals.total.toLocaleString()],
            ["Consent rate", percent(totals.consentRate)],
            ["Rejected all", totals.total ? percent(totals.rejectAll / totals.total) : "—"],
            ["With GPC", totals.total ? percent(totals.gpc / totals.total) : "—"],
          ].map(([label, value]) => (
            <Card key={label}>
              <BlockStack gap="100">
                <Text as="h2" variant="headingSm" tone="subdued">
                  {label}
                </Text>
                <Text as="p" variant="headingXl">
                  {value}
                </Text>
              </BlockStack>
            </Card>
          ))}
        </InlineGrid>
        <Layout>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Choices per day
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  Consent rate: the share of choices that allowed both analytics and marketing. The table below the chart holds the same figures.
                </Text>
                {/* The chart is for the eye; the table below is its twin for screen readers (and exact figures), so
                    the chart is left out of the accessibility tree and of the tab order (inert). */}
                {/* Its height is fixed, so nothing moves when the chart arrives (no layout shift). */}
                <div style={{ height: 280 }} aria-hidden="true" ref={(element) => element?.setAttribute("inert", "")}>
                  {tableShown && (
                    <Suspense fallback={null}>
                      <ConsentChart data={chartData} />
                    </Suspense>
                  )}
                </div>
                {/* A scrollable region must be reachable by keyboard (axe: scrollable-region-focusable). */}
                {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
                <div style={{ maxHeight: 320, overflow: "auto" }} tabIndex={0} role="region" aria-label="Choices per day, as a table">
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={["Day", "Accept all", "Reject all", "Custom", "GPC", "Total", "Consent rate"]}
                    rows={[...data.days].reverse().map((d) => [dayLabel(d.day), d.acceptAll, d.rejectAll, d.custom, d.gpc, d.total, percent(d.consentRate)])}
                    totals={["", totals.acceptAll, totals.rejectAll, totals.custom, totals.gpc, totals.total, percent(totals.consentRate)]}
                    showTotalsInFooter
                    increasedTableDensity
                  />
                </div>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    By region
                  </Text>
                  {data.regions.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No choices yet.
                    </Text>
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric"]}
                      headings={["Region", "Choices", "Consent rate"]}
                      rows={data.regions.map((r) => [r.region || "Unknown", r.total, percent(r.consentRate)])}
                    />
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Retention
                  </Text>
                  <Text as="p">Receipts are kept {retention.months} months, then deleted (Banner › Consent records).</Text>
                  <Text as="p" tone="subdued">
                    {retention.lastRunAt
                      ? `Last purge ${new Date(retention.lastRunAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}: ${retention.lastDeleted?.toLocaleString() ?? 0} receipts removed.`
                      : "The daily purge has not run yet."}
                  </Text>
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </AppPage>
  );
}
