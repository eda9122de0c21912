import { memo, useCallback, useEffect, useRef, useState } from "react";
import { BlockStack, ButtonGroup, Button, Card, InlineStack, Text } from "@shopify/polaris";
// The real storefront script (CSS inside), as the theme app extension ships it: the preview is the banner.
import bannerScript from "../../../../extensions/consent-banner/assets/consent-banner.js?raw";
import { storefrontConfig, TEXT_KEYS, type BannerSettings, type Config, type TextKey } from "../../../../extensions/consent-banner/src/contract";
import { useT } from "../i18n/useT";
import type { DraftStore } from "./draft-store";

export type PreviewLayer = "banner" | "panel";
export type PreviewWidth = "desktop" | "mobile";

/** What the admin posts to the preview frame: the config to draw and the layer to show. */
export interface PreviewMessage {
  type: "consent-banner-preview";
  config: Config;
  layer: PreviewLayer;
}
const MESSAGE_TYPE: PreviewMessage["type"] = "consent-banner-preview";

/** What the Liquid block would render for these settings; shown to every visitor, without Google Consent Mode. */
export function previewConfig(settings: BannerSettings, texts: Record<TextKey, string>, locale: string, policyUrl: string | null): Config {
  return { ...storefrontConfig(settings, { locale, text: texts, shopPolicyUrl: policyUrl }), everywhere: true, gcm: false };
}

/**
 * The page the preview frame shows, loaded once: the config the Liquid block would render, a stand-in of
 * Shopify's Customer Privacy API, the script. Each later change arrives as a message (PreviewMessage from
 * the parent window): the frame removes the banner it drew (its element, its stylesheet, its document
 * listeners), puts the new config where the Liquid block puts it, and runs the same script again, with no
 * new document to parse and lay out. The banner focuses itself when it opens (for shoppers' keyboards); in
 * the preview, redrawn as the merchant types, that would take the focus from the field being edited, so
 * scripts there cannot move focus (a click still can): `focus()` does nothing, and the panel's dialog opens
 * inert for the moment `showModal()` would focus into it.
 */
export function previewDocument(config: Config, layer: PreviewLayer): string {
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
  return `<!doctype html><html lang="${config.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<style id="preview-page">body{margin:0;min-height:100vh;font:16px/1.5 system-ui,sans-serif;color:#303030;background:repeating-linear-gradient(135deg,#f4f4f4 0 12px,#ececec 12px 24px)}main{padding:1.5rem}h1{font-size:1.4rem}</style>
<script type="application/json" id="consent-banner-config" data-text-hash="preview">${json(config)}</script>
<script>HTMLElement.prototype.focus=function(){};var showModal=HTMLDialogElement.prototype.showModal;HTMLDialogElement.prototype.showModal=function(){this.inert=true;showModal.call(this);this.inert=false};window.Shopify={loadFeatures:function(f,cb){cb()},customerPrivacy:{shouldShowBanner:function(){return true},saleOfDataRegion:function(){return false},currentVisitorConsent:function(){return{}},setTrackingConsent:function(c,cb){cb({})}}};</script>
</head><body><main><h1>Your store</h1><p>A preview of the consent banner with your unsaved settings.</p></main>
<script>(function(){
var listeners=[],add=document.addEventListener;
document.addEventListener=function(t,l,o){listeners.push([t,l,o]);return add.call(document,t,l,o)};
function banner(){${bannerScript.replace(/<\/script/gi, "<\\/script")}}
var element=document.getElementById("consent-banner-config"),drawn;
function draw(config,layer){
var json=JSON.stringify(config);
if(json+layer===drawn)return;
drawn=json+layer;
listeners.splice(0).forEach(function(a){document.removeEventListener(a[0],a[1],a[2])});
var old=document.getElementById("cb");if(old)old.remove();
document.querySelectorAll("head style:not(#preview-page)").forEach(function(s){s.remove()});
element.textContent=json;document.documentElement.lang=config.locale;
banner();
if(layer==="panel"){var b=document.querySelector("#cb .cb-bar .cb-alt");if(b)b.click()}
}
draw(JSON.parse(element.textContent),${json(layer)});
addEventListener("message",function(e){if(e.source===parent&&e.data&&e.data.type===${json(MESSAGE_TYPE)})draw(e.data.config,e.data.layer)});
})();</script>
</body></html>`;
}

