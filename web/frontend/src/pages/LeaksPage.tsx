import { useId, useState } from "react";
import { useAppBridge } from "@shopify/app-bridge-react";
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

const DOCS = {
  customerPrivacy: "https://shopify.dev/docs/api/customer-privacy",
  pixelPrivacy: "https://shopify.dev/docs/api/web-pixels-api/pixel-privacy",
  customPixels: "https://help.shopify.com/en/manual/promoting-marketing/pixels/custom-pixels/code",
  appPixels: "https://help.shopify.com/en/manual/promoting-marketing/pixels/app-pixels",
};

const NEEDS: Record<LeakConsent, { label: string; tone?: "critical" | "warning" | "attention" | "info" }> = {
  marketing: { label: "Needs marketing consent", tone: "critical" },
  analytics: { label: "Needs analytics consent", tone: "critical" },
  preferences: { label: "Needs preferences consent", tone: "warning" },
  loads_others: { label: "Tag manager: loads other tags", tone: "attention" },
  unknown: { label: "Not recognised", tone: "info" },
  none: { label: "Needs no consent" },
};

/** The categories a merchant can make an unrecognised tracker wait for. */
const ASSIGNABLE: readonly AssignableCategory[] = ["marketing", "analytics", "preferences"];
const CODE_OF: Record<AssignableCategory, "m" | "a" | "p"> = { marketing: "m", analytics: "a", preferences: "p" };
/** What a tracker waits for, in words, by the code the storefront holds it with. */
const WAITS_FOR: Record<string, string> = { m: "marketing", a: "analytics", p: "preferences", t: "analytics or marketing" };
const CONSENT_CODE: Partial<Record<LeakConsent, string>> = { marketing: "m", analytics: "a", preferences: "p", loads_others: "t" };

/** The consent a tracker waits for when it waits: the storefront's code, else its classification. */
const waitsFor = (leak: LeakEntity) => WAITS_FOR[leak.code ?? ""] ?? WAITS_FOR[CONSENT_CODE[leak.consent] ?? ""] ?? "consent";

/** What to do about a tracker that loads before consent and is not held. */
function advice(leak: LeakEntity) {
  if (leak.consent === "loads_others")
    return "A tag manager loads other tags. Set its consent mode (this app sends Google Consent Mode when turned on in Banner settings) or move the tags it loads into Shopify's Customer events as custom pixels, so each waits for its consent.";
  if (leak.consent === "unknown")
    return "The app does not know what this tracker does. Check what it is: if it tracks visitors, choose the consent it waits for above, load it through an app or a custom pixel that respects consent, or remove it.";
  return `If ${leak.entity} came from an app, use the app's own pixel (App pixels in Settings › Customer events), which Shopify starts only after consent. If it was pasted into your theme (Online Store › Themes › Edit code, usually layout/theme.liquid), remove it there and add it as a custom pixel with the ${leak.consent} permission instead.`;
}

