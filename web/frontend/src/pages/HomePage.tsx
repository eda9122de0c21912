import { useEffect, useState } from "react";
import { Modal, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, FooterHelp, InlineGrid, InlineStack, Layout, Link, ProgressBar, Text } from "@shopify/polaris";
import type { ConsentRegionDrift, HomeResponse, SetupStatus } from "../../../home/home-types";
import { AppPage, LoadingPage } from "../AppPage";
import { apiFetch } from "../api";
import { PageError } from "../AppShell";
import { embedActivationUrl, POLICIES_URL, useEmbedStatus, type EmbedStatus } from "../home/useEmbedStatus";
import { useApi } from "../useApi";

interface Step {
  id: string;
  title: string;
  done: boolean;
  /** What the step is, and why it matters (BFS 4.2.2: say why each step is asked). */
  body: React.ReactNode;
  action?: React.ReactNode;
}

const requestCount = (n: number) => `${n} privacy ${n === 1 ? "request" : "requests"}`;
const percent = (n: number) => `${Math.round(n * 100)}%`;
const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" });

function embedStep(status: EmbedStatus, check: () => void, activationUrl: string): Step {
  const done = status === "active";
  return {
    id: "embed",
    title: "Turn the banner on in your live theme",
    done,
    body:
      status === "unknown"
        ? "Shopify did not say whether the app embed is on. Check again in a moment."
        : done
          ? "The consent banner's app embed is on in your published theme."
          : "Shoppers see nothing until the Consent banner app embed is on in your published theme (Theme settings › App embeds).",
    action: done ? undefined : (
      <InlineStack gap="200">
        <Button variant="primary" url={activationUrl} target="_top">
          Turn on in theme editor
        </Button>
        <Button onClick={check}>Check again</Button>
      </InlineStack>
    ),
  };
}

/**
 * Region names in the merchant's language, made on first use: building Intl.DisplayNames loads the
 * locale's region data (a long task on a slow phone), and Home needs it only when it names places.
 */
let regionNames: Intl.DisplayNames | undefined | null = null;
const displayNames = () => (regionNames ??= typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(undefined, { type: "region" }) : undefined);
/** A place as a merchant reads it: "Germany" for DE; a region of a country ("US-CA") stays a code. */
const placeName = (code: string) => (code.includes("-") ? code : (displayNames()?.of(code) ?? code));
/** At most eight places by name, then how many more. */
const placeList = (codes: string[]) => {
  const names = codes.map(placeName);
  return names.length <= 8 ? names.join(", ") : `${names.slice(0, 6).join(", ")} and ${names.length - 6} more`;
};

/** Shopify's consent regions against where the banner asks: the concrete difference, and what the button does. */
function consentRegionsBody(setup: SetupStatus): string {
  const regions = setup.consentRegions;
  if (!regions) return setup.consentRegionsError ?? "Could not read your privacy settings.";
  if (regions.agree) {
    return `Shopify's own cookies and pixels wait for shoppers' consent in the EU, the EEA, the UK and Switzerland${
      regions.beyond.length ? `, and also in ${placeList(regions.beyond)}` : ""
    }, as your banner asks there.`;
  }
  const there = regions.everywhere
    ? "your banner asks there, but Shopify's own cookies and pixels are set before shoppers choose"
    : "your banner does not show there (it shows where Shopify requires consent), and Shopify's own cookies and pixels are set before shoppers choose";
  const lines = [
    regions.noneRequire
      ? `No region requires consent in Shopify's privacy settings: ${
          regions.everywhere
            ? "though your banner asks every visitor, Shopify's own cookies and pixels are set before any choice"
            : "Shopify's own cookies and pixels are set before any choice, and your banner shows nowhere"
        }.`
      : `In ${regions.missing.length === 1 ? "" : `${regions.missing.length} places: `}${placeList(regions.missing)}, Shopify's privacy settings do not require consent: ${there}.`,
    `The law there asks for consent first. The button sets "consent required" for the EU, the EEA, the UK and Switzerland in Shopify's privacy settings; data-sale opt-outs stay as they are.`,
  ];
  if (setup.shopifyBanner?.enabled) lines.push("Turn off Shopify's own cookie banner first: Shopify changes these settings only when it is off.");
  if (regions.unsettable.length) lines.push(`Shopify does not let apps set ${placeList(regions.unsettable)}: set them in Settings › Customer privacy.`);
  return lines.join(" ");
}

