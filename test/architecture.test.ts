import { readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../web/config/paths.js";

/** Every production source file of the server (tests and the admin UI excluded). */
function sources(dir = path.join(ROOT, "web")): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return ["__tests__", "frontend", "node_modules"].includes(entry) ? [] : sources(full);
    return /\.tsx?$/.test(entry) ? [full] : [];
  });
}

/** Static imports (type-only ones included) that point at another file of the repository. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gms)].map((m) => m[1]!);
  return specifiers.filter((s) => s.startsWith(".")).map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, ".ts")));
}

const rel = (file: string) => path.relative(path.join(ROOT, "web"), file);
const folderOf = (file: string) => rel(file).split(path.sep)[0]!;
const files = sources();
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe("the server's structure", () => {
  it("has no import cycles", () => {
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(" → "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("has no cycles between folders either (each concern depends one way on another)", () => {
    const folder = (file: string) => (rel(file).includes(path.sep) ? folderOf(file) : "(root)");
    const edges = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      for (const target of targets) {
        if (!graph.has(target) || folder(target) === folder(file)) continue;
        if (!edges.has(folder(file))) edges.set(folder(file), new Set());
        edges.get(folder(file))!.add(folder(target));
      }
    }
    const cycles: string[] = [];
    for (const [from, targets] of edges) {
      for (const to of targets) if (edges.get(to)?.has(from) && from < to) cycles.push(`${from} ↔ ${to}`);
    }
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...(edges.get(from) ?? [])].some((next) => next === to || (!seen.has(next) && (seen.add(next), reaches(next, to, seen))));
    const longer = [...edges.keys()].filter((f) => reaches(f, f)).sort();
    expect(cycles).toEqual([]);
    expect(longer).toEqual([]);
  });

  it("keeps the lower layers (config, logging, security, db) free of imports from above them", () => {
    const order = ["config", "logging", "security", "db"];
    const violations = files
      .filter((file) => order.includes(folderOf(file)))
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => {
            const folder = folderOf(target);
            return !order.includes(folder) || order.indexOf(folder) > order.indexOf(folderOf(file));
          })
          .map((target) => `${rel(file)} imports ${rel(target)}`),
      );
    expect(violations).toEqual([]);
  });

  it("never imports local mode from production code (it is loaded by one dynamic import, without credentials only)", () => {
    const violations = files
      .filter((file) => folderOf(file) !== "local")
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => folderOf(target) === "local")
          .map((target) => `${rel(file)} imports ${rel(target)}`),
      );
    expect(violations).toEqual([]);
    expect(readFileSync(path.join(ROOT, "web/server.ts"), "utf8")).toContain('await import("./local/index.js")');
  });

  it("lists local-mode-only packages as devDependencies, so `npm ci --omit=dev` installs none of them", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const localOnly = new Set<string>();
    for (const file of files.filter((f) => folderOf(f) === "local")) {
      for (const m of readFileSync(file, "utf8").matchAll(/from\s+["']([^."'][^"']*)["']/g))
        localOnly.add(
          m[1]!
            .split("/")
            .slice(0, m[1]!.startsWith("@") ? 2 : 1)
            .join("/"),
        );
    }
    const production = new Set<string>();
    for (const file of files.filter((f) => folderOf(f) !== "local")) {
      for (const m of readFileSync(file, "utf8").matchAll(/from\s+["']([^."'][^"']*)["']/g))
        production.add(
          m[1]!
            .split("/")
            .slice(0, m[1]!.startsWith("@") ? 2 : 1)
            .join("/"),
        );
    }
    const onlyLocal = [...localOnly].filter((name) => !production.has(name) && !name.startsWith("node:"));
    expect(onlyLocal.filter((name) => name in pkg.dependencies)).toEqual([]);
  });
});

/**
 * The files a host runs after `npm ci --omit=dev`: the server (local mode excluded), the admin UI and the
 * banner's sources (built there), Prisma's configuration, and the scripts `npm ci` and `npm start` run.
 */
function productionFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return ["__tests__", "node_modules", "dist", "local"].includes(entry) ? [] : walk(full);
      return /\.(tsx?|mjs|js)$/.test(entry) && !/\.test\.tsx?$/.test(entry) && !full.includes(`${path.sep}assets${path.sep}`) ? [full] : [];
    });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const lifecycle = ["preinstall", "install", "postinstall", "prepare", "prestart", "start"].map((name) => pkg.scripts[name] ?? "").join(" ");
  const scripts = [...lifecycle.matchAll(/scripts\/[\w.-]+\.mjs/g)].map((m) => path.join(ROOT, m[0]));
  return [
    ...walk(path.join(ROOT, "web")),
    ...walk(path.join(ROOT, "extensions")),
    ...walk(path.join(ROOT, "prisma")),
    path.join(ROOT, "prisma.config.ts"),
    ...scripts,
  ];
}

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`), or undefined for files and builtins. */
function packageOf(specifier: string): string | undefined {
  // virtual:…: a module a Vite plugin of the admin's build makes (web/frontend/i18n-catalogues.ts), not a package.
  if (
    specifier.startsWith(".") ||
    specifier.startsWith("/") ||
    specifier.startsWith("node:") ||
    specifier.startsWith("virtual:") ||
    builtinModules.includes(specifier.split("/")[0]!)
  )
    return undefined;
  return specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
}

describe("the packages production code imports", () => {
  it("are all dependencies, so `npm ci --omit=dev` installs them (local mode's are devDependencies)", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const files = productionFiles();
    expect(files.map((file) => path.relative(ROOT, file))).toEqual(expect.arrayContaining(["web/index.ts", "web/db/database.ts", "scripts/prepare.mjs"]));
    const missing = files.flatMap((file) =>
      // Static, type-only, dynamic and require() imports alike.
      ts
        .preProcessFile(readFileSync(file, "utf8"), true, true)
        .importedFiles.map((imported) => packageOf(imported.fileName))
        .filter((name): name is string => name !== undefined && !(name in pkg.dependencies))
        .map((name) => `${path.relative(ROOT, file)} imports ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
