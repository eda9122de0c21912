import { defineConfig, type Plugin } from "vite";
import type { Rollup } from "vite";

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { adminCatalogues } from "./i18n-catalogues.js";
import { prunePolarisCss } from "./prune-polaris-css.js";
import { trimPolarisViz } from "./trim-polaris-viz.js";

/**
 * Home's chunk starts downloading with the document when the app opens on Home (the admin opens apps at
 * "/"), instead of when React renders and meets `lazy(() => import("./pages/HomePage"))`: a small inline
 * script (before the stylesheet) adds `<link rel="modulepreload">` for Home's chunk and the chunks it imports that the entry does
 * not already bring. Other pages' first loads do not pay for it. Every page's first load also starts its
 * language's chunks (catalogue and Polaris's strings) with the document, not after the entry has run.
 */
function preloadHomeChunk(): Plugin {
  return {
    name: "preload-home-chunk",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html, ctx) {
        const bundle: OutputBundle | undefined = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === "chunk");
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const closure = (start: OutputChunk, seen = new Set<string>()) => {
          if (seen.has(start.fileName)) return seen;
          seen.add(start.fileName);
          for (const file of start.imports) closure(byFile.get(file)!, seen);
          return seen;
        };
        const entry = chunks.find((c) => c.isEntry);
        const home = chunks.find((c) => c.facadeModuleId?.endsWith("/src/pages/HomePage.tsx"));
        if (!entry || !home) throw new Error("preload-home-chunk: no entry or no HomePage chunk in the bundle");
        const loaded = closure(entry);
        const files = [...closure(home)].filter((file) => !loaded.has(file)).map((file) => `/${file}`);
        // Each language's chunks (its catalogue, Polaris's strings): the first render waits for them.
        const languages: Record<string, string[]> = {};
        for (const chunk of chunks) {
          const id = chunk.facadeModuleId ?? "";
          const locale = /\/web\/frontend\/locales\/([\w-]+)\.json\.js$/.exec(id)?.[1] ?? /\/@shopify\/polaris\/locales\/([\w-]+)\.json$/.exec(id)?.[1];
          if (locale) (languages[locale] ??= []).push(`/${chunk.fileName}`);
        }
        if (!languages.en || languages.en.length !== 2) throw new Error("preload-home-chunk: no English catalogue and Polaris strings in the bundle");
        // Before the stylesheet: an inline script after it would wait for the CSS to arrive before running.
        // The language as the app's URL names it (else English; aliases resolve later, in src/i18n).
        const script =
          `<script>{const add = (href) => document.head.append(Object.assign(document.createElement("link"), { rel: "modulepreload", href, crossOrigin: "" }));` +
          `const l = new URLSearchParams(location.search).get("locale") || "en", m = ${JSON.stringify(languages)};` +
          `(m[l] || m[l.split("-")[0]] || m.en).forEach(add);` +
          `if (location.pathname === "/") ${JSON.stringify(files)}.forEach(add);}</script>`;
        if (!html.includes("<title>")) throw new Error("preload-home-chunk: index.html has no <title>");
        return html.replace("<title>", `${script}\n    <title>`);
      },
    },
  };
}

// The admin UI, built into web/frontend/dist and served by the Express app (web/http/frontend.ts).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [adminCatalogues(), prunePolarisCss({ src: fileURLToPath(new URL("./src", import.meta.url)) }), trimPolarisViz(), react(), preloadHomeChunk()],
  // The manifest lets `npm run bench` weigh each page's chunks (bench/suites/admin.ts).
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, manifest: true },
  logLevel: "warn",
});
