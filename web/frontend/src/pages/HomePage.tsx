import { Fragment, useEffect, useState, type ReactNode } from "react";
import { useLingui } from "@lingui/react";
import { Modal, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, FooterHelp, InlineGrid, InlineStack, Layout, Link, ProgressBar, Text } from "@shopify/polaris";
import type { ConsentRegionDrift, HomeResponse, SetupStatus } from "../../../home/home-types";
import { AppPage, LoadingPage } from "../AppPage";
import { apiFetch } from "../api";
import { PageError } from "../AppShell";
import { embedActivationUrl, POLICIES_URL, useEmbedStatus, type EmbedStatus } from "../home/useEmbedStatus";
import { dataValue } from "../i18n/i18n";
import { useT, type Translate } from "../i18n/useT";
import { useApi } from "../useApi";

/** The app's name (a brand, the same in every language). */
const APP_NAME = "Consent & Compliance";

interface Step {
  id: string;
  title: string;
  done: boolean;
  /** What the step is, and why it matters (BFS 4.2.2: say why each step is asked). */
  body: React.ReactNode;
  action?: React.ReactNode;
}

/** A value's place in a message: the message is formatted with this mark as the value, then split around it. */
const SLOT = "\u0000";
/** A translated sentence with `node` (data, marked translate="no") where its {slot} value stands. */
const withSlot = (text: string, node: ReactNode): ReactNode =>
  text.split(SLOT).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && node}
      {part}
    </Fragment>
  ));

function embedStep(t: Translate, status: EmbedStatus, check: () => void, activationUrl: string): Step {
  const done = status === "active";
  return {
    id: "embed",
    title: t("home.embedTitle"),
    done,
    body: status === "unknown" ? t("home.embedUnknown") : done ? t("home.embedOn") : t("home.embedOff"),
    action: done ? undefined : (
      <InlineStack gap="200">
        <Button variant="primary" url={activationUrl} target="_top">
          {t("home.embedTurnOn")}
        </Button>
        <Button onClick={check}>{t("home.embedCheckAgain")}</Button>
      </InlineStack>
    ),
  };
}

/**
 * Region names in the merchant's language, made on first use: building Intl.DisplayNames loads the
 * locale's region data (a long task on a slow phone), and Home needs it only when it names places.
 */
let regionNames: { locale: string; names: Intl.DisplayNames | undefined } | null = null;
const displayNames = (locale: string) => {
  if (regionNames?.locale !== locale) {
    regionNames = { locale, names: typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(locale, { type: "region" }) : undefined };
  }
  return regionNames.names;
};
/** A place as a merchant reads it: "Germany" for DE; a region of a country ("US-CA") stays a code. */
const placeName = (locale: string, code: string) => (code.includes("-") ? code : (displayNames(locale)?.of(code) ?? code));
/** At most eight places by name, then how many more. */
const placeList = (t: Translate, locale: string, codes: string[]) => {
  const names = codes.map((code) => placeName(locale, code));
  return names.length <= 8 ? names.join(", ") : t("home.placesMore", { places: names.slice(0, 6).join(", "), count: names.length - 6 });
};

/** Shopify's consent regions against where the banner asks: the concrete difference, and what the button does. */
function consentRegionsBody(t: Translate, locale: string, setup: SetupStatus): string {
  const regions = setup.consentRegions;
  if (!regions) return setup.consentRegionsError ?? t("home.privacySettingsUnreadable");
  if (regions.agree) {
    return regions.beyond.length ? t("home.regionsAgreeBeyond", { places: placeList(t, locale, regions.beyond) }) : t("home.regionsAgree");
  }
  const missing = { count: regions.missing.length, places: placeList(t, locale, regions.missing) };
  const lines = [
    regions.noneRequire
      ? regions.everywhere
        ? t("home.regionsNoneEverywhere")
        : t("home.regionsNoneNowhere")
      : regions.everywhere
        ? t("home.regionsMissingAsked", missing)
        : t("home.regionsMissingNotShown", missing),
    t("home.regionsLaw"),
  ];
  if (setup.shopifyBanner?.enabled) lines.push(t("home.regionsBannerFirst"));
  if (regions.unsettable.length) lines.push(t("home.regionsUnsettable", { places: placeList(t, locale, regions.unsettable) }));
  return lines.join(" ");
}

/** What changed in Shopify's consent regions outside the app, as the daily check saw it. */
function driftLines(t: Translate, locale: string, drift: ConsentRegionDrift): string[] {
  const places = (codes: string[]) => ({ places: placeList(t, locale, codes) });
  return [
    drift.consentRemoved.length ? t("home.driftConsentRemoved", places(drift.consentRemoved)) : "",
    drift.consentAdded.length ? t("home.driftConsentAdded", places(drift.consentAdded)) : "",
    drift.optOutRemoved.length ? t("home.driftOptOutRemoved", places(drift.optOutRemoved)) : "",
    drift.optOutAdded.length ? t("home.driftOptOutAdded", places(drift.optOutAdded)) : "",
  ].filter(Boolean);
}

