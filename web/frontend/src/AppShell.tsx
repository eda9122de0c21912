import { lazy, Suspense, useEffect, type ComponentType } from "react";
import { Link as RouterLink, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Card, Layout, SkeletonBodyText, SkeletonPage } from "@shopify/polaris";
import { AppPage } from "./AppPage";

type PageModule = { default: ComponentType };

/**
 * A page in a chunk of its own (React.lazy), with `preload()` to start its import early. A page whose
 * chunk has arrived before its first render renders at once: the lazy factory then hands React a
 * thenable that resolves synchronously, so there is no Suspense fallback to paint and replace.
 */
function lazyPage(load: () => Promise<PageModule>) {
  let loaded: PageModule | undefined;
  let loading: Promise<PageModule> | undefined;
  const preload = () => (loading ??= load().then((module) => (loaded = module)));
  const Page = lazy(() => (loaded ? ({ then: (resolve: (module: PageModule) => void) => resolve(loaded!) } as Promise<PageModule>) : preload()));
  return Object.assign(Page, { preload });
}

// Each page is its own chunk: the home page loads only what it needs.
const HomePage = lazyPage(() => import("./pages/HomePage"));
const BannerPage = lazyPage(() => import("./pages/BannerPage"));
const PrivacyRequestsPage = lazyPage(() => import("./pages/PrivacyRequestsPage"));
const PrivacyRequestPage = lazyPage(() => import("./pages/PrivacyRequestPage"));
const InsightsPage = lazyPage(() => import("./pages/InsightsPage"));
const ConsentLogPage = lazyPage(() => import("./pages/ConsentLogPage"));
const LeaksPage = lazyPage(() => import("./pages/LeaksPage"));
const HelpPage = lazyPage(() => import("./pages/HelpPage"));

/** Home's chunk, when the app opens on Home (index.html has it downloading already): main.tsx renders once it is here. */
export function preloadFirstPage(pathname: string): Promise<unknown> {
  return pathname === "/" ? HomePage.preload() : Promise.resolve();
}

function Loading() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={4} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

/** App Bridge gives the frame (nav menu, title bar, save bar); the pages give the content. */
export function AppShell() {
  const navigate = useNavigate();
  const location = useLocation();
  // App Bridge navigates the frame with the History API (nav menu clicks); keep the embedded query
  // (shop, host) on every in-app URL so a reload still opens the app.
  useEffect(() => {
    const saved = sessionStorage.getItem("app-query");
    if (location.search) sessionStorage.setItem("app-query", location.search);
    else if (saved) navigate({ pathname: location.pathname, search: saved, hash: location.hash }, { replace: true });
  }, [location, navigate]);

  return (
    <>
      <NavMenu>
        <RouterLink to="/" rel="home">
          Home
        </RouterLink>
        <RouterLink to="/banner">Banner</RouterLink>
        <RouterLink to="/insights">Consent insights</RouterLink>
        <RouterLink to="/consent-log">Consent log</RouterLink>
        <RouterLink to="/leaks">Consent leaks</RouterLink>
        <RouterLink to="/privacy-requests">Privacy requests</RouterLink>
        <RouterLink to="/help">Help</RouterLink>
      </NavMenu>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/banner" element={<BannerPage />} />
          <Route path="/insights" element={<InsightsPage />} />
          <Route path="/consent-log" element={<ConsentLogPage />} />
          <Route path="/leaks" element={<LeaksPage />} />
          <Route path="/privacy-requests" element={<PrivacyRequestsPage />} />
          <Route path="/privacy-requests/:id" element={<PrivacyRequestPage />} />
          <Route path="/help" element={<HelpPage />} />
          <Route path="*" element={<Navigate to={{ pathname: "/", search: location.search }} replace />} />
        </Routes>
      </Suspense>
    </>
  );
}

/** A page that could not load: what went wrong, and a retry (errors stay on the page, never a toast). */
export function PageError({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  return (
    <AppPage title={title}>
      <Banner tone="critical" title="This page could not load" action={{ content: "Try again", onAction: onRetry }}>
        <p>{message}</p>
      </Banner>
    </AppPage>
  );
}
