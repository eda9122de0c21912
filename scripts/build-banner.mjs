// Builds the theme app extension from extensions/consent-banner/src: the storefront script (→ assets/) and
// the parts of the app embed block and of the "Privacy rights link" block generated from the contract
// (src/contract.ts → blocks/consent-banner.liquid and blocks/privacy-link.liquid, by src/block-liquid.ts).
// The CSS is minified into the script (injected only when the banner shows). All are committed (shopify app
// deploy uploads them); test/banner-build.test.ts and test/banner-contract.test.ts fail when any differs
// from a fresh build.
import * as esbuild from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../extensions/consent-banner");
export const OUTPUT = path.join(root, "assets/consent-banner.js");
export const BLOCK = path.join(root, "blocks/consent-banner.liquid");
export const PRIVACY_LINK = path.join(root, "blocks/privacy-link.liquid");

/** `plugins`: esbuild plugins (the bench builds a variant without one module, to weigh it). */
export async function buildBanner({ plugins = [] } = {}) {
  const css = await esbuild.transform(readFileSync(path.join(root, "src/banner.css"), "utf8"), {
    loader: "css",
    minify: true,
    target: ["chrome100", "safari15", "firefox100"],
  });
  const result = await esbuild.build({
    entryPoints: [path.join(root, "src/main.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    legalComments: "none",
    define: { __CSS__: JSON.stringify(css.code.trim()) },
    write: false,
    plugins,
  });
  return { js: result.outputFiles[0].text, css: css.code.trim() };
}

/** src/block-liquid.ts, compiled here so plain Node runs it. */
async function blockLiquid() {
  const result = await esbuild.build({ entryPoints: [path.join(root, "src/block-liquid.ts")], bundle: true, format: "esm", platform: "node", write: false });
  return import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
}

/** The app embed block as src/block-liquid.ts writes it from the contract. */
export async function buildBlock() {
  return (await blockLiquid()).generateBlock(readFileSync(BLOCK, "utf8"));
}

/** The "Privacy rights link" app block as src/block-liquid.ts writes it from the contract. */
export async function buildPrivacyLink() {
  return (await blockLiquid()).generatePrivacyLink(readFileSync(PRIVACY_LINK, "utf8"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { js } = await buildBanner();
  writeFileSync(OUTPUT, js);
  console.log(`wrote ${path.relative(process.cwd(), OUTPUT)} (${js.length} bytes)`);
  writeFileSync(BLOCK, await buildBlock());
  console.log(`wrote the generated parts of ${path.relative(process.cwd(), BLOCK)}`);
  writeFileSync(PRIVACY_LINK, await buildPrivacyLink());
  console.log(`wrote the generated parts of ${path.relative(process.cwd(), PRIVACY_LINK)}`);
}
