// `npm run theme-check`: Shopify's theme-check (app-extension checks, offline with its bundled Liquid
// docs) on the theme app extension. Exits 1 on any error.
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { themeCheckRun } = require("@shopify/theme-check-node");

export async function themeCheck(root) {
  const { offenses, config } = await themeCheckRun(root, undefined, () => undefined);
  return { context: config.context, checks: config.checks.length, offenses };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? "extensions/consent-banner");
  const { context, checks, offenses } = await themeCheck(root);
  for (const o of offenses)
    console.log(
      `${["error", "warning", "info"][o.severity]} ${o.check} ${path.relative(root, new URL(o.uri).pathname)}:${(o.start?.line ?? 0) + 1} ${o.message}`,
    );
  const errors = offenses.filter((o) => o.severity === 0).length;
  console.log(`theme-check (${context}, ${checks} checks): ${errors} errors, ${offenses.length - errors} other offenses`);
  process.exit(errors ? 1 : 0);
}
