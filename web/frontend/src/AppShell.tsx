import { lazy, Suspense, useEffect } from "react";
import { Link as RouterLink, Navigate, Route, Routes, useLocation, useNavigate } from "react-router-dom";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, Card, Layout, SkeletonBodyText, SkeletonPage } from "@shopify/polaris";
import { AppPage } from "./AppPage";
import { useT } from "./i18n/useT";

// Each page is its own chunk: the home page loads only what it needs.
const HomePage = lazy(() => import("./pages/HomePage"));
const BannerPage = lazy(() => import("./pages/BannerPage"));
const PrivacyRequestsPage = lazy(() => import("./pages/PrivacyRequestsPage"));
const PrivacyRequestPage = lazy(() => import("./pages/PrivacyRequestPage"));
const InsightsPage = lazy(() => import("./pages/InsightsPage"));
const ConsentLogPage = lazy(() => import("./pages/ConsentLogPage"));
const LeaksPage = lazy(() => import("./pages/LeaksPage"));
const HelpPage = lazy(() => import("./pages/HelpPage"));

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
  const t = useT();
  return (
    <AppPage title={title}>
      <Banner tone="critical" title={t("page.errorTitle")} action={{ content: t("page.retry"), onAction: onRetry }}>
        <p>{message}</p>
      </Banner>
    </AppPage>
  );
}
