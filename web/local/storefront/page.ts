import { escapeHtml } from "../pages.js";
import type { Override } from "./storefront-params.js";

const PRODUCTS = [
  ["Linen shirt", "€59", "#c9b79c"],
  ["Wool scarf", "€35", "#7a8f7b"],
  ["Canvas tote", "€24", "#d7cfc2"],
  ["Leather belt", "€45", "#6b4a34"],
  ["Cotton socks", "€12", "#9aa7b8"],
  ["Knit beanie", "€22", "#b5675a"],
];

export interface PageOptions {
  shop: string;
  locale: string;
  region: string;
  /** The rendered app embed (compliance_head: first in <head>); empty for the page without the banner. */
  embed: string;
  /** The rendered "Privacy rights link" app block, placed in the footer as a theme's footer section would. */
  footerBlock: string;
  failConsent: boolean;
  /** A stand-in third-party tracker's script URL, pasted into the head as merchants paste snippets. */
  tracker?: string;
  /** Query parameters that replaced a value of the settings saved from the admin. */
  overrides?: Override[];
  /** Query parameters that were not valid, with the reason. */
  ignored?: Array<{ name: string; value: string; problem: string }>;
  /** The page's content (an app proxy page rendered in the theme); the shop's products when absent. */
  main?: string;
  /** Code the merchant pasted into the theme: right after the app embed in <head>, and at the end of <body>. */
  themeHead?: string;
  themeBody?: string;
}

const shown = (value: unknown) => (value === undefined ? "not set" : JSON.stringify(value));

/** Says which test parameters overrode the saved settings, and which were ignored: nothing silent. */
function parameterNote(options: PageOptions): string {
  const lines: string[] = [];
  if (options.overrides?.length) {
    const items = options.overrides.map(
      (o) => `<code>${escapeHtml(o.name)}</code> → ${escapeHtml(o.path)} = ${escapeHtml(shown(o.value))} (saved: ${escapeHtml(shown(o.saved))})`,
    );
    lines.push(`<p>Test parameters override the settings saved in the admin: ${items.join("; ")}.</p>`);
  }
  if (options.ignored?.length) {
    const items = options.ignored.map((i) => `<code>${escapeHtml(i.name)}=${escapeHtml(i.value)}</code> (${escapeHtml(i.problem)})`);
    lines.push(`<p>Ignored parameters: ${items.join("; ")}.</p>`);
  }
  return lines.length ? `<aside class="local-note" aria-label="Test parameters">${lines.join("")}</aside>` : "";
}

/** A theme-like storefront page (header, products, footer), with Shopify's pieces the banner relies on. */
export function storefrontPage(options: PageOptions): string {
  const title = options.shop.replace(/\.myshopify\.com$/, "").replace(/-/g, " ");
  return `<!doctype html>
<html lang="${escapeHtml(options.locale)}">
<head>
${options.embed}${options.themeHead ? `\n${options.themeHead}` : ""}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="A local storefront for trying the consent banner.">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<script src="/local/customer-privacy.js" data-region="${escapeHtml(options.region)}"${options.failConsent ? ' data-fail="1"' : ""}></script>${options.tracker ? `\n<script async src="${escapeHtml(options.tracker)}"></script>` : ""}
<style>
  body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fafaf7}
  header,footer{display:flex;gap:1.5rem;align-items:center;padding:1rem 2rem;background:#fff;border-bottom:1px solid #e5e5e0}
  header strong{font-size:1.25rem;text-transform:capitalize;margin-right:auto}
  a{color:#1a1a1a}
  main{max-width:68rem;margin:0 auto;padding:2rem}
  .hero{padding:3rem 2rem;background:#efe9df;border-radius:16px;margin-bottom:2rem}
  .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1.5rem;list-style:none;padding:0}
  .card{background:#fff;border-radius:12px;overflow:hidden;border:1px solid #e5e5e0}
  .card div{aspect-ratio:4/3} .card p{margin:.75rem 1rem}
  footer{border-top:1px solid #e5e5e0;border-bottom:0;margin-top:3rem;flex-wrap:wrap}
  .local-note{font-size:14px;padding:.4rem 2rem;background:#fff4d6;border-bottom:1px solid #e1c675}
  .local-note p{margin:.2rem 0} .local-note code{background:#fff;padding:0 .25rem;border-radius:4px}
</style>
</head>
<body>
${parameterNote(options)}<header><strong>${escapeHtml(title)}</strong><a href="#">Shop</a><a href="#">About</a><a href="#">Cart (0)</a></header>
<main>
${
  options.main ??
  `<section class="hero"><h1>New season, slow fashion</h1><p>Natural fabrics, made to last.</p></section>
  <h2>Featured products</h2>
  <ul class="grid">
    ${PRODUCTS.map(([name, price, colour]) => `<li class="card"><div style="background:${colour}" role="img" aria-label="${name}"></div><p><strong>${name}</strong></p><p>${price}</p></li>`).join("\n    ")}
  </ul>`
}
</main>
<footer><span>© ${escapeHtml(title)}</span><a href="/local/storefront/policy">Privacy policy</a>${options.footerBlock}</footer>${options.themeBody ? `\n${options.themeBody}` : ""}
</body>
</html>`;
}
