// The parts of blocks/consent-banner.liquid that follow from the contract (src/contract.ts): each option's
// value (the block's setting, then the app-owned metafield's), the contrast check for the theme editor, the
// text keys, Google Consent Mode's default, the inline tracker blocker with its config, and the block's {% schema %}. `npm run build:banner` rewrites them between their markers;
// test/banner-contract.test.ts fails when the block is stale. Build-time only: the storefront script never imports it.
import { CONTRAST_PAIRS, MIN_CONTRAST, OPTIONS, optionLeaves, TEXT_KEYS, TRACKERS_METAFIELD_KEY, type Option, type OptionLeaf } from "./contract.js";
import { GCM_DEFAULT, UET_DEFAULT } from "./state.js";

/** The Liquid variable holding an option's value on the storefront: cb_colors_button_text. */
export const liquidVariable = (path: string[]) => `cb_${path.map((part) => part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join("_")}`;

/** A default as a Liquid literal: Liquid has none for lists or objects, so an option with such a default needs its own code here. */
function literal(value: unknown): string {
  if (value === null) return "nil";
  if (typeof value === "string" && !value.includes("'")) return `'${value}'`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`no Liquid literal for the default ${JSON.stringify(value)}`);
}
/** Booleans and numbers: any value counts (false, 0). Strings: an empty one falls back. */
const present = (option: OptionLeaf) => (option.type === "boolean" || option.type === "integer" ? "!= nil" : "!= blank");

function settingsCode(): string {
  const lines = ["{%- liquid", "  assign saved = app.metafields.consent_banner.settings.value"];
  for (const { path, option } of optionLeaves()) {
    const name = liquidVariable(path);
    const fallback = option.type === "string" && option.liquidFallback ? option.liquidFallback : literal(option.default);
    lines.push(`  assign ${name} = ${fallback}`);
    if (option.block)
      lines.push(`  if block.settings.${option.block.id} ${present(option)}`, `    assign ${name} = block.settings.${option.block.id}`, "  endif");
    lines.push(`  if saved.${path.join(".")} ${present(option)}`, `    assign ${name} = saved.${path.join(".")}`, "  endif");
  }
  const colour = (key: string) => liquidVariable(["colors", key]);
  lines.push(
    `  # In the theme editor only: the colour pairs under ${MIN_CONTRAST}:1 (WCAG AA), worked out with Shopify's color_contrast filter`,
    "  # so the storefront script carries no colour maths.",
    "  assign low_contrast = ''",
    "  if request.design_mode",
  );
  for (const pair of CONTRAST_PAIRS) {
    lines.push(
      `    assign ratio = ${colour(pair.fg)} | color_contrast: ${colour(pair.bg)}`,
      `    if ratio < ${MIN_CONTRAST}`,
      `      assign low_contrast = low_contrast | append: ', ${pair.name} ' | append: ratio | append: ':1'`,
      "    endif",
    );
  }
  lines.push(
    "    if low_contrast != ''",
    `      assign low_contrast = low_contrast | remove_first: ', ' | prepend: 'Low contrast: ' | append: ' (WCAG AA needs ${MIN_CONTRAST}:1). Visitors may not be able to read the banner.'`,
    "    endif",
    "  endif",
    `  assign keys = '${TEXT_KEYS.join(",")}' | split: ','`,
    "-%}",
  );
  // The options as JSON members, in OPTIONS' order (groups as objects): the head of the config the script reads.
  const members = (options: Readonly<Record<string, Option>>, path: string[]): string =>
    Object.entries(options)
      .map(([key, option]) =>
        option.type === "group" ? `"${key}":{${members(option.options, [...path, key])}}` : `"${key}":{{ ${liquidVariable([...path, key])} | json }}`,
      )
      .join(",");
  lines.push(`{%- capture cb_settings -%}${members(OPTIONS, [])}{%- endcapture -%}`);
  // Google Consent Mode's default, sent before any tag when cb_gcm is on (state.ts's GCM_DEFAULT).
  lines.push(`{%- capture cb_gcm_default -%}${JSON.stringify(GCM_DEFAULT)}{%- endcapture -%}`);
  // Microsoft UET consent mode's default, before any UET tag when cb_uet is on (state.ts's UET_DEFAULT).
  lines.push(`{%- capture cb_uet_default -%}${JSON.stringify(UET_DEFAULT)}{%- endcapture -%}`);
  return lines.join("\n");
}

