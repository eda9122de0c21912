import { useState } from "react";
import { Badge, Banner, BlockStack, Card, InlineStack, Link, List, Text } from "@shopify/polaris";
import type { LeakConsent, LeakEntity, LeakReport } from "../../../leaks/leak-types";
import { AppPage, LoadingPage } from "../AppPage";
import { PeriodSelect } from "../PeriodSelect";
import { PageError } from "../AppShell";
import { useApi } from "../useApi";

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

/** What to do about one tracker, by the consent it needs. */
function advice(leak: LeakEntity) {
  if (leak.consent === "loads_others")
    return "A tag manager loads other tags. Set its consent mode (this app sends Google Consent Mode when turned on in Banner settings) or move the tags it loads into Shopify's Customer events as custom pixels, so each waits for its consent.";
  if (leak.consent === "unknown")
    return "This host is not in the list of known third parties. Check what it is: if it tracks visitors, load it through an app or a custom pixel that respects consent, or remove it.";
  return `If ${leak.entity} came from an app, use the app's own pixel (App pixels in Settings › Customer events), which Shopify starts only after consent. If it was pasted into your theme (Online Store › Themes › Edit code, usually layout/theme.liquid), remove it there and add it as a custom pixel with the ${leak.consent} permission instead.`;
}

const date = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
const percent = (share: number) => `${share < 0.01 && share > 0 ? "<1" : Math.round(share * 100)}%`;

/** Trackers that loaded before shoppers chose, from what their own browsers saw (names only). */
export default function LeaksPage() {
  const [days, setDays] = useState("30");
  const { data, error, loading, reload } = useApi<LeakReport>(`/api/consent/leaks?days=${days}`);
  if (error && !data) return <PageError title="Consent leaks" message={error} onRetry={reload} />;
  if (loading || !data) return <LoadingPage title="Consent leaks" lines={8} />;

  return (
    <AppPage title="Consent leaks">
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <Text as="p" tone="subdued">
            What shoppers' browsers had loaded before they chose in your banner: {data.observedVisits.toLocaleString()} first visits observed.
          </Text>
          <PeriodSelect value={days} onChange={setDays} />
        </InlineStack>
        {data.observedVisits === 0 ? (
          <Banner tone="info" title="No visits observed yet">
            <p>
              When a shopper makes their first choice in the banner, it reports which third-party hosts and cookies were already there (names only, never
              addresses or values). They show here.
            </p>
          </Banner>
        ) : data.leaks.length === 0 ? (
          <Banner tone="success" title={`No leaks seen in ${data.observedVisits.toLocaleString()} visits`}>
            <p>No tracker that needs consent loaded before shoppers chose.</p>
          </Banner>
        ) : (
          <Banner tone="warning" title={`${data.leaks.length} ${data.leaks.length === 1 ? "tracker" : "trackers"} loaded before shoppers chose`}>
            <p>
              Shopify's Customer Privacy API holds back Shopify's pixels and apps that use it, but not code pasted into a theme. Each tracker below ran before
              consent in some visits.
            </p>
          </Banner>
        )}
        {data.leaks.map((leak) => (
          <Card key={leak.entity}>
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h2" variant="headingMd">
                  {leak.entity}
                </Text>
                {leak.company && leak.company !== leak.entity && (
                  <Text as="span" tone="subdued">
                    {leak.company}
                  </Text>
                )}
                <Badge tone={NEEDS[leak.consent].tone}>{NEEDS[leak.consent].label}</Badge>
              </InlineStack>
              <Text as="p">
                Loaded before the choice in {leak.visits.toLocaleString()} of {data.observedVisits.toLocaleString()} visits ({percent(leak.share)}) · first seen{" "}
                {date(leak.firstSeen)} · last seen {date(leak.lastSeen)}
              </Text>
              {(leak.hosts.length > 0 || leak.cookies.length > 0) && (
                <Text as="p" tone="subdued">
                  Seen as {[...leak.hosts.map((h) => `host ${h}`), ...leak.cookies.map((c) => `cookie ${c}`)].join(", ")}
                </Text>
              )}
              <Text as="p">{advice(leak)}</Text>
            </BlockStack>
          </Card>
        ))}
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              How to make trackers wait for consent
            </Text>
            <List>
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
