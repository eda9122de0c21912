// Builds the storefront script of the theme app extension: extensions/consent-banner/src → assets/.
// The CSS is minified into the script (injected only when the banner shows). The asset is committed
// (shopify app deploy uploads it); test/banner-build.test.ts fails when it differs from a fresh build.
import * as esbuild from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../extensions/consent-banner");
export const OUTPUT = path.join(root, "assets/consent-banner.js");

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { js } = await buildBanner();
  writeFileSync(OUTPUT, js);
  console.log(`wrote ${path.relative(process.cwd(), OUTPUT)} (${js.length} bytes)`);
}