const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
const percent = (share: number) => `${share < 0.01 && share > 0 ? "<1" : Math.round(share * 100)}%`;
const visitCount = (n: number) => `${n.toLocaleString()} ${n === 1 ? "visit" : "visits"}`;

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
  const id = useId();
  const waits = leak.decision === "wait";
  const assigned = waits ? ASSIGNABLE.find((c) => c === leak.consent) : undefined;
  return (
    <section aria-labelledby={id}>
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd" id={id}>
              {leak.entity}
            </Text>
            {leak.company && leak.company !== leak.entity && (
              <Text as="span" tone="subdued">
                {leak.company}
              </Text>
            )}
            <Badge tone={NEEDS[leak.consent].tone}>{NEEDS[leak.consent].label}</Badge>
            {leak.broken > 0 && <Badge tone="warning">{`May be broken by waiting: ${percent(leak.brokenShare)} of visits`}</Badge>}
          </InlineStack>
          <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {reportOnly ? "Would have been held" : "Held until consent"}
              </Text>
              <Text as="p">
                {leak.held > 0
                  ? `${visitCount(leak.held)}${leak.heldSince ? ` · held since ${date(leak.heldSince)}` : ""}`
                  : waits
                    ? "Not held in any visit yet."
                    : "Not held: it is allowed as necessary."}
              </Text>
            </BlockStack>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                Leaked
              </Text>
              <Text as="p">
                {leak.visits > 0
                  ? `Loaded before the choice in ${leak.visits.toLocaleString()} of ${observedVisits.toLocaleString()} visits (${percent(leak.share)}) · first seen ${date(leak.firstSeen)} · last seen ${date(leak.lastSeen)}`
                  : "Never loaded before the choice."}
              </Text>
            </BlockStack>
          </InlineGrid>
          {leak.assignable ? (
            <Select
              label={`Before consent, ${leak.entity}`}
              options={[
                { label: "Allowed: necessary (loads for every shopper)", value: "necessary" },
                ...ASSIGNABLE.map((c) => ({ label: `Waits for ${c} consent`, value: c })),
              ]}
              value={assigned ?? "necessary"}
              disabled={saving}
              helpText="Choose the consent it waits for if it tracks shoppers: the banner then holds it until they allow that."
              onChange={(value) => onChoose(value === "necessary" ? { decision: "necessary" } : { decision: "wait", category: value as AssignableCategory })}
            />
          ) : (
            <Switch
              label="Waits for consent"
              context={id}
              checked={waits}
              disabled={saving}
              state={
                !waits
                  ? "Allowed: necessary, loads for every shopper before they choose"
                  : reportOnly
                    ? `would be held until the shopper allows ${waitsFor(leak)} (report only: it loads)`
                    : `held until the shopper allows ${waitsFor(leak)}`
              }
              onChange={(wait) => onChoose({ decision: wait ? "wait" : "necessary" })}
            />
          )}
          <Text as="p" variant="bodySm" tone="subdued">
            {leak.choice
              ? `Your choice, saved ${date(leak.choice.updatedAt)}.`
              : leak.assignable
                ? "Its purpose is not known: it loads until you choose the consent it waits for."
                : `The app's default: it needs ${waitsFor(leak)} consent.`}
          </Text>
          {leak.broken > 0 && (
            <Text as="p">
              After shoppers allowed it, it failed to load or threw an error in {visitCount(leak.broken)} ({percent(leak.brokenShare)}). Some tags break when
              they run later than the page: if a form, chat or booking widget stopped working, set it to Allowed: necessary.
            </Text>
          )}
          {(leak.hosts.length > 0 || leak.cookies.length > 0) && (
            <Text as="p" tone="subdued">
              Seen as {[...leak.hosts.map((h) => `host ${h}`), ...leak.cookies.map((c) => `cookie ${c}`)].join(", ")}
            </Text>
          )}
          {leak.visits > 0 && !waits && <Text as="p">{advice(leak)}</Text>}
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
  const shopify = useAppBridge();
  const [days, setDays] = useState("30");
  const { data, setData, error, loading, reload } = useApi<LeakReport>(`/api/consent/leaks?days=${days}`);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  // Why the last choice saved has not reached the storefront yet (undefined once a write succeeds).
  const [unwritten, setUnwritten] = useState<string>();
  if (error && !data) return <PageError title="Consent leaks" message={error} onRetry={reload} />;
  if (loading || !data) return <LoadingPage title="Consent leaks" lines={8} />;

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
      shopify.toast.show(`Not saved: ${e instanceof ApiError ? e.message : "the app could not be reached"}`, { isError: true });
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
        toastSaved(answer.storefront, answer.decision === "wait" ? `${leak.entity} waits for consent` : `${leak.entity} is allowed as necessary`);
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
        toastSaved(answer.storefront, answer.reportOnly ? "Report only is on: nothing is held" : "Report only is off: known trackers wait for consent");
      },
    );
  /** The toast after a save: whether the choice reached the storefront, or is saved and still on its way. */
  const toastSaved = (storefront: StorefrontWrite, what: string) => {
    setUnwritten(storefront.written ? undefined : (storefront.error ?? "Shopify did not accept it"));
    if (storefront.written) shopify.toast.show(`${what} on your storefront`);
    else shopify.toast.show(`${what}: saved, but not on your storefront yet`, { duration: 10_000 });
  };

  const leaked = data.leaks.filter((leak) => leak.visits > 0);
  const held = data.leaks.filter((leak) => leak.held > 0);
  return (
    <AppPage title="Consent leaks">
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="subdued">
            What shoppers' browsers had loaded, or the banner held back, before they chose: {data.observedVisits.toLocaleString()} first visits observed.
          </Text>
          <PeriodSelect value={days} onChange={setDays} />
        </InlineStack>
        <Card>
          <BlockStack gap="200">
            <Switch
              label="Report only"
              checked={data.reportOnly}
              disabled={saving.has("reportOnly")}
              state={data.reportOnly ? "on: nothing is held" : "off: known trackers wait for consent"}
              onChange={setReportOnly}
            />
            <Text as="p" tone="subdued">
              Everything loads, as if the app held nothing back; the report shows what blocking would hold. Use it to try blocking out before shoppers meet it.
            </Text>
          </BlockStack>
        </Card>
        {unwritten && (
          <Banner tone="warning" title="Saved, but not on your storefront yet" onDismiss={() => setUnwritten(undefined)}>
            <p>
              Your choice is saved, but the list of trackers on your storefront is not updated yet ({unwritten.replace(/\.$/, "")}). The app keeps retrying by
              itself; until it succeeds, shoppers' browsers follow the previous choices.
            </p>
          </Banner>
        )}
        {data.observedVisits === 0 ? (
          <Banner tone="info" title="No visits observed yet">
            <p>
              When a shopper makes their first choice in the banner, it reports which third-party hosts and cookies were already there and which it held back
              (names only, never addresses or values). They show here.
            </p>
          </Banner>
        ) : leaked.length === 0 ? (
          <Banner tone="success" title={`No leaks seen in ${data.observedVisits.toLocaleString()} visits`}>
            <p>
              No tracker that needs consent loaded before shoppers chose.
              {held.length > 0 && ` ${held.length} ${held.length === 1 ? "tracker was" : "trackers were"} held until consent.`}
            </p>
          </Banner>
        ) : (
          <Banner tone="warning" title={`${leaked.length} ${leaked.length === 1 ? "tracker" : "trackers"} loaded before shoppers chose`}>
            <p>
              Shopify's Customer Privacy API holds back Shopify's pixels and apps that use it, but not code pasted into a theme. The banner holds back known
              trackers until shoppers allow them; each tracker below with leaked visits ran before consent in some.
            </p>
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
              How to make trackers wait for consent
            </Text>
            <List>
              <List.Item>
                The banner holds back the scripts, frames and pixels of known trackers, and of those you set to wait above, until the shopper allows their
                consent; then they run once, in page order. Your own store, Shopify, payments, captchas and fonts are never held.
              </List.Item>
              <List.Item>
                Prefer apps whose pixels use Shopify's{" "}
                <Link url={DOCS.appPixels} target="_blank">
                  app pixels
                </Link>
                : Shopify loads them only with the permissions they declare (
                <Link url={DOCS.pixelPrivacy} target="_blank">
                  pixel privacy
                </Link>
                ).
              </List.Item>
              <List.Item>
                Move code pasted into your theme to a{" "}
                <Link url={DOCS.customPixels} target="_blank">
                  custom pixel
                </Link>{" "}
                under Settings › Customer events, with the permission it needs.
              </List.Item>
              <List.Item>
                Scripts that must stay in the theme can ask Shopify's{" "}
                <Link url={DOCS.customerPrivacy} target="_blank">
                  Customer Privacy API
                </Link>{" "}
                before they run.
              </List.Item>
            </List>
          </BlockStack>
        </Card>
      </BlockStack>
    </AppPage>
  );
}
