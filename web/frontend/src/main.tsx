import { startTransition, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link as RouterLink } from "react-router-dom";
import { AppProvider } from "@shopify/polaris";
import { I18nProvider } from "@lingui/react";
import "@shopify/polaris/build/esm/styles.css";
import { AppShell, preloadFirstPage } from "./AppShell";
import { i18n, loadLocale, requestedLocale } from "./i18n/i18n";
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

// The first render waits for the merchant's language (its catalogue and Polaris's strings) and, on Home, for
// Home's chunk (already downloading with the document), together: Home renders at once rather than after a
// fallback skeleton; a chunk that fails to load is left to React.lazy and the page's own handling. It is a
// transition: React renders in 5 ms slices and lets the browser in between (no long task while Polaris's
// tree mounts), and paints the page as soon as it is rendered.
const root = createRoot(document.getElementById("root")!);
void Promise.all([loadLocale(requestedLocale()), preloadFirstPage(location.pathname).catch(() => undefined)]).then(([polaris]) =>
  startTransition(() =>
    root.render(
      <StrictMode>
        <I18nProvider i18n={i18n}>
          <AppProvider i18n={polaris} linkComponent={AppLink}>
            <BrowserRouter>
              <AppShell />
            </BrowserRouter>
          </AppProvider>
        </I18nProvider>
      </StrictMode>,
    ),
  ),
);

reportWebVitals();
