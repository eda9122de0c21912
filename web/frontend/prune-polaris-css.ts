import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import postcss from "postcss";
import type { Plugin } from "vite";

/**
 * Polaris ships one stylesheet for all its components (about 430 KB, 50 KB gzipped), and it blocks the
 * first paint: the browser downloads it, parses it and matches every element against its 2,300 rules.
 * This plugin keeps the rules the admin can use: every rule without a Polaris class (tokens, themes,
 * resets), and each selector whose Polaris classes (`.Polaris-…`, outside `:not()`, `:is()`, `:where()`
 * and `:has()`) all appear in a Polaris module the admin's code can reach. Those modules are found from
 * the names `src/` imports from "@shopify/polaris", following Polaris's own imports, so a component
 * added to a page brings its rules (and every component it renders) with it. The change happens before
 * the bundle is hashed: the stylesheet's file name follows its content.
 */
export function prunePolarisCss(options: { src: string }): Plugin {
  return {
    name: "prune-polaris-css",
    enforce: "pre",
    apply: "build",
    transform(code, id) {
      if (!/[\\/]@shopify[\\/]polaris[\\/]build[\\/]esm[\\/]styles\.css$/.test(id)) return null;
      const esm = path.dirname(id);
      const used = reachableClasses(esm, options.src);
      if (!used) {
        this.warn("prune-polaris-css: a Polaris import of src/ is not in Polaris's index; the whole stylesheet is kept");
        return null;
      }
      const root = postcss.parse(code, { from: id });
      root.walkRules((rule) => {
        if (rule.parent?.type === "atrule" && /keyframes$/i.test((rule.parent as postcss.AtRule).name)) return;
        const kept = rule.selectors.filter((selector) => polarisClasses(selector).every((name) => used.has(name)));
        if (kept.length === 0) rule.remove();
        else if (kept.length < rule.selectors.length) rule.selectors = kept;
      });
      // At-rules (@media, @supports…) left with no rules inside.
      root.walkAtRules((atRule) => {
        if (atRule.nodes && atRule.nodes.length === 0) atRule.remove();
      });
      return { code: root.toString(), map: null };
    },
  };
}

/** The Polaris classes a selector requires, leaving out those inside functional pseudo-classes. */
function polarisClasses(selector: string): string[] {
  let outside = selector;
  // Innermost parentheses first, until none are left: `:not(.A:is(.B))` goes whole.
  for (let previous = ""; previous !== outside;) {
    previous = outside;
    outside = outside.replace(/\([^()]*\)/g, "");
  }
  return [...outside.matchAll(/\.(Polaris-[\w-]+)/g)].map((match) => match[1]!);
}

/**
 * Every `Polaris-…` string in the Polaris modules reachable from what `src` imports from
 * "@shopify/polaris" (class-name maps and the few classes Polaris sets by hand), or undefined when an
 * imported name is not exported by Polaris's index (the stylesheet is then kept whole).
 */
function reachableClasses(esm: string, src: string): Set<string> | undefined {
  const index = readFileSync(path.join(esm, "index.js"), "utf8");
  const exported = new Map<string, string>();
  for (const [, names, file] of index.matchAll(/export \{([^}]*)\} from '([^']+)'/g)) {
    for (const name of names!.split(",")) {
      const alias = name
        .trim()
        .split(/\s+as\s+/)
        .at(-1)!;
      if (alias) exported.set(alias, path.join(esm, file!));
    }
  }
  const start: string[] = [];
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, "utf8");
    for (const [, typeOnly, names] of text.matchAll(/import\s*(type\s*)?\{([^}]*)\}\s*from\s*["']@shopify\/polaris["']/g)) {
      if (typeOnly) continue;
      for (const raw of names!.split(",")) {
        const name = raw.trim();
        if (!name || name.startsWith("type ")) continue;
        const imported = name.split(/\s+as\s+/)[0]!;
        const module = exported.get(imported);
        if (module) start.push(module);
        // Otherwise a type imported without `type` (TypeScript erases it), or something unknown: then keep all.
        else if (!typeNames(esm).has(imported)) return undefined;
      }
    }
  }
  const seen = new Set<string>();
  const classes = new Set<string>();
  const queue = [...start];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const [name] of text.matchAll(/Polaris-[\w-]+/g)) classes.add(name);
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*'(\.{1,2}\/[^']+)'/g)) queue.push(path.join(path.dirname(file), specifier!));
  }
  return classes;
}

/** The names Polaris's type declarations export (its components' props and other types among them). */
function typeNames(esm: string): Set<string> {
  const declarations = readFileSync(path.join(esm, "../ts/src/index.d.ts"), "utf8");
  return new Set([...declarations.matchAll(/\b(?:type\s+)?(\w+)(?:\s+as\s+(\w+))?\s*[,}]/g)].map((match) => match[2] ?? match[1]!));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(tsx?|jsx?)$/.test(name) ? [file] : [];
  });
}
