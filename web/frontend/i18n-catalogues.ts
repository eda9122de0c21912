import { readFileSync } from "node:fs";
import path from "node:path";
import { compileMessage } from "@lingui/message-utils/compileMessage";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";
import { pseudoText } from "./src/i18n/pseudo.js";

/** A compiled message as Lingui's runtime reads it: text, or [argument, format?, options?] tokens. */
type Compiled = string | Array<string | unknown[]>;

/**
 * Pseudo-localises a compiled message: each text part as pseudoText makes it (wrapped in ⟦…⟧, 30 % longer);
 * argument names, plural keys and `#` stay as they are.
 */
export function pseudo(message: Compiled): Compiled {
  const text = (part: string) => (part === "#" ? part : pseudoText(part));
  const walk = (token: unknown): unknown => {
    if (typeof token === "string") return text(token);
    if (!Array.isArray(token)) return token;
    // [name, format, options]: options' values are messages.
    const [name, format, options] = token as [string, string?, Record<string, unknown>?];
    if (!options) return token;
    return [name, format, Object.fromEntries(Object.entries(options).map(([k, v]) => [k, Array.isArray(v) ? v.map(walk) : walk(v)]))];
  };
  return typeof message === "string" ? text(message) : message.map((token) => walk(token) as string | unknown[]);
}

/** A catalogue (flat id → ICU message) compiled for Lingui's runtime, so the browser ships no ICU parser. */
export function compileCatalogue(messages: Record<string, string>, transform: (m: Compiled) => Compiled = (m) => m): Record<string, Compiled> {
  return Object.fromEntries(Object.entries(messages).map(([id, message]) => [id, transform(compileMessage(message) as Compiled)]));
}

const CATALOGUE = /[\\/]web[\\/]frontend[\\/]locales[\\/]([\w-]+)\.json$/;
/** Catalogue modules get ids of their own (not ending in .json), so Vite's JSON plugin leaves them to this one. */
const PREFIX = "\0admin-catalogue:";
const PSEUDO = `${PREFIX}en-XA.js`;

/**
 * Imports of web/frontend/locales/<locale>.json become their compiled catalogue (`export default`), and
 * "virtual:admin-catalogue/en-XA" the pseudo-locale made from English.
 */
export function adminCatalogues(): Plugin {
  const english = fileURLToPath(new URL("./locales/en.json", import.meta.url));
  return {
    name: "admin-catalogues",
    enforce: "pre",
    resolveId(source, importer) {
      if (source === "virtual:admin-catalogue/en-XA") return PSEUDO;
      const file = importer && !source.startsWith("\0") ? path.resolve(path.dirname(importer), source) : source;
      return CATALOGUE.test(file) ? `${PREFIX}${file}.js` : undefined;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const file = id === PSEUDO ? english : id.slice(PREFIX.length, -".js".length);
      this.addWatchFile(file);
      const catalogue = compileCatalogue(JSON.parse(readFileSync(file, "utf8")), id === PSEUDO ? pseudo : undefined);
      return `export default ${JSON.stringify(catalogue)};`;
    },
  };
}
