import { useId, useState } from "react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Trans, useLingui } from "@lingui/react";
import type { I18n } from "@lingui/core";
import { Badge, Banner, BlockStack, Card, InlineGrid, InlineStack, Link, List, Select, Text } from "@shopify/polaris";
import type {
  AssignableCategory,
  LeakConsent,
  LeakEntity,
  LeakReport,
  ReportOnlyResponse,
  StorefrontWrite,
  TrackerChoiceRequest,
  TrackerChoiceResponse,
} from "../../../leaks/leak-types";
import { AppPage, LoadingPage } from "../AppPage";
import { PeriodSelect } from "../PeriodSelect";
import { PageError } from "../AppShell";
import { apiFetch, ApiError } from "../api";
import { useApi } from "../useApi";
import { Switch } from "../leaks/Switch";
import { dataValue, type MessageId } from "../i18n/i18n";
import { useT, type Translate } from "../i18n/useT";

const DOCS = {
  customerPrivacy: "https://shopify.dev/docs/api/customer-privacy",
  pixelPrivacy: "https://shopify.dev/docs/api/web-pixels-api/pixel-privacy",
  customPixels: "https://help.shopify.com/en/manual/promoting-marketing/pixels/custom-pixels/code",
  appPixels: "https://help.shopify.com/en/manual/promoting-marketing/pixels/app-pixels",
};

const NEEDS: Record<LeakConsent, { label: MessageId; tone?: "critical" | "warning" | "attention" | "info" }> = {
  marketing: { label: "leaks.needsMarketing", tone: "critical" },
  analytics: { label: "leaks.needsAnalytics", tone: "critical" },
  preferences: { label: "leaks.needsPreferences", tone: "warning" },
  loads_others: { label: "leaks.needsLoadsOthers", tone: "attention" },
  unknown: { label: "leaks.needsUnknown", tone: "info" },
  none: { label: "leaks.needsNone" },
};

/** The categories a merchant can make an unrecognised tracker wait for. */
const ASSIGNABLE: readonly AssignableCategory[] = ["marketing", "analytics", "preferences"];
const CODE_OF: Record<AssignableCategory, "m" | "a" | "p"> = { marketing: "m", analytics: "a", preferences: "p" };
/** The option that makes an unrecognised tracker wait for each category. */
const WAITS_FOR_OPTION: Record<AssignableCategory, MessageId> = {
  marketing: "leaks.optionWaitsMarketing",
  analytics: "leaks.optionWaitsAnalytics",
  preferences: "leaks.optionWaitsPreferences",
};
/** The codes the storefront holds a tracker with (m, a, p; t: analytics or marketing), which the messages select on. */
const WAIT_CODES: ReadonlySet<string> = new Set(["m", "a", "p", "t"]);
const CONSENT_CODE: Partial<Record<LeakConsent, string>> = { marketing: "m", analytics: "a", preferences: "p", loads_others: "t" };

/**
 * The consent a tracker waits for when it waits, as the code the messages' `{consent, select, …}` takes:
 * the storefront's code, else its classification's, else "other" (consent in general).
 */
const waitsFor = (leak: LeakEntity) => [leak.code, CONSENT_CODE[leak.consent]].find((code) => code && WAIT_CODES.has(code)) ?? "other";

/** What to do about a tracker that loads before consent and is not held. */
function advice(leak: LeakEntity, t: Translate) {
  if (leak.consent === "loads_others") return t("leaks.adviceTagManager");
  if (leak.consent === "unknown") return t("leaks.adviceUnknown");
  return t("leaks.adviceTheme", { tracker: leak.entity, permission: leak.consent });
}

/** Dates, shares and visit counts in the admin's language. */
function formats(i18n: I18n, t: Translate) {
  return {
    date: (iso: string) => i18n.date(iso, { dateStyle: "medium" }),
    percent: (share: number) =>
      share < 0.01 && share > 0 ? `<${i18n.number(0.01, { style: "percent" })}` : i18n.number(share, { style: "percent", maximumFractionDigits: 0 }),
    visits: (count: number) => t("leaks.visitCount", { count }),
  };
}