/** The theme editor's settings of the app embed (Shopify's input setting types). */
function blockSettings(): object[] {
  return optionLeaves().flatMap(({ option }): object[] => {
    const block = option.block;
    if (!block) return [];
    const head = { type: "", id: block.id, label: block.label, ...(block.info ? { info: block.info } : {}) };
    switch (option.type) {
      case "boolean":
        return [{ ...head, type: "checkbox", default: option.default }];
      case "integer":
        return [
          block.input === "range"
            ? { ...head, type: "range", min: option.min, max: option.max, step: 1, ...(option.unit ? { unit: option.unit } : {}), default: option.default }
            : { ...head, type: "number", default: option.default },
        ];
      case "choice":
        return [{ ...head, type: "select", options: Object.entries(option.choices).map(([value, label]) => ({ value, label })), default: option.default }];
      case "color":
        return [{ ...head, type: "color", default: option.default }];
      case "string":
        return [{ ...head, type: "text", ...(option.default === null ? {} : { default: option.default }) }];
    }
  });
}

function schemaCode(): string {
  const settings = blockSettings().map((s) => `    ${JSON.stringify(s, null, 1).replace(/\n\s*/g, " ")}`);
  return [
    "{% schema %}",
    "{",
    '  "name": "Consent banner",',
    '  "target": "compliance_head",',
    '  "settings": [',
    settings.join(",\n"),
    "  ]",
    "}",
    "{% endschema %}",
  ].join("\n");
}

/**
 * The "Privacy rights link" block's app proxy path: as the embed finds it (the app-owned metafield, then
 * this block's own setting, then the contract's default).
 */
function proxyPathCode(): string {
  const option = OPTIONS.proxyPath;
  const saved = "app.metafields.consent_banner.settings.value.proxyPath";
  return [
    "{%- liquid",
    `  assign cb_proxy_path = ${literal(option.default)}`,
    `  if block.settings.${option.block.id} != blank`,
    `    assign cb_proxy_path = block.settings.${option.block.id}`,
    "  endif",
    `  if ${saved} != blank`,
    `    assign cb_proxy_path = ${saved}`,
    "  endif",
    "-%}",
  ].join("\n");
}

function privacyLinkSchemaCode(): string {
  const setting = blockSettings().find((s) => (s as { id: string }).id === OPTIONS.proxyPath.block.id);
  return [
    "{% schema %}",
    "{",
    '  "name": "Privacy rights link",',
    '  "target": "section",',
    '  "settings": [',
    `    ${JSON.stringify(setting, null, 1).replace(/\n\s*/g, " ")}`,
    "  ]",
    "}",
    "{% endschema %}",
  ].join("\n");
}

const marker = (part: string, edge: "begin" | "end") =>
  edge === "begin"
    ? `{%- comment -%} contract:${part} — generated from src/contract.ts by \`npm run build:banner\`: edit there {%- endcomment -%}`
    : `{%- comment -%} end of contract:${part} {%- endcomment -%}`;

/** A block with the given generated parts written afresh (the rest is kept as it is). */
function generate(source: string, file: string, parts: Record<string, () => string>): string {
  let out = source;
  for (const [part, code] of Object.entries(parts)) {
    const begin = marker(part, "begin");
    const end = marker(part, "end");
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file}: the markers of contract:${part} are missing`);
    out = `${out.slice(0, from + begin.length)}\n${code()}\n${out.slice(to)}`;
  }
  return out;
}

/**
 * The inline tracker blocker (src/blocker.ts, built: `js`) and its config (the contract's BlockerConfig, built
 * in Liquid from the options and the app-owned metafield consent_banner.trackers). After Google's and
 * Microsoft's consent defaults, before every other script.
 */
function blockerCode(js: string): string {
  if (/\{%-?\s*endraw|<\/script/i.test(js)) throw new Error("the built blocker cannot be inlined: it holds {% endraw %} or </script");
  const v = liquidVariable;
  const config = [
    `"p":{{ ${v(["proxyPath"])} | json }}`,
    `"g":{{ ${v(["gcm"])} | json }}`,
    `"a":{% if ${v(["gcmMode"])} == 'advanced' %}true{% else %}false{% endif %}`,
    `"u":{{ ${v(["uet"])} | json }}`,
    `"w":{{ ${v(["reloadOnWithdraw"])} | json }}`,
    `"s":{{ app.metafields.consent_banner.${TRACKERS_METAFIELD_KEY}.value | json }}`,
  ];
  return [`<script type="application/json" id="consent-blocker-config">{${config.join(",")}}</script>`, `<script>{% raw %}${js}{% endraw %}</script>`].join(
    "\n",
  );
}

/** blocks/consent-banner.liquid (the app embed) with its generated parts written afresh from the contract and the built blocker. */
export const generateBlock = (source: string, blocker: string) =>
  generate(source, "blocks/consent-banner.liquid", { settings: settingsCode, blocker: () => blockerCode(blocker), schema: schemaCode });

/** blocks/privacy-link.liquid (the "Privacy rights link" app block) with its generated parts written afresh. */
export const generatePrivacyLink = (source: string) => generate(source, "blocks/privacy-link.liquid", { proxy: proxyPathCode, schema: privacyLinkSchemaCode });
