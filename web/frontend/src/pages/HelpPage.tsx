import { BlockStack, Card, Layout, Link, List, Text } from "@shopify/polaris";
import type { HelpResponse } from "../../../help/help-types";
import { AppPage, LoadingPage } from "../AppPage";
import { PageError } from "../AppShell";
import { embedActivationUrl } from "../home/useEmbedStatus";
import { useApi } from "../useApi";

/** What merchants of consent apps most often ask (Shopify's reviews and forums), answered for this app. */
const FAQ: Array<{ question: string; answer: React.ReactNode }> = [
  {
    question: "The banner isn't showing on my store",
    answer: (
      <List>
        <List.Item>The Consent banner app embed must be on in your published theme (Home › Setup guide, or Theme settings › App embeds), and saved.</List.Item>
        <List.Item>
          By default the banner shows only where Shopify's consent regions require it (the EU, the UK, Switzerland…). Testing from elsewhere, you see nothing:
          turn on "Show to every visitor" on the Banner page to check it.
        </List.Item>
        <List.Item>Once you chose, the banner stays away: open the store in a private window to see it again.</List.Item>
        <List.Item>There is no visit quota: the banner never switches itself off.</List.Item>
      </List>
    ),
  },
  {
    question: "Trackers still run before shoppers choose",
    answer: (
      <>
        Shopify's Customer Privacy API holds back Shopify's pixels and apps that use it, but not code pasted into your theme. Consent leaks lists what shoppers'
        browsers had loaded before they chose, and says how to move each tracker into an app pixel or a custom pixel that waits for consent.
      </>
    ),
  },
  {
    question: "Shoppers see two banners",
    answer: (
      <>
        Shopify's own cookie banner is still on. Turn it off from the Setup guide on Home (or Settings › Customer privacy), so shoppers are asked once. No code
        to paste into <code>theme.liquid</code>: the app embed is all it takes.
      </>
    ),
  },
  {
    question: "Is anything paid or limited?",
    answer:
      "No feature is behind a plan: the consent log and its CSV export, the leak report and reopening the banner (Your privacy choices), and the shoppers' privacy centre with its e-mails and clocks, are all included.",
  },
  {
    question: "Does it slow my storefront?",
    answer:
      "The banner is one small deferred script, with its settings already in the page: it makes no request before the shopper chooses, and its choice is sent in the background.",
  },
  {
    question: "How do I prove consent?",
    answer:
      "Every choice is kept as a receipt (when, what was allowed, the policy revision and a hash of the exact text shown). Find one in the Consent log by consent id or customer id, or download them all as CSV.",
  },
  {
    question: "A customer asked for their data, or to be forgotten",
    answer: (
      <>
        Point them to your store&apos;s privacy page (<code>/apps/consent/privacy</code>; add the &quot;Privacy rights link&quot; block to your footer in the
        theme editor). There they ask for a copy, a correction, deletion or no sale of their data; signed-in customers need no e-mail confirmation. The app does
        the work where Shopify allows it (the copy, Shopify&apos;s erasure, the opt-out on the customer record), tells them by e-mail, and Privacy requests
        shows each request with its legal deadline. Requests Shopify forwards (from your admin&apos;s &quot;Request customer data&quot; and &quot;Erase personal
        data&quot;) are answered too, within Shopify&apos;s 30 days.
      </>
    ),
  },
];

/** Help: how the app works, answers to what merchants ask most, and who to write to. */
export default function HelpPage() {
  const { data, error, loading, reload } = useApi<HelpResponse>("/api/help");
  if (error && !data) return <PageError title="Help" message={error} onRetry={reload} />;
  if (loading || !data) return <LoadingPage title="Help" lines={8} />;

  return (
    <AppPage title="Help">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  How the app works
                </Text>
                <List type="number">
                  <List.Item>
                    The{" "}
                    <Text as="span" fontWeight="semibold">
                      Consent banner
                    </Text>{" "}
                    app embed puts the banner first in your theme's head.{" "}
                    <Link url={embedActivationUrl(window.shopify.config.apiKey)} target="_top">
                      Turn it on in the theme editor
                    </Link>
                    .
                  </List.Item>
                  <List.Item>
                    Shoppers in regions that ask for consent choose: accept all, reject all, or per category. The choice goes to Shopify's Customer Privacy API,
                    which holds back Shopify's pixels and apps until consent.
                  </List.Item>
                  <List.Item>Each choice is kept as a receipt: your proof of consent, in the Consent log and Consent insights.</List.Item>
                  <List.Item>Shopify's customer data and erasure requests are worked by the app, with a timeline, in Privacy requests.</List.Item>
                  <List.Item>Your texts, colours and behaviour are set on the Banner page and published to your storefront when you save.</List.Item>
                </List>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Common questions
                </Text>
                {FAQ.map((item) => (
                  <BlockStack gap="100" key={item.question}>
                    <Text as="h3" variant="headingSm">
                      {item.question}
                    </Text>
                    <div>{item.answer}</div>
                  </BlockStack>
                ))}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Contact support
              </Text>
              {data.supportEmail ? (
                <Text as="p">
                  Write to <Link url={`mailto:${data.supportEmail}`}>{data.supportEmail}</Link> with your shop's address and what you see.
                </Text>
              ) : (
                <Text as="p">Write to the app's developer through the app's listing in the Shopify App Store (Get support).</Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
