import { useCallback, useEffect, useState } from "react";

/** The app embed's handle: its file name in extensions/consent-banner/blocks, without .liquid. */
export const EMBED_HANDLE = "consent-banner";

/** A theme app extension's block or embed, as App Bridge reports it. */
interface ThemeBlock {
  handle: string;
  name: string;
  target: string;
  status: "active" | "available" | "unavailable";
}

export type EmbedStatus = "loading" | "active" | "available" | "unavailable" | "unknown";

/**
 * Whether the consent banner's app embed is on in the live theme, from App Bridge
 * (`shopify.app.extensions()`, Shopify's record of the published theme). Checked again whenever the
 * merchant comes back to the tab (from the theme editor, say).
 */
export function useEmbedStatus() {
  const [status, setStatus] = useState<EmbedStatus>("loading");
  const check = useCallback(async () => {
    try {
      const extensions = await window.shopify.app.extensions();
      const blocks = extensions.flatMap((extension) => (extension.type === "theme_app_extension" ? (extension.activations as ThemeBlock[]) : []));
      const embed = blocks.find((block) => block.handle === EMBED_HANDLE);
      setStatus(embed ? embed.status : "unavailable");
    } catch {
      setStatus("unknown");
    }
  }, []);
  useEffect(() => {
    void check();
    const again = () => document.visibilityState === "visible" && void check();
    document.addEventListener("visibilitychange", again);
    window.addEventListener("focus", again);
    return () => {
      document.removeEventListener("visibilitychange", again);
      window.removeEventListener("focus", again);
    };
  }, [check]);
  return { status, check };
}

/**
 * Shopify's deep link that opens the theme editor with the embed switched on, ready to save, as an admin
 * link (`shopify://admin/…`) that App Bridge opens at the top level: the theme editor refuses to be framed.
 */
export function embedActivationUrl(apiKey: string): string {
  return `shopify://admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${EMBED_HANDLE}`;
}

/** The admin page where the merchant writes the shop's policies (Settings › Policies). */
export const POLICIES_URL = "shopify://admin/settings/legal";
