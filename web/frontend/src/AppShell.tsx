import { lazy, startTransition, Suspense, useEffect, useState, type ComponentType, type ReactNode } from "react";
import { Link as RouterLink, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Card, Layout, SkeletonBodyText, SkeletonPage } from "@shopify/polaris";
import { AppPage, LoadingPage } from "./AppPage";
import { useT } from "./i18n/useT";

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

/** Whether the load's first page has been rendered: any page after it is an in-app switch. */
let firstPageRendered = false;

/**
 * A page of the app. The load's first page renders at once. A page switched to shows its title and a
 * skeleton in the switch's first frame, then renders itself in a transition once that frame is painted:
 * a page's own first render (a form, a table) takes a few hundred ms of a slow phone's main thread, and
 * the merchant sees the switch at once rather than the old page standing still.
 */
function AppRoute({ title, children }: { title: string; children: ReactNode }) {
  const [ready, setReady] = useState(() => !firstPageRendered);
  useEffect(() => {
    firstPageRendered = true;
    if (ready) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => startTransition(() => setReady(true)))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready]);
  return ready ? children : <LoadingPage title={title} />;
}

/** App Bridge gives the frame (nav menu, title bar, save bar); the pages give the content. */
export function AppShell() {
  const t = useT();
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
          {t("nav.home")}
        </RouterLink>
        <RouterLink to="/banner">{t("nav.banner")}</RouterLink>
        <RouterLink to="/insights">{t("nav.insights")}</RouterLink>
        <RouterLink to="/consent-log">{t("nav.consentLog")}</RouterLink>
        <RouterLink to="/leaks">{t("nav.leaks")}</RouterLink>
        <RouterLink to="/privacy-requests">{t("nav.privacyRequests")}</RouterLink>
        <RouterLink to="/help">{t("nav.help")}</RouterLink>
      </NavMenu>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<AppRoute key="/" title="Consent & Compliance" children={<HomePage />} />} />
          <Route path="/banner" element={<AppRoute key="/banner" title="Banner" children={<BannerPage />} />} />
          <Route path="/insights" element={<AppRoute key="/insights" title="Consent insights" children={<InsightsPage />} />} />
          <Route path="/consent-log" element={<AppRoute key="/consent-log" title="Consent log" children={<ConsentLogPage />} />} />
          <Route path="/leaks" element={<AppRoute key="/leaks" title="Consent leaks" children={<LeaksPage />} />} />
          <Route path="/privacy-requests" element={<AppRoute key="/privacy-requests" title="Privacy requests" children={<PrivacyRequestsPage />} />} />
          <Route path="/privacy-requests/:id" element={<AppRoute key="/privacy-requests/:id" title="Privacy request" children={<PrivacyRequestPage />} />} />
          <Route path="/help" element={<AppRoute key="/help" title="Help" children={<HelpPage />} />} />
          <Route path="*" element={<Navigate to={{ pathname: "/", search: location.search }} replace />} />
        </Routes>
      </Suspense>
    </>
  );
}

/** A page that could not load: what went wrong, and a retry (errors stay on the page, never a toast). */
export function PageError({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  const t = useT();
  return (
    <AppPage title={title}>
      <Banner tone="critical" title={t("page.errorTitle")} action={{ content: t("page.retry"), onAction: onRetry }}>
        <p>{message}</p>
      </Banner>
    </AppPage>
  );
}
