import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";
import { ROOT } from "../../config/paths.js";
import { contrast } from "../../../extensions/consent-banner/src/contract.js";

export const EXTENSION = path.join(ROOT, "extensions/consent-banner");
const BLOCK = path.join(EXTENSION, "blocks/consent-banner.liquid");
const PRIVACY_LINK = path.join(EXTENSION, "blocks/privacy-link.liquid");

/** Shopify's `json` filter: JSON with <, > and & escaped, so it is safe inside <script>. */
export function shopifyJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026");
}

/** A tag whose body is kept raw ({% schema %}, {% javascript %}, …); `onBody` sees the text. */
function rawTag(end: string, onBody?: (text: string) => void) {
  return class extends Tag {
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
      super(token, remain, liquid);
      let body = "";
      while (remain.length) {
        const next = remain.shift()!;
        if ((next as TagToken).name === end) {
          onBody?.(body);
          return;
        }
        body += next.getText();
      }
      throw new Error(`{% ${token.name} %} is not closed`);
    }
    render() {
      return "";
    }
  };
}

interface SchemaSetting {
  id: string;
  default?: unknown;
}

const locales = new Map<string, Record<string, unknown>>();
function translations(locale: string): Record<string, unknown> {
  if (!locales.has(locale)) {
    const file = ["", ".default"].map((suffix) => path.join(EXTENSION, "locales", `${locale}${suffix}.json`)).find(existsSync);
    locales.set(locale, file ? JSON.parse(readFileSync(file, "utf8")) : {});
  }
  return locales.get(locale)!;
}

function lookup(tree: Record<string, unknown>, key: string): string | undefined {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  return typeof value === "string" ? value : undefined;
}

export interface EmbedContext {
  locale: string;
  settings?: Record<string, unknown>;
  /** The app-owned metafield consent_banner.settings, as Liquid's `.value` gives a json metafield. */
  savedSettings?: unknown;
  /** The app-owned metafield consent_banner.trackers (the store's tracker list), as Liquid's `.value` gives it. */
  storeTrackers?: unknown;
  privacyPolicyUrl?: string;
  assetBase: string;
  designMode?: boolean;
}

/**
 * Renders one of the extension's blocks with liquidjs, after registering the Shopify tags and filters they
 * use (strictFilters: an unknown filter is an error, as on Shopify). Schema defaults fill the settings.
 */
async function renderBlock(file: string, id: string, context: EmbedContext): Promise<string> {
  let schema: { settings: SchemaSetting[] } = { settings: [] };
  const engine = new Liquid({ strictFilters: true, strictVariables: false });
  engine.registerTag(
    "schema",
    rawTag("endschema", (text) => (schema = JSON.parse(text))),
  );
  engine.registerTag("javascript", rawTag("endjavascript"));
  engine.registerTag("stylesheet", rawTag("endstylesheet"));
  engine.registerTag("doc", rawTag("enddoc"));
  engine.registerFilter("t", (key: string) => {
    const locale = context.locale;
    return (
      lookup(translations(locale), key) ??
      lookup(translations(locale.split("-")[0]!), key) ??
      lookup(translations("en"), key) ??
      `translation missing: ${locale}.${key}`
    );
  });
  engine.registerFilter("json", shopifyJson);
  engine.registerFilter("sha256", (text: string) => createHash("sha256").update(String(text)).digest("hex"));
  // Shopify's color_contrast: the WCAG ratio's numerator, to one decimal, whichever colour comes first.
  engine.registerFilter("color_contrast", (a: string, b: string) => Math.round(contrast(String(a), String(b)) * 10) / 10);
  engine.registerFilter("asset_url", (name: string) => `${context.assetBase}/${name}`);
  const template = engine.parse(readFileSync(file, "utf8"));
  const defaults = Object.fromEntries(schema.settings.filter((s) => s.id).map((s) => [s.id, s.default]));
  return engine.render(template, {
    block: { id, settings: { ...defaults, ...context.settings } },
    app: {
      metafields: {
        consent_banner: {
          settings: context.savedSettings ? { value: context.savedSettings } : undefined,
          trackers: context.storeTrackers ? { value: context.storeTrackers } : undefined,
        },
      },
    },
    request: { locale: { iso_code: context.locale }, design_mode: Boolean(context.designMode) },
    shop: { privacy_policy: context.privacyPolicyUrl ? { url: context.privacyPolicyUrl } : undefined },
  });
}

/** The real app embed block (blocks/consent-banner.liquid), as Shopify renders it first in <head>. */
export const renderEmbed = (context: EmbedContext) => renderBlock(BLOCK, "local-consent-banner", context);

/**
 * The real "Privacy rights link" app block (blocks/privacy-link.liquid), as a theme's footer section renders
 * it, inside the wrapper Shopify puts around every app block.
 */
export async function renderPrivacyLink(context: Pick<EmbedContext, "locale" | "settings" | "savedSettings">): Promise<string> {
  const id = "local-privacy-link";
  const html = await renderBlock(PRIVACY_LINK, id, { ...context, assetBase: "" });
  return `<div id="shopify-block-${id}" class="shopify-block shopify-app-block">${html.trim()}</div>`;
}