/** The home page: a setup guide that reflects the shop's real state, and what the app has recorded. */
/** A tracker as the home warning names it: "Hotjar (host static.hotjar.com)", so the merchant can find it in the theme. */
const trackerSeenAs = (t: Translate, tracker: { entity: string; hosts: string[]; cookies: string[] }) => {
  const names = [
    ...tracker.hosts.map((host) => t("home.trackerHost", { host: dataValue(host) })),
    ...tracker.cookies.map((cookie) => t("home.trackerCookie", { cookie: dataValue(cookie) })),
  ];
  return names.length ? `${tracker.entity} (${names.join(", ")})` : tracker.entity;
};

/**
 * False until the browser has painted once after mount. Polaris's ProgressBar animates in with
 * react-transition-group, which reads layout when it mounts (a forced reflow of the whole page inside
 * React's commit) and re-renders on a timer: mounted after the first paint, it costs a small relayout.
 */
function usePainted(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}

/** The setup guide's bar, mounted once the guide has been painted; its height (0.5rem, the small bar's) holds its place until then. */
function SetupProgress({ progress }: { progress: number }) {
  const painted = usePainted();
  return painted ? <ProgressBar progress={progress} size="small" tone="primary" /> : <div style={{ height: "0.5rem" }} />;
}

export default function HomePage() {
  const shopify = useAppBridge();
  const t = useT();
  const { i18n } = useLingui();
  const { data, setData, error, loading, reload } = useApi<HomeResponse>("/api/home");
  const embed = useEmbedStatus();
  const [turningOff, setTurningOff] = useState(false);
  const [turnOffError, setTurnOffError] = useState<string>();
  const [guideOpen, setGuideOpen] = useState(true);
  const [applyingRegions, setApplyingRegions] = useState(false);
  const [regionsError, setRegionsError] = useState<string>();
  const [acknowledging, setAcknowledging] = useState(false);
  const [acknowledgeError, setAcknowledgeError] = useState<string>();

  if (error && !data) return <PageError title={t("home.errorTitle")} message={error} onRetry={reload} />;
  if (loading && !data) {
    return <LoadingPage title={APP_NAME} titleIsName lines={6} />;
  }
  const { setup, metrics } = data!;
  const day = (iso: string) => i18n.date(iso, { month: "short", day: "numeric", year: "numeric" });

  const turnOffShopifyBanner = async () => {
    setTurningOff(true);
    setTurnOffError(undefined);
    try {
      setData(await apiFetch<HomeResponse>("/api/home/shopify-banner/disable", { method: "POST" }));
      shopify.modal.hide("turn-off-shopify-banner");
      shopify.toast.show(t("home.toastShopifyBannerOff"));
    } catch (e) {
      setTurnOffError((e as Error).message);
    } finally {
      setTurningOff(false);
    }
  };

  const applyConsentRegions = async () => {
    setApplyingRegions(true);
    setRegionsError(undefined);
    try {
      setData(await apiFetch<HomeResponse>("/api/consent-regions/apply", { method: "POST" }));
      shopify.toast.show(t("home.toastRegionsApplied"));
    } catch (e) {
      setRegionsError((e as Error).message);
    } finally {
      setApplyingRegions(false);
    }
  };

  const acknowledgeDrift = async () => {
    setAcknowledging(true);
    setAcknowledgeError(undefined);
    try {
      setData(await apiFetch<HomeResponse>("/api/consent-regions/acknowledge", { method: "POST" }));
    } catch (e) {
      setAcknowledgeError((e as Error).message);
    } finally {
      setAcknowledging(false);
    }
  };

  const policyUrl = setup.customPolicyUrl ?? setup.shopPolicy?.url ?? null;
  const steps: Step[] = [
    embedStep(t, embed.status, embed.check, embedActivationUrl(shopify.config.apiKey)),
    {
      id: "settings",
      title: t("home.settingsTitle"),
      done: setup.settingsSaved,
      body: setup.settingsSaved ? t("home.settingsSaved") : t("home.settingsUnsaved"),
      action: setup.settingsSaved ? undefined : (
        <InlineStack>
          <Button variant="primary" url="/banner">
            {t("home.settingsReview")}
          </Button>
        </InlineStack>
      ),
    },
    {
      id: "policy",
      title: t("home.policyTitle"),
      done: Boolean(policyUrl),
      body: policyUrl
        ? withSlot(
            t("home.policyLinked", { url: SLOT }),
            <Text as="span" fontWeight="semibold">
              <span translate="no">{policyUrl}</span>
            </Text>,
          )
        : (setup.shopPolicyError ?? t("home.policyMissing")),
      action: policyUrl ? undefined : (
        <InlineStack>
          <Button url={POLICIES_URL} target="_top">
            {t("home.policyCreate")}
          </Button>
        </InlineStack>
      ),
    },
    {
      id: "shopify-banner",
      title: t("home.shopifyBannerTitle"),
      done: setup.shopifyBanner?.enabled === false,
      body:
        setup.shopifyBanner === null
          ? (setup.shopifyBannerError ?? t("home.privacySettingsUnreadable"))
          : setup.shopifyBanner.enabled
            ? t("home.shopifyBannerOn")
            : t("home.shopifyBannerOff"),
      action: setup.shopifyBanner?.enabled ? (
        <InlineStack>
          <Button onClick={() => shopify.modal.show("turn-off-shopify-banner")}>{t("home.shopifyBannerTurnOff")}</Button>
        </InlineStack>
      ) : undefined,
    },
    {
      id: "consent-regions",
      title: t("home.regionsTitle"),
      done: setup.consentRegions?.agree === true,
      body: consentRegionsBody(t, i18n.locale, setup),
      action:
        setup.consentRegions && !setup.consentRegions.agree ? (
          <BlockStack gap="200">
            {regionsError && (
              <Banner tone="critical" onDismiss={() => setRegionsError(undefined)}>
                <p>{regionsError}</p>
              </Banner>
            )}
            <InlineStack>
              <Button onClick={applyConsentRegions} loading={applyingRegions}>
                {t("home.regionsApply")}
              </Button>
            </InlineStack>
          </BlockStack>
        ) : undefined,
    },
  ];
  const done = steps.filter((s) => s.done).length;
  const complete = done === steps.length;
  const showGuide = !complete || !setup.dismissed;

  return (
    <AppPage title={APP_NAME} titleIsName>
      <BlockStack gap="500">
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" tone="subdued">
            {t("home.storefrontStatus")}
          </Text>
          <Badge tone={embed.status === "active" ? "success" : embed.status === "loading" ? undefined : "attention"}>
            {embed.status === "active"
              ? t("home.statusOn")
              : embed.status === "loading"
                ? t("home.statusChecking")
                : embed.status === "unknown"
                  ? t("home.statusUnknown")
                  : t("home.statusOff")}
          </Badge>
        </InlineStack>
        <Layout>
          {showGuide && (
            <Layout.Section>
              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between" blockAlign="center" wrap={false}>
                    <BlockStack gap="100">
                      <Text as="h2" variant="headingMd">
                        {t("home.guideTitle")}
                      </Text>
                      <Text as="p" tone="subdued">
                        {t("home.guideProgress", { done, total: steps.length })}
                      </Text>
                    </BlockStack>
                    <InlineStack gap="200">
                      {complete && (
                        <Button
                          onClick={async () => {
                            setData(await apiFetch<HomeResponse>("/api/home/setup-guide/dismiss", { method: "POST" }));
                          }}
                        >
                          {t("home.guideDismiss")}
                        </Button>
                      )}
                      <Button variant="plain" onClick={() => setGuideOpen(!guideOpen)} ariaExpanded={guideOpen} ariaControls="setup-steps">
                        {guideOpen ? t("home.guideHideSteps") : t("home.guideShowSteps")}
                      </Button>
                    </InlineStack>
                  </InlineStack>
                  <SetupProgress progress={(done / steps.length) * 100} />
                  {guideOpen && (
                    <ol id="setup-steps" style={{ listStyle: "none", margin: 0, padding: 0 }}>
                      {steps.map((step) => (
                        <li key={step.id} data-step={step.id} data-done={step.done}>
                          <Box paddingBlock="300" borderBlockStartWidth="025" borderColor="border">
                            <BlockStack gap="200">
                              <InlineStack gap="200" blockAlign="center">
                                <Badge tone={step.done ? "success" : undefined}>{step.done ? t("home.stepDone") : t("home.stepToDo")}</Badge>
                                <Text as="h3" variant="headingSm">
                                  {step.title}
                                </Text>
                              </InlineStack>
                              <Text as="p">{step.body}</Text>
                              {step.action}
                            </BlockStack>
                          </Box>
                        </li>
                      ))}
                    </ol>
                  )}
                </BlockStack>
              </Card>
            </Layout.Section>
          )}
          {data!.consentRegionDrift && (
            <Layout.Section>
              <Banner
                tone="warning"
                title={t("home.driftTitle")}
                action={{ content: t("home.driftAcknowledge"), onAction: acknowledgeDrift, loading: acknowledging }}
              >
                <BlockStack gap="100">
                  <p>{t("home.driftSince", { date: day(data!.consentRegionDrift.since) })}</p>
                  {driftLines(t, i18n.locale, data!.consentRegionDrift).map((line) => (
                    <p key={line}>{line}</p>
                  ))}
                  {acknowledgeError && <p>{acknowledgeError}</p>}
                </BlockStack>
              </Banner>
            </Layout.Section>
          )}
          {(metrics.overdueRequests > 0 || metrics.dueSoonRequests > 0) && (
            <Layout.Section>
              <Banner
                tone={metrics.overdueRequests ? "critical" : "warning"}
                title={[
                  metrics.overdueRequests ? t("home.requestsOverdue", { count: metrics.overdueRequests }) : "",
                  metrics.dueSoonRequests ? t("home.requestsDueSoon", { count: metrics.dueSoonRequests, days: metrics.dueSoonDays }) : "",
                ]
                  .filter(Boolean)
                  .join(" · ")}
                action={{ content: t("home.requestsSee"), url: metrics.overdueRequests ? "/privacy-requests?overdue=1" : "/privacy-requests?dueSoon=1" }}
              >
                <p>{t("home.requestsDeadline")}</p>
              </Banner>
            </Layout.Section>
          )}
          {metrics.leaks7d.trackers.length > 0 && (
            <Layout.Section>
              <Banner tone="warning" title={t("home.leaksTitle")} action={{ content: t("home.leaksSee"), url: "/leaks" }}>
                <p>
                  {withSlot(
                    t("home.leaksBody", { trackers: SLOT, count: metrics.leaks7d.trackers.length }),
                    <span translate="no">{metrics.leaks7d.trackers.map((tracker) => trackerSeenAs(t, tracker)).join(", ")}</span>,
                  )}
                </p>
              </Banner>
            </Layout.Section>
          )}
          <Layout.Section>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("home.consentTitle")}
                  </Text>
                  {metrics.receipts30d === 0 ? (
                    <Text as="p" tone="subdued">
                      {t("home.consentEmpty")}
                    </Text>
                  ) : (
                    <>
                      <Text as="p" variant="heading2xl">
                        {i18n.number(metrics.receipts30d)}
                      </Text>
                      <Text as="p">
                        {t("home.consentRecorded", {
                          count: metrics.receipts30d,
                          rate: i18n.number(metrics.consentRate30d ?? 0, { style: "percent", maximumFractionDigits: 0 }),
                        })}
                      </Text>
                    </>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("home.requestsTitle")}
                  </Text>
                  {metrics.openRequests === 0 ? (
                    <Text as="p" tone="subdued">
                      {t("home.requestsNone")}
                    </Text>
                  ) : (
                    <>
                      <Text as="p" variant="heading2xl">
                        {metrics.openRequests}
                      </Text>
                      <Text as="p">{t("home.requestsOpen", { date: day(metrics.nearestDueAt!) })}</Text>
                      {metrics.overdueRequests > 0 && (
                        <Text as="p" tone="critical" fontWeight="semibold">
                          {t("home.requestsOverdueCount", { count: metrics.overdueRequests })}
                        </Text>
                      )}
                      {metrics.dueSoonRequests > 0 && (
                        <Text as="p" tone="caution">
                          {t("home.requestsDueSoonCount", { count: metrics.dueSoonRequests, days: metrics.dueSoonDays })}
                        </Text>
                      )}
                    </>
                  )}
                  <Link url="/privacy-requests">{t("home.requestsView")}</Link>
                </BlockStack>
              </Card>
              {metrics.leaks7d.trackers.length === 0 && (
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {t("home.leaksCardTitle")}
                    </Text>
                    <Text as="p" tone={metrics.leaks7d.observedVisits ? "success" : "subdued"}>
                      {metrics.leaks7d.observedVisits ? t("home.leaksNone", { count: metrics.leaks7d.observedVisits }) : t("home.leaksNoVisits")}
                    </Text>
                    <Link url="/leaks">{t("home.leaksView")}</Link>
                  </BlockStack>
                </Card>
              )}
            </InlineGrid>
          </Layout.Section>
        </Layout>
        <FooterHelp>
          {t("home.helpQuestion")} <Link url="/help">{t("home.helpLink")}</Link>
        </FooterHelp>
      </BlockStack>
      <Modal id="turn-off-shopify-banner">
        <Box padding="400">
          <BlockStack gap="300">
            <Text as="p">{t("home.turnOffBody")}</Text>
            {turnOffError && (
              <Banner tone="critical">
                <p>{turnOffError}</p>
              </Banner>
            )}
          </BlockStack>
        </Box>
        <TitleBar title={t("home.turnOffTitle")}>
          <button variant="primary" onClick={turnOffShopifyBanner} loading={turningOff ? "" : undefined}>
            {t("home.turnOffConfirm")}
          </button>
          <button onClick={() => shopify.modal.hide("turn-off-shopify-banner")}>{t("home.turnOffCancel")}</button>
        </TitleBar>
      </Modal>
    </AppPage>
  );
}
