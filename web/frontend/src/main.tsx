import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link as RouterLink } from "react-router-dom";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import "@shopify/polaris/build/esm/styles.css";
import { AppShell } from "./AppShell";

/** Polaris links and buttons with a `url`: in-app paths through the router (no reload), others in a new tab. */
type LinkLikeComponentProps = React.HTMLProps<HTMLAnchorElement> & { url: string; external?: boolean; download?: string | boolean; children?: React.ReactNode };
function AppLink({ children, url, external, ...rest }: LinkLikeComponentProps) {
  if (external || /^https?:/.test(url)) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" {...(rest as React.AnchorHTMLAttributes<HTMLAnchorElement>)}>
        {children}
      </a>
    );
  }
  return (
    <RouterLink to={url} {...(rest as React.AnchorHTMLAttributes<HTMLAnchorElement>)}>
      {children}
    </RouterLink>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <AppProvider i18n={en} linkComponent={AppLink}>
      <BrowserRouter>
        <AppShell />
      </BrowserRouter>
    </AppProvider>
  </StrictMode>,
);