/** A message whose `<0>…</0>`, `<1>…</1>` are links to `urls` (in that order), opened in a new tab. */
function LinkedText({ id, urls }: { id: MessageId; urls: string[] }) {
  return <Trans id={id} components={Object.fromEntries(urls.map((url, i) => [i, <Link key={url} url={url} target="_blank" />]))} />;
}

/** What the storefront does with a tracker after this choice, as the page shows it before the server answers. */
function chosen(leak: LeakEntity, choice: TrackerChoiceRequest): LeakEntity {
  if (choice.decision === "necessary") return { ...leak, decision: "necessary", code: leak.assignable ? null : "n" };
  if (choice.category) return { ...leak, decision: "wait", consent: choice.category, code: CODE_OF[choice.category] };
  return { ...leak, decision: "wait", code: (CONSENT_CODE[leak.consent] ?? leak.code) as LeakEntity["code"] };
}

/** The tracker as the server stored the choice. */
const answered = (leak: LeakEntity, answer: TrackerChoiceResponse): LeakEntity => ({
  ...leak,
  choice: { updatedAt: new Date().toISOString(), updatedBy: leak.choice?.updatedBy ?? null },
  decision: answer.decision,
  code: answer.code,
  ...(answer.category && { consent: answer.category }),
});

function TrackerCard({
  leak,
  observedVisits,
  reportOnly,
  saving,
  onChoose,
}: {
  leak: LeakEntity;
  observedVisits: number;
  reportOnly: boolean;
  saving: boolean;
  onChoose: (choice: TrackerChoiceRequest) => void;
}) {
  const t = useT();
  const { i18n } = useLingui();
  const { date, percent, visits } = formats(i18n, t);
  const id = useId();
  const waits = leak.decision === "wait";
  const assigned = waits ? ASSIGNABLE.find((c) => c === leak.consent) : undefined;
  return (
    <section aria-labelledby={id}>
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            {/* A tracker's and its company's names are names: translate="no". */}
            <Text as="h2" variant="headingMd" id={id}>
              <span translate="no">{leak.entity}</span>
            </Text>
            {leak.company && leak.company !== leak.entity && (
              <Text as="span" tone="subdued">
                <span translate="no">{leak.company}</span>
              </Text>
            )}
            <Badge tone={NEEDS[leak.consent].tone}>{t(NEEDS[leak.consent].label)}</Badge>
            {leak.broken > 0 && <Badge tone="warning">{t("leaks.mayBeBroken", { percent: percent(leak.brokenShare) })}</Badge>}
          </InlineStack>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {reportOnly ? t("leaks.wouldHaveBeenHeld") : t("leaks.heldUntilConsent")}
              </Text>
              <Text as="p">
                {leak.held > 0
                  ? leak.heldSince
                    ? t("leaks.heldVisitsSince", { count: leak.held, date: date(leak.heldSince) })
                    : visits(leak.held)
                  : waits
                    ? t("leaks.notHeldYet")
                    : t("leaks.notHeldNecessary")}
              </Text>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {t("leaks.leaked")}
              </Text>
              <Text as="p">
                {leak.visits > 0
                  ? t("leaks.leakedVisits", {
                      visits: i18n.number(leak.visits),
                      count: observedVisits,
                      percent: percent(leak.share),
                      firstSeen: date(leak.firstSeen),
                      lastSeen: date(leak.lastSeen),
                    })
                  : t("leaks.neverLeaked")}
              </Text>
            </BlockStack>
          </InlineGrid>
          {leak.assignable ? (
            <Select
              label={t("leaks.categoryLabel", { tracker: leak.entity })}
              options={[{ label: t("leaks.optionNecessary"), value: "necessary" }, ...ASSIGNABLE.map((c) => ({ label: t(WAITS_FOR_OPTION[c]), value: c }))]}
              value={assigned ?? "necessary"}
              disabled={saving}
              helpText={t("leaks.categoryHelp")}
              onChange={(value) => onChoose(value === "necessary" ? { decision: "necessary" } : { decision: "wait", category: value as AssignableCategory })}
            />
          ) : (
            <Switch
              label={t("leaks.waitsSwitch")}
              context={id}
              checked={waits}
              disabled={saving}
              state={
                !waits
                  ? t("leaks.waitsStateNecessary")
                  : reportOnly
                    ? t("leaks.waitsStateReportOnly", { consent: waitsFor(leak) })
                    : t("leaks.waitsStateHeld", { consent: waitsFor(leak) })
              }
              onChange={(wait) => onChoose({ decision: wait ? "wait" : "necessary" })}
            />
          )}
          <Text as="p" variant="bodySm" tone="subdued">
            {leak.choice
              ? t("leaks.choiceSaved", { date: date(leak.choice.updatedAt) })
              : leak.assignable
                ? t("leaks.choicePurposeUnknown")
                : t("leaks.choiceDefault", { consent: waitsFor(leak) })}
          </Text>
          {leak.broken > 0 && <Text as="p">{t("leaks.brokenAdvice", { count: leak.broken, percent: percent(leak.brokenShare) })}</Text>}
          {(leak.hosts.length > 0 || leak.cookies.length > 0) && (
            <Text as="p" tone="subdued">
              {t("leaks.seenAs", {
                list: new Intl.ListFormat(i18n.locale, { type: "unit", style: "short" }).format([
                  ...leak.hosts.map((host) => t("leaks.seenHost", { host: dataValue(host) })),
                  ...leak.cookies.map((cookie) => t("leaks.seenCookie", { cookie: dataValue(cookie) })),
                ]),
              })}
            </Text>
          )}
          {leak.visits > 0 && !waits && <Text as="p">{advice(leak, t)}</Text>}
        </BlockStack>
      </Card>
    </section>
  );
}

