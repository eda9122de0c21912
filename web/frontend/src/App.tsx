import { useEffect, useState } from "react";
import { Badge, BlockStack, Banner, Card, InlineStack, Layout, Page, SkeletonBodyText, Text } from "@shopify/polaris";
import { apiFetch } from "./api";
import { PrivacyRequests } from "./PrivacyRequests";

import type { ShopOverview } from "../../shops/shop-overview";

export function App() {
  const [overview, setOverview] = useState<ShopOverview>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    apiFetch<ShopOverview>("/api/shop").then(setOverview, (e: Error) => setError(e.message));
  }, []);

  return (
    <Page title="Consent & Compliance">
      <Layout>
        <Layout.Section>
          {error && (
            <Banner tone="critical" title="Could not load your shop">
              <p>{error}</p>
            </Banner>
          )}
          <Card>
            {!overview && !error ? (
              <SkeletonBodyText lines={3} />
            ) : overview ? (
              <BlockStack gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {overview.name ?? overview.shop}
                  </Text>
                  <Badge tone={overview.status === "installed" ? "success" : "attention"}>
                    {overview.status === "installed" ? "Installed" : "Uninstalled"}
                  </Badge>
                </InlineStack>
                <Text as="p" tone="subdued">
                  {overview.shop}
                </Text>
                {overview.installedAt && (
                  <Text as="p">Installed {new Date(overview.installedAt).toLocaleString()}</Text>
                )}
                <Text as="p" tone="subdued" variant="bodySm">
                  Admin API {overview.apiVersion} · {overview.database}
                </Text>
              </BlockStack>
            ) : null}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <PrivacyRequests />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
