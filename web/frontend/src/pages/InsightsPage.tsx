import { lazy, Suspense, useEffect, useState } from "react";
import { useLingui } from "@lingui/react";
import { Banner, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Text } from "@shopify/polaris";
import type { ConsentStatsResponse } from "../../../consent/consent-types";
import { AppPage, LoadingPage } from "../AppPage";
import { PeriodSelect } from "../PeriodSelect";
import { PageError } from "../AppShell";
import { useT } from "../i18n/useT";
import type { MessageId } from "../i18n/i18n";
import { useApi } from "../useApi";

// The chart's code (polaris-viz and d3) is its own chunk, asked for after the page's table has rendered.
const ConsentChart = lazy(() => import("../insights/ConsentChart"));

const SERIES = [
  ["acceptAll", "insights.acceptAll", "#2c6ecb"],
  ["rejectAll", "insights.rejectAll", "#8a8a8a"],
  ["custom", "insights.custom", "#9c6ade"],
  ["gpc", "insights.gpc", "#e0b200"],
] as const satisfies readonly (readonly [string, MessageId, string])[];

/** Consent over time (daily rows kept as receipts arrive), by region, and the retention purge's last run. */
export default function InsightsPage() {
  const t = useT();
  const { i18n } = useLingui();
  const percent = (n: number | null) => (n === null ? "—" : i18n.number(n, { style: "percent", maximumFractionDigits: 0 }));
  const dayLabel = (day: string) => i18n.date(`${day}T00:00:00Z`, { month: "short", day: "numeric", timeZone: "UTC" });
  const [days, setDays] = useState("30");
  const { data, error, loading, reload } = useApi<ConsentStatsResponse>(`/api/consent/stats?days=${days}`);
  // True once the figures and the table are on screen (an effect runs after their commit): only then is
  // the chart rendered, which loads its chunk.
  const [tableShown, setTableShown] = useState(false);
  useEffect(() => {
    if (data) setTableShown(true);
  }, [data]);

  if (error && !data) return <PageError title={t("insights.title")} message={error} onRetry={reload} />;
  const period = <PeriodSelect value={days} onChange={setDays} />;
  if (loading || !data) {
    return <LoadingPage title={t("insights.title")} lines={8} />;
  }
  const { totals, retention } = data;
  const chartData = SERIES.map(([key, name, color]) => ({ name: t(name), color, data: data.days.map((d) => ({ key: dayLabel(d.day), value: d[key] })) }));

  return (
    <AppPage title={t("insights.title")}>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="subdued">
            {t("insights.intro")}
          </Text>
          {period}
        </InlineStack>
        {totals.total === 0 && (
          <Banner tone="info" title={t("insights.emptyTitle")}>
            <p>{t("insights.emptyBody")}</p>
          </Banner>
        )}
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          {[
            [t("insights.choices"), i18n.number(totals.total)],
            [t("insights.consentRate"), percent(totals.consentRate)],
            [t("insights.rejectedAll"), totals.total ? percent(totals.rejectAll / totals.total) : "—"],
            [t("insights.withGpc"), totals.total ? percent(totals.gpc / totals.total) : "—"],
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
                  {t("insights.perDayTitle")}
                </Text>
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("insights.perDayHelp")}
                </Text>
                {/* The chart is for the eye; the table below is its twin for screen readers (and exact figures), so
                    the chart is left out of the accessibility tree and of the tab order (inert). */}
                {/* Its height is fixed, so nothing moves when the chart arrives (no layout shift). */}
                <div style={{ height: 280 }} aria-hidden="true" ref={(element) => element?.setAttribute("inert", "")}>
                  {tableShown && (
                    <Suspense fallback={null}>
                      <ConsentChart data={chartData} hiddenLegendLabel={(count) => t("insights.chartMoreSeries", { count })} />
                    </Suspense>
                  )}
                </div>
                {/* A scrollable region must be reachable by keyboard (axe: scrollable-region-focusable). */}
                {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
                <div style={{ maxHeight: 320, overflow: "auto" }} tabIndex={0} role="region" aria-label={t("insights.perDayTable")}>
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                    headings={[
                      t("insights.day"),
                      t("insights.acceptAll"),
                      t("insights.rejectAll"),
                      t("insights.custom"),
                      t("insights.gpc"),
                      t("insights.total"),
                      t("insights.consentRate"),
                    ]}
                    rows={[...data.days].reverse().map((d) => [
                      // A date Intl wrote in the admin's language: not for a browser's translator.
                      <time key={d.day} dateTime={d.day} translate="no">
                        {dayLabel(d.day)}
                      </time>,
                      d.acceptAll,
                      d.rejectAll,
                      d.custom,
                      d.gpc,
                      d.total,
                      percent(d.consentRate),
                    ])}
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
                    {t("insights.byRegion")}
                  </Text>
                  {data.regions.length === 0 ? (
                    <Text as="p" tone="subdued">
                      {t("insights.byRegionEmpty")}
                    </Text>
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "numeric", "numeric"]}
                      headings={[t("insights.region"), t("insights.regionChoices"), t("insights.regionConsentRate")]}
                      rows={data.regions.map((r) => [
                        r.region ? <span translate="no">{r.region}</span> : t("insights.regionUnknown"),
                        r.total,
                        percent(r.consentRate),
                      ])}
                    />
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("insights.retention")}
                  </Text>
                  <Text as="p">{t("insights.retentionKept", { months: retention.months })}</Text>
                  <Text as="p" tone="subdued">
                    {retention.lastRunAt
                      ? t("insights.retentionLastPurge", {
                          date: i18n.date(retention.lastRunAt, { dateStyle: "medium", timeStyle: "short" }),
                          count: retention.lastDeleted ?? 0,
                        })
                      : t("insights.retentionNotRun")}
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
