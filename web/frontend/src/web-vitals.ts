/**
 * Field data: App Bridge reports each page load's Web Vitals (LCP, CLS, INP…) as Shopify measures them for
 * Built for Shopify; they go to POST /api/web-vitals, which logs them. Names and values only, with the
 * app path; sent with `keepalive`, so a report made as the merchant leaves still arrives.
 */
export function reportWebVitals(): void {
  const onReport = window.shopify?.webVitals?.onReport;
  if (!onReport) return;
  void onReport(async (report) => {
    const metrics = (report?.metrics ?? []).map(({ name, value }) => ({ name, value }));
    if (!metrics.length) return;
    try {
      const token = await window.shopify.idToken();
      await fetch("/api/web-vitals", {
        method: "POST",
        keepalive: true,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ page: location.pathname, metrics }),
      });
    } catch {
      // Field data is best effort: a lost report changes nothing for the merchant.
    }
  });
}