/** What changed in Shopify's consent regions outside the app, as the daily check saw it. */
function driftLines(drift: ConsentRegionDrift): string[] {
  return [
    drift.consentRemoved.length ? `Consent no longer required in ${placeList(drift.consentRemoved)}.` : "",
    drift.consentAdded.length ? `Consent now required in ${placeList(drift.consentAdded)}.` : "",
    drift.optOutRemoved.length ? `Data-sale opt-out no longer required in ${placeList(drift.optOutRemoved)}.` : "",
    drift.optOutAdded.length ? `Data-sale opt-out now required in ${placeList(drift.optOutAdded)}.` : "",
  ].filter(Boolean);
}

/** The home page: a setup guide that reflects the shop's real state, and what the app has recorded. */
/** A tracker as the home warning names it: "Hotjar (host static.hotjar.com)", so the merchant can find it in the theme. */
const trackerSeenAs = (t: { entity: string; hosts: string[]; cookies: string[] }) => {
  const names = [...t.hosts.map((h) => `host ${h}`), ...t.cookies.map((c) => `cookie ${c}`)];
  return names.length ? `${t.entity} (${names.join(", ")})` : t.entity;
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
  const { data, setData, error, loading, reload } = useApi<HomeResponse>("/api/home");
  const embed = useEmbedStatus();
  const [turningOff, setTurningOff] = useState(false);
  const [turnOffError, setTurnOffError] = useState<string>();
  const [guideOpen, setGuideOpen] = useState(true);
  const [applyingRegions, setApplyingRegions] = useState(false);
  const [regionsError, setRegionsError] = useState<string>();
  const [acknowledging, setAcknowledging] = useState(false);
  const [acknowledgeError, setAcknowledgeError] = useState<string>();

  if (error && !data) return <PageError title="Home" message={error} onRetry={reload} />;
  if (loading && !data) {
    return <LoadingPage title="Consent & Compliance" lines={6} />;
  }
  const { setup, metrics } = data!;

  const turnOffShopifyBanner = async () => {
    setTurningOff(true);
    setTurnOffError(undefined);
    try {
      setData(await apiFetch<HomeResponse>("/api/home/shopify-banner/disable", { method: "POST" }));
      shopify.modal.hide("turn-off-shopify-banner");
      shopify.toast.show("Shopify's cookie banner is off");
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
      shopify.toast.show("Shopify's cookies now wait for consent in the EU, EEA, UK and Switzerland");
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
    embedStep(embed.status, embed.check, embedActivationUrl(shopify.config.apiKey)),
    {
      id: "settings",
      title: "Review your banner and save it",
      done: setup.settingsSaved,
      body: setup.settingsSaved
        ? "Your texts, colours and behaviour are saved and on your storefront."
        : "Check the texts in your languages, match your brand's colours, and save: your storefront then shows your banner rather than the defaults.",
      action: setup.settingsSaved ? undefined : (
        <InlineStack>
          <Button variant="primary" url="/banner">
            Review banner
          </Button>
        </InlineStack>
      ),
    },
    {
      id: "policy",
      title: "Link your privacy policy",
      done: Boolean(policyUrl),
      body: policyUrl ? (
        <>
          The banner links to{" "}
          <Text as="span" fontWeight="semibold">
            {policyUrl}
          </Text>
          , so shoppers can read what you do with their data.
        </>
      ) : setup.shopPolicyError ? (
        setup.shopPolicyError
      ) : (
        "Your shop has no privacy policy yet. The banner should link to one: create it in Settings › Policies, or set a link on the Banner page."
      ),
      action: policyUrl ? undefined : (
        <InlineStack>
          <Button url={POLICIES_URL} target="_top">
            Create a privacy policy
          </Button>
        </InlineStack>
      ),
    },
    {
      id: "shopify-banner",
      title: "Turn off Shopify's own cookie banner",
      done: setup.shopifyBanner?.enabled === false,
      body:
        setup.shopifyBanner === null
          ? (setup.shopifyBannerError ?? "Could not read your privacy settings.")
          : setup.shopifyBanner.enabled
            ? "Shopify's cookie banner is on: shoppers would see two banners and be asked twice. This app's banner does everything it does, and records proof of each choice."
            : "Shopify's own banner is off: shoppers see one banner, this one.",
      action: setup.shopifyBanner?.enabled ? (
        <InlineStack>
          <Button onClick={() => shopify.modal.show("turn-off-shopify-banner")}>Turn off Shopify's banner</Button>
        </InlineStack>
      ) : undefined,
    },
    {
      id: "consent-regions",
      title: "Shopify's own cookies wait for consent where your banner asks",
      done: setup.consentRegions?.agree === true,
      body: consentRegionsBody(setup),
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
                Require consent in the EU, EEA, UK and Switzerland
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
    <AppPage title="Consent & Compliance">
      <BlockStack gap="500">
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" tone="subdued">
            Banner on your storefront:
          </Text>
          <Badge tone={embed.status === "active" ? "success" : embed.status === "loading" ? undefined : "attention"}>
            {embed.status === "active" ? "On" : embed.status === "loading" ? "Checking…" : embed.status === "unknown" ? "Unknown" : "Off"}
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
                        Setup guide
                      </Text>
                      <Text as="p" tone="subdued">
                        {done} of {steps.length} done
                      </Text>
                    </BlockStack>
                    <InlineStack gap="200">
                      {complete && (
                        <Button
                          onClick={async () => {
                            setData(await apiFetch<HomeResponse>("/api/home/setup-guide/dismiss", { method: "POST" }));
                          }}
                        >
                          Dismiss guide
                        </Button>
                      )}
                      <Button variant="plain" onClick={() => setGuideOpen(!guideOpen)} ariaExpanded={guideOpen} ariaControls="setup-steps">
                        {guideOpen ? "Hide steps" : "Show steps"}
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
                                <Badge tone={step.done ? "success" : undefined}>{step.done ? "Done" : "To do"}</Badge>
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
                title="Shopify's consent regions changed"
                action={{ content: "Got it", onAction: acknowledgeDrift, loading: acknowledging }}
              >
                <BlockStack gap="100">
                  <p>
                    Since {day(data!.consentRegionDrift.since)}, someone changed where Shopify's own cookies wait for consent (in Settings › Customer privacy,
                    or another app):
                  </p>
                  {driftLines(data!.consentRegionDrift).map((line) => (
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
                  metrics.overdueRequests ? `${requestCount(metrics.overdueRequests)} overdue` : "",
                  metrics.dueSoonRequests ? `${requestCount(metrics.dueSoonRequests)} due within ${metrics.dueSoonDays} days` : "",
                ]
                  .filter(Boolean)
                  .join(" · ")}
                action={{ content: "See these requests", url: metrics.overdueRequests ? "/privacy-requests?overdue=1" : "/privacy-requests?dueSoon=1" }}
              >
                <p>Privacy laws give shoppers a deadline for an answer. Open each request to see its clock and what it waits for.</p>
              </Banner>
            </Layout.Section>
          )}
          {metrics.leaks7d.trackers.length > 0 && (
            <Layout.Section>
              <Banner tone="warning" title="Trackers ran before shoppers chose" action={{ content: "See consent leaks", url: "/leaks" }}>
                <p>
                  In the last 7 days, {metrics.leaks7d.trackers.map(trackerSeenAs).join(", ")} loaded before shoppers made their choice in the banner, though{" "}
                  {metrics.leaks7d.trackers.length === 1 ? "it needs" : "they need"} marketing or analytics consent.
                </p>
              </Banner>
            </Layout.Section>
          )}
          <Layout.Section>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Consent, last 30 days
                  </Text>
                  {metrics.receipts30d === 0 ? (
                    <Text as="p" tone="subdued">
                      No choices recorded yet. Open your store in a region that asks for consent (or set "Show to every visitor" on the Banner page), make a
                      choice in the banner, and it appears here with its proof.
                    </Text>
                  ) : (
                    <>
                      <Text as="p" variant="heading2xl">
                        {metrics.receipts30d.toLocaleString()}
                      </Text>
                      <Text as="p">choices recorded · {percent(metrics.consentRate30d ?? 0)} allowed analytics and marketing</Text>
                    </>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Privacy requests
                  </Text>
                  {metrics.openRequests === 0 ? (
                    <Text as="p" tone="subdued">
                      None open. Shoppers' requests from your privacy page and Shopify's compliance requests arrive here, each with its legal deadline.
                    </Text>
                  ) : (
                    <>
                      <Text as="p" variant="heading2xl">
                        {metrics.openRequests}
                      </Text>
                      <Text as="p">open · next due {day(metrics.nearestDueAt!)}</Text>
                      {metrics.overdueRequests > 0 && (
                        <Text as="p" tone="critical" fontWeight="semibold">
                          {`${metrics.overdueRequests} overdue`}
                        </Text>
                      )}
                      {metrics.dueSoonRequests > 0 && (
                        <Text as="p" tone="caution">
                          {`${metrics.dueSoonRequests} due within ${metrics.dueSoonDays} days`}
                        </Text>
                      )}
                    </>
                  )}
                  <Link url="/privacy-requests">View privacy requests</Link>
                </BlockStack>
              </Card>
              {metrics.leaks7d.trackers.length === 0 && (
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      Consent leaks, last 7 days
                    </Text>
                    <Text as="p" tone={metrics.leaks7d.observedVisits ? "success" : "subdued"}>
                      {metrics.leaks7d.observedVisits
                        ? `No leaks seen in ${metrics.leaks7d.observedVisits.toLocaleString()} visits: no tracker needing marketing or analytics consent loaded before shoppers chose.`
                        : "No visits observed yet. With each shopper's first choice, the banner reports which trackers had already loaded (names only)."}
                    </Text>
                    <Link url="/leaks">View consent leaks</Link>
                  </BlockStack>
                </Card>
              )}
            </InlineGrid>
          </Layout.Section>
        </Layout>
        <FooterHelp>
          Questions about the banner, consent or privacy requests? <Link url="/help">Help</Link>
        </FooterHelp>
      </BlockStack>
      <Modal id="turn-off-shopify-banner">
        <Box padding="400">
          <BlockStack gap="300">
            <Text as="p">
              Shopify's own cookie banner will stop showing on your storefront. Shoppers then see only this app's banner, which records proof of each choice.
              You can turn Shopify's banner back on in Settings › Customer privacy.
            </Text>
            {turnOffError && (
              <Banner tone="critical">
                <p>{turnOffError}</p>
              </Banner>
            )}
          </BlockStack>
        </Box>
        <TitleBar title="Turn off Shopify's cookie banner?">
          <button variant="primary" onClick={turnOffShopifyBanner} loading={turningOff ? "" : undefined}>
            Turn off
          </button>
          <button onClick={() => shopify.modal.hide("turn-off-shopify-banner")}>Cancel</button>
        </TitleBar>
      </Modal>
    </AppPage>
  );
}
