// The parts of blocks/consent-banner.liquid that follow from the contract (src/contract.ts): each option's
// value (the block's setting, then the app-owned metafield's), the contrast check for the theme editor, the
// text keys, Google Consent Mode's default, and the block's {% schema %}. `npm run build:banner` rewrites them between their markers;
// test/banner-contract.test.ts fails when the block is stale. Build-time only: the storefront script never imports it.
import { CONTRAST_PAIRS, MIN_CONTRAST, OPTIONS, optionLeaves, TEXT_KEYS, type Option, type OptionLeaf } from "./contract.js";
import { GCM_DEFAULT } from "./state.js";

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

const PARTS = { settings: settingsCode, schema: schemaCode };
const marker = (part: string, edge: "begin" | "end") =>
  edge === "begin"
    ? `{%- comment -%} contract:${part} — generated from src/contract.ts by \`npm run build:banner\`: edit there {%- endcomment -%}`
    : `{%- comment -%} end of contract:${part} {%- endcomment -%}`;

/** The block with its generated parts written afresh from the contract (the rest is kept as it is). */
export function generateBlock(source: string): string {
  let out = source;
  for (const [part, code] of Object.entries(PARTS)) {
    const begin = marker(part, "begin");
    const end = marker(part, "end");
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`blocks/consent-banner.liquid: the markers of contract:${part} are missing`);
    out = `${out.slice(0, from + begin.length)}\n${code()}\n${out.slice(to)}`;
  }
  return out;
}
