import type { ReactNode } from "react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Box, Card, SkeletonBodyText, Text } from "@shopify/polaris";

/**
 * A page's frame inside the admin. The title is App Bridge's title bar (the admin draws it above the
 * app, BFS 4.1); in the document it is the page's one h1, for screen readers. Polaris `Page` would draw
 * a second title and bring its action menu code (~25 KB gzipped) into every page's first load.
 */
export function AppPage({
  title,
  titleIsName = false,
  children,
  fullWidth = false,
}: {
  title: string;
  /** The title is a name (the app's, a brand), the same in every language: marked translate="no". */
  titleIsName?: boolean;
  children: ReactNode;
  fullWidth?: boolean;
}) {
  return (
    <Box paddingBlock="400" paddingInline={{ xs: "200", sm: "600" }}>
      <TitleBar title={title} />
      <div style={{ maxWidth: fullWidth ? "none" : "62.375rem", margin: "0 auto" }}>
        <Text as="h1" variant="headingLg" visuallyHidden>
          {titleIsName ? <span translate="no">{title}</span> : title}
        </Text>
        {children}
      </div>
    </Box>
  );
}

/** A page whose data is on its way: its title, and a skeleton of `lines` in a card. */
export function LoadingPage({ title, titleIsName = false, lines = 6 }: { title: string; titleIsName?: boolean; lines?: number }) {
  return (
    <AppPage title={title} titleIsName={titleIsName}>
      <Card>
        <SkeletonBodyText lines={lines} />
      </Card>
    </AppPage>
  );
}
