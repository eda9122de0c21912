import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import compression from "compression";
import express from "express";
import * as chromeLauncher from "chrome-launcher";
import { build } from "vite";
import react from "@vitejs/plugin-react";
import { readEnv } from "../../web/config/env.js";
import { ROOT } from "../../web/config/paths.js";
import { FRONTEND_DIST } from "../../web/http/frontend.js";
import type { LocalRuntime } from "../../web/local/index.js";
import { createLogger } from "../../web/logging/logger.js";
import { startApp } from "../../web/server.js";
import { CHROMIUM, CHROMIUM_FLAGS } from "../../test/support/browser.js";
import { lighthouseMedian, row, type BenchRow, type BenchSuite } from "../harness.js";

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const KB = 1024;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** A chunk and everything it imports statically (what the browser must load before it runs). */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) closure(manifest, next, seen);
  return seen;
}
const bytesOf = (dist: string, manifest: Manifest, keys: Iterable<string>) => {
  let total = 0;
  for (const key of keys) {
    const chunk = manifest[key]!;
    total += gz(path.join(dist, chunk.file));
    for (const css of chunk.css ?? []) total += gz(path.join(dist, css));
  }
  return total;
};

/** Builds the Polaris-only bare page (bench/fixtures/polaris-bare) with the same Vite setup, into a temp folder. */
async function buildBarePage(): Promise<{ dir: string; bytes: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-polaris-bare-"));
  await build({
    root: path.join(ROOT, "bench/fixtures/polaris-bare"),
    plugins: [react()],
    logLevel: "warn",
    build: { outDir: dir, emptyOutDir: true, manifest: true },
  });
  const manifest = JSON.parse(readFileSync(path.join(dir, ".vite/manifest.json"), "utf8")) as Manifest;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  return { dir, bytes: bytesOf(dir, manifest, closure(manifest, entry)) };
}

/** The admin's JS + CSS, gzipped: the home page's first load, and each page's own chunk, beside the bare Polaris page. */
function weights(bareBytes: number): BenchRow[] {
  const manifest = JSON.parse(readFileSync(path.join(FRONTEND_DIST, ".vite/manifest.json"), "utf8")) as Manifest;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const initial = closure(manifest, entry);
  const page = (name: string) => Object.keys(manifest).find((k) => k.endsWith(`pages/${name}.tsx`))!;
  const pageOnly = (name: string) => [...closure(manifest, page(name))].filter((k) => !initial.has(k));
  const home = new Set([...initial, ...pageOnly("HomePage")]);
  const rows = [
    row(
      "admin",
      "home page first load, JS + CSS gzipped (goal ≤ 150 KB)",
      "KB",
      bytesOf(FRONTEND_DIST, manifest, home) / KB,
      "bare Polaris page, same build setup",
      bareBytes / KB,
    ),
  ];
  for (const name of ["HomePage", "BannerPage", "InsightsPage", "ConsentLogPage", "PrivacyRequestsPage", "PrivacyRequestPage"]) {
    rows.push(
      row(
        "admin",
        `${name} chunk(s) beyond the first load, gzipped`,
        "KB",
        bytesOf(FRONTEND_DIST, manifest, pageOnly(name)) / KB,
        "bare Polaris page",
        bareBytes / KB,
      ),
    );
  }
  return rows;
}

/** Lighthouse (mobile preset: throttled CPU and network) on the app's document and on the bare Polaris page, median of 3. */
async function lighthouseAdmin(bareDir: string): Promise<BenchRow[]> {
  const app = await startApp(readEnv({ APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bench-admin-")), PORT: "0", LOG_LEVEL: "warn" }), {
    logger: createLogger("warn"),
    host: "127.0.0.1",
  });
  const shop = (app.local as LocalRuntime).shop;
  const host = Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url");
  const bare = express().use(compression(), express.static(bareDir)); // served as the app serves its own assets
  const bareServer = http.createServer(bare).listen(0, "127.0.0.1");
  await new Promise((resolve) => bareServer.once("listening", resolve));
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
  const measure = (url: string) => lighthouseMedian(url, chrome.port);
  const ours = await measure(`${app.url}/?embedded=1&shop=${shop}&host=${host}`);
  const baseline = await measure(`http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/index.html`);
  chrome.kill();
  bareServer.close();
  await app.close();
  return [
    row("admin", "LCP, home page document (Lighthouse mobile, median of 3; goal ≤ 2,500 ms)", "ms", ours.lcp, "bare Polaris page", baseline.lcp),
    row("admin", "CLS, home page (worst of 3; goal ≤ 0.1)", "", ours.cls, "bare Polaris page", baseline.cls),
    row("admin", "total blocking time, home page (median of 3)", "ms", ours.tbt, "bare Polaris page", baseline.tbt),
  ];
}

export const admin: BenchSuite = {
  name: "admin",
  async run() {
    const bare = await buildBarePage();
    return [...weights(bare.bytes), ...(await lighthouseAdmin(bare.dir))];
  },
};
