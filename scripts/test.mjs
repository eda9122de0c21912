// `npm test`: builds what the tests serve, runs vitest, and prints the plain closing line CI reads
// ("N passed, N failed, N skipped") from vitest's own JSON report of the run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const prepare = spawnSync(process.execPath, ["scripts/prepare.mjs"], { stdio: "inherit" });
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

// Types first: a type error fails the run like a failing test.
for (const project of ["tsconfig.json", "web/frontend/tsconfig.json"]) {
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", project], { stdio: "inherit" });
  if (tsc.status !== 0) {
    console.log(`0 passed, 1 failed (type errors in ${project})`);
    process.exit(1);
  }
}

const report = ".vitest-results.json";
rmSync(report, { force: true });
const run = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
if (!existsSync(report)) {
  console.log("0 passed, 1 failed (vitest wrote no report)");
  process.exit(run.status || 1);
}
const results = JSON.parse(readFileSync(report, "utf8"));
// A file that fails before any test runs (an import error, a failing beforeAll) counts as one failure.
const brokenFiles = (results.testResults ?? []).filter((f) => f.status === "failed" && !f.assertionResults?.some((a) => a.status === "failed")).length;
const failed = results.numFailedTests + brokenFiles;
console.log(`\n${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`);
process.exit(run.status ?? 1);