/**
 * Trackers seen on shoppers' first visits, from what their own browsers saw (names only): held until
 * consent, or leaked (loaded before the choice), with the merchant's choice per tracker and "report only".
 */
export default function LeaksPage() {
  const t = useT();
  const shopify = useAppBridge();
  const [days, setDays] = useState("30");
  const { data, setData, error, loading, reload } = useApi<LeakReport>(`/api/consent/leaks?days=${days}`);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  // Why the last choice saved has not reached the storefront yet (undefined once a write succeeds).
  const [unwritten, setUnwritten] = useState<string>();
  if (error && !data) return <PageError title={t("leaks.title")} message={error} onRetry={reload} />;
  if (loading || !data) return <LoadingPage title={t("leaks.title")} lines={8} />;

  const mark = (key: string, on: boolean) =>
    setSaving((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  /**
   * Shows a change at once and sends it; when it fails, `revert` puts back what it changed (other changes
   * made meanwhile stay) and an error toast says so.
   */
  async function optimistic<T>(
    key: string,
    apply: (report: LeakReport) => LeakReport,
    revert: (report: LeakReport, before: LeakReport) => LeakReport,
    send: () => Promise<T>,
    done: (answer: T) => void,
  ) {
    const before = data!;
    setData((current) => current && apply(current));
    mark(key, true);
    try {
      done(await send());
    } catch (e) {
      setData((current) => current && revert(current, before));
      shopify.toast.show(e instanceof ApiError ? t("leaks.notSaved", { reason: e.message }) : t("leaks.notSavedUnreachable"), { isError: true });
    } finally {
      mark(key, false);
    }
  }

  const choose = (leak: LeakEntity, choice: TrackerChoiceRequest) =>
    void optimistic(
      leak.entity,
      (report) => ({ ...report, leaks: report.leaks.map((l) => (l.entity === leak.entity ? chosen(l, choice) : l)) }),
      (report, before) => ({
        ...report,
        leaks: report.leaks.map((l) => (l.entity === leak.entity ? (before.leaks.find((b) => b.entity === l.entity) ?? l) : l)),
      }),
      () => apiFetch<TrackerChoiceResponse>(`/api/consent/trackers/${encodeURIComponent(leak.entity)}`, { method: "PUT", json: choice }),
      (answer) => {
        setData((report) => report && { ...report, leaks: report.leaks.map((l) => (l.entity === leak.entity ? answered(l, answer) : l)) });
        const values = { tracker: leak.entity };
        if (answer.decision === "wait") toastSaved(answer.storefront, t("leaks.toastWaits", values), t("leaks.toastWaitsNotYet", values));
        else toastSaved(answer.storefront, t("leaks.toastNecessary", values), t("leaks.toastNecessaryNotYet", values));
      },
    );
  const setReportOnly = (reportOnly: boolean) =>
    void optimistic(
      "reportOnly",
      (report) => ({ ...report, reportOnly }),
      (report, before) => ({ ...report, reportOnly: before.reportOnly }),
      () => apiFetch<ReportOnlyResponse>("/api/consent/trackers-report-only", { method: "PUT", json: { reportOnly } }),
      (answer) => {
        setData((report) => report && { ...report, reportOnly: answer.reportOnly });
        if (answer.reportOnly) toastSaved(answer.storefront, t("leaks.toastReportOnlyOn"), t("leaks.toastReportOnlyOnNotYet"));
        else toastSaved(answer.storefront, t("leaks.toastReportOnlyOff"), t("leaks.toastReportOnlyOffNotYet"));
      },
    );
  /**
   * The toast after a save: `written`, the choice reached the storefront; `notYet`, it is saved and still on
   * its way.
   */
  const toastSaved = (storefront: StorefrontWrite, written: string, notYet: string) => {
    setUnwritten(storefront.written ? undefined : (storefront.error ?? t("leaks.shopifyRefused")));
    if (storefront.written) shopify.toast.show(written);
    else shopify.toast.show(notYet, { duration: 10_000 });
  };

  const leaked = data.leaks.filter((leak) => leak.visits > 0);
  const held = data.leaks.filter((leak) => leak.held > 0);
  return (
    <AppPage title={t("leaks.title")}>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="subdued">
            {t("leaks.intro", { count: data.observedVisits })}
          </Text>
          <PeriodSelect value={days} onChange={setDays} />
        </InlineStack>
        <Card>
          <BlockStack gap="200">
            <Switch
              label={t("leaks.reportOnly")}
              checked={data.reportOnly}
              disabled={saving.has("reportOnly")}
              state={data.reportOnly ? t("leaks.reportOnlyStateOn") : t("leaks.reportOnlyStateOff")}
              onChange={setReportOnly}
            />
            <Text as="p" tone="subdued">
              {t("leaks.reportOnlyHelp")}
            </Text>
          </BlockStack>
        </Card>
        {unwritten && (
          <Banner tone="warning" title={t("leaks.unwrittenTitle")} onDismiss={() => setUnwritten(undefined)}>
            <p>{t("leaks.unwrittenBody", { reason: unwritten.replace(/\.$/, "") })}</p>
          </Banner>
        )}
        {data.observedVisits === 0 ? (
          <Banner tone="info" title={t("leaks.noVisitsTitle")}>
            <p>{t("leaks.noVisitsBody")}</p>
          </Banner>
        ) : leaked.length === 0 ? (
          <Banner tone="success" title={t("leaks.noLeaksTitle", { count: data.observedVisits })}>
            <p>{held.length > 0 ? t("leaks.noLeaksBodyHeld", { count: held.length }) : t("leaks.noLeaksBody")}</p>
          </Banner>
        ) : (
          <Banner tone="warning" title={t("leaks.leakedTitle", { count: leaked.length })}>
            <p>{t("leaks.leakedBody")}</p>
          </Banner>
        )}
        {data.leaks.map((leak) => (
          <TrackerCard
            key={leak.entity}
            leak={leak}
            observedVisits={data.observedVisits}
            reportOnly={data.reportOnly}
            saving={saving.has(leak.entity)}
            onChoose={(choice) => choose(leak, choice)}
          />
        ))}
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("leaks.howToTitle")}
            </Text>
            <List>
              <List.Item>{t("leaks.howToHeld")}</List.Item>
              <List.Item>
                <LinkedText id="leaks.howToAppPixels" urls={[DOCS.appPixels, DOCS.pixelPrivacy]} />
              </List.Item>
              <List.Item>
                <LinkedText id="leaks.howToCustomPixel" urls={[DOCS.customPixels]} />
              </List.Item>
              <List.Item>
                <LinkedText id="leaks.howToCustomerPrivacy" urls={[DOCS.customerPrivacy]} />
              </List.Item>
            </List>
          </BlockStack>
        </Card>
      </BlockStack>
    </AppPage>
  );
}
