import { mkdirSync } from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "../../web/config/paths.js";

/** Debian's Chromium (installed by .ci/run); Playwright's own browser download cannot work here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The flags every Chromium here is started with (tests and the Lighthouse benches). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** `args`: more Chromium flags, e.g. --host-resolver-rules to serve a "third-party" host from here. */
export function launchBrowser(args: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS, ...args] });
}

/** Screenshots are CI artifacts (artifacts/screenshots, ignored by git), not committed files. */
export function screenshotPath(name: string): string {
  const dir = path.join(ROOT, "artifacts/screenshots");
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/** axe-core on the app's document inside /local/admin (WCAG 2.1 A and AA rules): each violation with its targets. */
export async function adminAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include("iframe#app").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
