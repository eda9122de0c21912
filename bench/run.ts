// `npm run bench`: every suite's figures in one table, each beside a baseline measured in the same
// run, also written to bench/results/latest.json. Suites: bench/suites/*. Only loopback traffic.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../web/config/paths.js";
import type { BenchRow, BenchSuite } from "./harness.js";
import { admin } from "./suites/admin.js";
import { compliance } from "./suites/compliance.js";
import { foundation } from "./suites/foundation.js";
import { hotpaths } from "./suites/hotpaths.js";
import { insights } from "./suites/insights.js";
import { privacy } from "./suites/privacy.js";
import { storefront } from "./suites/storefront.js";

const suites: BenchSuite[] = [foundation, compliance, storefront, admin, insights, hotpaths, privacy];
const only = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const suite of suites.filter((s) => only.length === 0 || only.includes(s.name))) {
  process.stderr.write(`running ${suite.name}… (PostgreSQL too when TEST_POSTGRES_URL is set)\n`);
  rows.push(...(await suite.run()));
}

const header = ["suite", "metric", "value", "baseline", "baseline value", "ratio"];
const cells = rows.map((r) => [r.suite, r.metric, `${r.value} ${r.unit}`, r.baseline, `${r.baselineValue} ${r.unit}`, `${r.ratio}×`]);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
console.log([line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n"));

const out = path.join(ROOT, "bench/results");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "latest.json"), JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, rows }, null, 2));
console.log(`\nwritten to ${path.relative(ROOT, path.join(out, "latest.json"))}`);
process.exit(0);