/** First layer or preferences panel, desktop or mobile width. */
const PreviewControls = memo(function PreviewControls({
  layer,
  width,
  localeName,
  onLayer,
  onWidth,
}: {
  layer: PreviewLayer;
  width: PreviewWidth;
  localeName: string;
  onLayer: (layer: PreviewLayer) => void;
  onWidth: (width: PreviewWidth) => void;
}) {
  const t = useT();
  return (
    <>
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="h2" variant="headingMd">
          {t("banner.previewHeading")}
        </Text>
        <Text as="span" tone="subdued" variant="bodySm">
          <span translate="no">{localeName}</span>
        </Text>
      </InlineStack>
      <InlineStack gap="200" wrap>
        <ButtonGroup variant="segmented">
          <Button pressed={layer === "banner"} onClick={() => onLayer("banner")}>
            {t("banner.previewBanner")}
          </Button>
          <Button pressed={layer === "panel"} onClick={() => onLayer("panel")}>
            {t("banner.previewPreferences")}
          </Button>
        </ButtonGroup>
        <ButtonGroup variant="segmented">
          <Button pressed={width === "desktop"} onClick={() => onWidth("desktop")}>
            {t("banner.previewDesktop")}
          </Button>
          <Button pressed={width === "mobile"} onClick={() => onWidth("mobile")}>
            {t("banner.previewMobile")}
          </Button>
        </ButtonGroup>
      </InlineStack>
    </>
  );
});

/** The texts the banner shows in a language: the merchant's, else the app's own. */
const textsOf = (overrides: Partial<Record<TextKey, string>> | undefined, defaults: Record<TextKey, string>) =>
  Object.fromEntries(TEXT_KEYS.map((key) => [key, overrides?.[key] || defaults[key]])) as Record<TextKey, string>;

/**
 * The frame. It follows the draft by subscribing to the store itself, not through React: each change of the
 * draft posts the new config to the frame (in the same event as the keystroke), and nothing here re-renders.
 */
function PreviewFrame({
  store,
  locale,
  defaults,
  shopPolicyUrl,
  layer,
  width,
  title,
}: {
  store: DraftStore;
  locale: string;
  defaults: Record<TextKey, string>;
  shopPolicyUrl: string | null;
  layer: PreviewLayer;
  width: PreviewWidth;
  title: string;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const message = useCallback((): PreviewMessage => {
    const draft = store.get()!;
    return { type: MESSAGE_TYPE, config: previewConfig(draft, textsOf(draft.text[locale], defaults), locale, draft.policyUrl ?? shopPolicyUrl), layer };
  }, [store, locale, defaults, shopPolicyUrl, layer]);
  // The frame's document, from the first config; what changes later is posted.
  const [srcDoc] = useState(() => {
    const first = message();
    return previewDocument(first.config, first.layer);
  });
  // A message posted before the frame's script listens is lost: the frame's load event posts the latest again.
  const post = useCallback(() => frame.current?.contentWindow?.postMessage(message(), "*"), [message]);
  useEffect(() => {
    post();
    return store.subscribe(post);
  }, [store, post]);
  return (
    <iframe
      ref={frame}
      title={title}
      data-testid="banner-preview"
      sandbox="allow-scripts"
      srcDoc={srcDoc}
      onLoad={post}
      style={{ border: 0, width: width === "desktop" ? "100%" : "375px", maxWidth: "100%", height: "480px", display: "block", background: "#fff" }}
    />
  );
}

/**
 * The live preview beside the controls: the real built banner in an isolated frame (sandboxed, no access to
 * the admin), redrawn from the unsaved settings on every change, in the same interaction: the frame's
 * document is loaded once and each change is posted to it (previewDocument), so a keystroke costs a redraw
 * of the banner, not a new document, and no render of this card. First layer or preferences panel, desktop
 * or mobile width, in the language being edited (Arabic right to left).
 */
export const LivePreview = memo(function LivePreview(props: {
  store: DraftStore;
  locale: string;
  localeName: string;
  /** The app's own texts in `locale`: what an empty field shows. */
  defaults: Record<TextKey, string>;
  shopPolicyUrl: string | null;
}) {
  const t = useT();
  const [layer, setLayer] = useState<PreviewLayer>("banner");
  const [width, setWidth] = useState<PreviewWidth>("desktop");
  return (
    <Card>
      <BlockStack gap="300">
        <PreviewControls layer={layer} width={width} localeName={props.localeName} onLayer={setLayer} onWidth={setWidth} />
        <div
          style={{
            display: "flex",
            justifyContent: "center",
            background: "var(--p-color-bg-surface-secondary)",
            borderRadius: "var(--p-border-radius-200)",
            overflow: "hidden",
          }}
        >
          <PreviewFrame
            store={props.store}
            locale={props.locale}
            defaults={props.defaults}
            shopPolicyUrl={props.shopPolicyUrl}
            layer={layer}
            width={width}
            title={t(layer === "banner" ? "banner.previewFrameBanner" : "banner.previewFramePanel", {
              width: t(width === "desktop" ? "banner.widthDesktop" : "banner.widthMobile"),
              language: props.localeName,
            })}
          />
        </div>
      </BlockStack>
    </Card>
  );
});
