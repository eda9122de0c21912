import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
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
