import type { ReactElement, ReactNode } from "react";
import { Trans } from "@lingui/react";
import { BlockStack, Card, Layout, Link, List, Text } from "@shopify/polaris";
import type { HelpResponse } from "../../../help/help-types";
import { AppPage, LoadingPage } from "../AppPage";
import { PageError } from "../AppShell";
import { embedActivationUrl } from "../home/useEmbedStatus";
import type { MessageId } from "../i18n/i18n";
import { useT, type Translate } from "../i18n/useT";
import { useApi } from "../useApi";

/** A message with markup inside its sentence: `<0>…</0>` in the catalogue becomes `components[0]`, its children the text between. */
/** The support address, a name not to translate (translate="no"), as a mail link with the message's words. */
function MailLink({ address, children }: { address: string; children?: ReactNode }) {
  return (
    <span translate="no">
      <Link url={`mailto:${address}`}>{children}</Link>
    </span>
  );
}

function Rich({ id, components, values }: { id: MessageId; components: Record<string, ReactElement>; values?: Record<string, string> }) {
  return <Trans id={id} components={components} values={values} />;
}

/** What merchants of consent apps most often ask (Shopify's reviews and forums), answered for this app. */
const FAQ: Array<{ question: MessageId; answer: (t: Translate) => ReactNode }> = [
  {
    question: "help.faqBannerQuestion",
    answer: (t) => (
      <List>
        <List.Item>{t("help.faqBannerEmbed")}</List.Item>
        <List.Item>{t("help.faqBannerRegions")}</List.Item>
        <List.Item>{t("help.faqBannerChosen")}</List.Item>
        <List.Item>{t("help.faqBannerNoQuota")}</List.Item>
      </List>
    ),
  },
  { question: "help.faqTrackersQuestion", answer: (t) => t("help.faqTrackersAnswer") },
  { question: "help.faqTwoBannersQuestion", answer: () => <Rich id="help.faqTwoBannersAnswer" components={{ 0: <code /> }} /> },
  { question: "help.faqPaidQuestion", answer: (t) => t("help.faqPaidAnswer") },
  { question: "help.faqSpeedQuestion", answer: (t) => t("help.faqSpeedAnswer") },
  { question: "help.faqProofQuestion", answer: (t) => t("help.faqProofAnswer") },
  { question: "help.faqRequestsQuestion", answer: () => <Rich id="help.faqRequestsAnswer" components={{ 0: <code /> }} /> },
];

/** Help: how the app works, answers to what merchants ask most, and who to write to. */
export default function HelpPage() {
  const t = useT();
  const { data, error, loading, reload } = useApi<HelpResponse>("/api/help");
  if (error && !data) return <PageError title={t("help.title")} message={error} onRetry={reload} />;
  if (loading || !data) return <LoadingPage title={t("help.title")} lines={8} />;

  return (
    <AppPage title={t("help.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("help.howTitle")}
                </Text>
                <List type="number">
                  <List.Item>
                    <Rich
                      id="help.howEmbed"
                      components={{
                        0: (
                          <Text as="span" fontWeight="semibold">
                            {null}
                          </Text>
                        ),
                      }}
                    />{" "}
                    <Link url={embedActivationUrl(window.shopify.config.apiKey)} target="_top">
                      {t("help.howEmbedLink")}
                    </Link>
                    .
                  </List.Item>
                  <List.Item>{t("help.howChoice")}</List.Item>
                  <List.Item>{t("help.howReceipts")}</List.Item>
                  <List.Item>{t("help.howRequests")}</List.Item>
                  <List.Item>{t("help.howSettings")}</List.Item>
                </List>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  {t("help.faqTitle")}
                </Text>
                {FAQ.map((item) => (
                  <BlockStack gap="100" key={item.question}>
                    <Text as="h3" variant="headingSm">
                      {t(item.question)}
                    </Text>
                    <div>{item.answer(t)}</div>
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
                {t("help.contactTitle")}
              </Text>
              {data.supportEmail ? (
                <Text as="p">
                  <Rich id="help.contactEmail" components={{ 0: <MailLink address={data.supportEmail} /> }} values={{ email: data.supportEmail }} />
                </Text>
              ) : (
                <Text as="p">{t("help.contactListing")}</Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
