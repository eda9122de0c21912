import { startTransition, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link as RouterLink } from "react-router-dom";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import "@shopify/polaris/build/esm/styles.css";
import { AppShell, preloadFirstPage } from "./AppShell";
import { reportWebVitals } from "./web-vitals";

/**
 * Polaris links and buttons with a `url`. Shopify admin pages (`shopify://admin/…`, Shopify's Navigation
 * API) open at the top level, where App Bridge takes them: the admin's pages refuse to be framed, so they
 * must never load in the app's frame. Other sites open in a new tab; in-app paths go through the router
 * (no reload). The `target` Polaris passes (often undefined) never overrides these.
 */
type LinkLikeComponentProps = React.HTMLProps<HTMLAnchorElement> & { url: string; external?: boolean; download?: string | boolean; children?: React.ReactNode };
function AppLink({ children, url, external, target: _target, ...rest }: LinkLikeComponentProps) {
  const attributes = rest as React.AnchorHTMLAttributes<HTMLAnchorElement>;
  if (/^shopify:/i.test(url)) {
    return (
      <a {...attributes} href={url} target="_top">
        {children}
      </a>
    );
  }
  if (external || /^[a-z][a-z\d+.-]*:/i.test(url)) {
    return (
      <a {...attributes} href={url} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  }
  return (
    <RouterLink {...attributes} to={url}>
      {children}
    </RouterLink>
  );
}

// The first render is a transition: React renders in 5 ms slices and lets the browser in between (no long
// task while Polaris's tree mounts), and paints the page's skeleton as soon as it is rendered. On Home it
// waits for Home's chunk (already downloading with the document), so Home renders at once rather than
// after a fallback skeleton; a chunk that fails to load is left to React.lazy and the page's own handling.
const root = createRoot(document.getElementById("root")!);
void preloadFirstPage(location.pathname)
  .catch(() => undefined)
  .then(() =>
    startTransition(() =>
      root.render(
        <StrictMode>
          <AppProvider i18n={en} linkComponent={AppLink}>
            <BrowserRouter>
              <AppShell />
            </BrowserRouter>
          </AppProvider>
        </StrictMode>,
      ),
    ),
  );

reportWebVitals();
