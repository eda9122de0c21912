import { useEffect, useMemo, useState } from "react";
import { BlockStack, ButtonGroup, Button, Card, InlineStack, Text } from "@shopify/polaris";
// The real storefront script (CSS inside), as the theme app extension ships it: the preview is the banner.
import bannerScript from "../../../../extensions/consent-banner/assets/consent-banner.js?raw";
import { storefrontConfig, type BannerSettings, type Config, type TextKey } from "../../../../extensions/consent-banner/src/contract";

export type PreviewLayer = "banner" | "panel";
export type PreviewWidth = "desktop" | "mobile";

/**
 * The page the preview frame shows: the config the Liquid block would render (the contract's storefrontConfig),
 * a stand-in of Shopify's Customer Privacy API, the script. The banner focuses itself when it opens (for
 * shoppers' keyboards); in the preview, redrawn as the merchant types, that would take the focus from the
 * field being edited, so scripts there cannot move focus (a click still can).
 */
export function previewDocument(
  settings: BannerSettings,
  texts: Record<TextKey, string>,
  locale: string,
  layer: PreviewLayer,
  policyUrl: string | null,
): string {
  // What the Liquid block would render for these settings; shown to every visitor, without Google Consent Mode.
  const config: Config = { ...storefrontConfig(settings, { locale, text: texts, shopPolicyUrl: policyUrl }), everywhere: true, gcm: false };
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{margin:0;min-height:100vh;font:16px/1.5 system-ui,sans-serif;color:#303030;background:repeating-linear-gradient(135deg,#f4f4f4 0 12px,#ececec 12px 24px)}main{padding:1.5rem}h1{font-size:1.4rem}</style>
<script type="application/json" id="consent-banner-config" data-text-hash="preview">${json}</script>
<script>HTMLElement.prototype.focus=function(){};navigator.sendBeacon=function(){return true};window.Shopify={loadFeatures:function(f,cb){cb()},customerPrivacy:{shouldShowBanner:function(){return true},saleOfDataRegion:function(){return false},currentVisitorConsent:function(){return{}},setTrackingConsent:function(c,cb){cb({})}}};</script>
</head><body><main><h1>Your store</h1><p>A preview of the consent banner with your unsaved settings.</p></main>
<script>${bannerScript.replace(/<\/script/gi, "<\\/script")}</script>
<script>${layer === "panel" ? `(function(){var b=document.querySelector("#cb .cb-bar .cb-alt");if(b)b.click();})();` : ""}</script>
</body></html>`;
}

/**
 * The live preview beside the controls: the real built banner in an isolated frame (sandboxed, no
 * access to the admin), redrawn from the unsaved settings on every change. First layer or preferences
 * panel, desktop or mobile width, in the language being edited (Arabic right to left).
 */
export function LivePreview(props: { settings: BannerSettings; texts: Record<TextKey, string>; locale: string; localeName: string; policyUrl: string | null }) {
  const [layer, setLayer] = useState<PreviewLayer>("banner");
  const [width, setWidth] = useState<PreviewWidth>("desktop");
  const html = useMemo(
    () => previewDocument(props.settings, props.texts, props.locale, layer, props.policyUrl),
    [props.settings, props.texts, props.locale, layer, props.policyUrl],
  );
  // Redraw at most every 150 ms while the merchant types.
  const [shown, setShown] = useState(html);
  useEffect(() => {
    const timer = setTimeout(() => setShown(html), 150);
    return () => clearTimeout(timer);
  }, [html]);

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            Preview
          </Text>
          <Text as="span" tone="subdued" variant="bodySm">
            {props.localeName}
          </Text>
        </InlineStack>
        <InlineStack gap="200" wrap>
          <ButtonGroup variant="segmented">
            <Button pressed={layer === "banner"} onClick={() => setLayer("banner")}>
              Banner
            </Button>
            <Button pressed={layer === "panel"} onClick={() => setLayer("panel")}>
              Preferences
            </Button>
          </ButtonGroup>
          <ButtonGroup variant="segmented">
            <Button pressed={width === "desktop"} onClick={() => setWidth("desktop")}>
              Desktop
            </Button>
            <Button pressed={width === "mobile"} onClick={() => setWidth("mobile")}>
              Mobile
            </Button>
          </ButtonGroup>
        </InlineStack>
        <div
          style={{
            display: "flex",
            justifyContent: "center",
            background: "var(--p-color-bg-surface-secondary)",
            borderRadius: "var(--p-border-radius-200)",
            overflow: "hidden",
          }}
        >
          <iframe
            title={`Preview of the consent banner (${layer === "banner" ? "banner" : "preferences"}, ${width}, ${props.localeName})`}
            data-testid="banner-preview"
            sandbox="allow-scripts"
            srcDoc={shown}
            style={{ border: 0, width: width === "desktop" ? "100%" : "375px", maxWidth: "100%", height: "480px", display: "block", background: "#fff" }}
          />
        </div>
      </BlockStack>
    </Card>
  );
}
