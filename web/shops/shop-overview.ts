// GET /api/shop's answer: defined once, built by shop-api.ts, read by the admin UI (`import type`).
export interface ShopOverview {
  shop: string;
  name: string | null;
  status: "installed" | "uninstalled";
  installedAt: string | null;
  uninstalledAt: string | null;
  apiVersion: string;
  database: "sqlite" | "postgresql";
}
