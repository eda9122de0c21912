import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "vite";

/**
 * polaris-viz modules the Insights chart (a vertical stacked BarChart without annotations, its state
 * always Success) can never render, by their path under polaris-viz's build/esm/components: each is
 * replaced by a module with the same exports that throw if rendered, naming this file.
 */
const LEFT_OUT = [
  // BarChart's direction="horizontal", with its trend indicators and bars.
  "HorizontalBarChart/HorizontalBarChart.js",
  // Annotations render only when a chart is given some (Chart.js checks with checkAvailableAnnotations).
  "Annotations/Annotations.js",
  "Annotations/YAxisAnnotations.js",
  // ChartSkeleton's shapes of other chart kinds (a bar chart's skeleton is GridSkeleton).
  "ChartSkeleton/components/DonutSkeleton/DonutSkeleton.js",
  "ChartSkeleton/components/FunnelSkeleton/FunnelSkeleton.js",
  "ChartSkeleton/components/SimpleBarSkeleton/SimpleBarSkeleton.js",
  "ChartSkeleton/components/SimpleNormalizedSkeleton/SimpleNormalizedSkeleton.js",
  "ChartSkeleton/components/SparkSkeleton/SparkSkeleton.js",
  // A tooltip row's trend arrow, drawn only for data points that carry a `trend`.
  "TrendIndicator/TrendIndicator.js",
];
const PREFIX = "\0polaris-viz-left-out:";
/** polaris-viz-core's palette and sizes, which every polaris-viz stylesheet module repeats whole. */
const SHARED_SCSS = "/polaris-viz-core/build/esm/styles/shared/_variables.scss.js";
const RESIZE_OBSERVER = "\0native-resize-observer";

/**
 * The Insights chart's chunk without what it cannot use of polaris-viz (its own entry point has no
 * subpath exports): the chart kinds and features listed above; `@juggle/resize-observer`, a polyfill
 * of the ResizeObserver every browser the admin supports has; and its table of character widths
 * (10,400 characters, 141 KB as an object literal) written as runs of code points, which builds the very
 * same table when the chunk loads. Each of polaris-viz's stylesheet modules (`*.scss.js`, a class-name map)
 * repeats polaris-viz-core's 140 shared variables; they are built from the one shared module instead.
 */
export function trimPolarisViz(): Plugin {
  return {
    name: "trim-polaris-viz",
    enforce: "pre",
    apply: "build",
    async resolveId(source, importer) {
      if (!importer || !/[\\/]polaris-viz[\\/]build[\\/]esm[\\/]/.test(importer)) return null;
      if (source === "@juggle/resize-observer") return RESIZE_OBSERVER;
      if (!source.startsWith(".")) return null;
      const file = path.join(path.dirname(importer), source);
      const left = LEFT_OUT.find((module) => file.replaceAll("\\", "/").endsWith(`/polaris-viz/build/esm/components/${module}`));
      return left ? PREFIX + file : null;
    },
    load(id) {
      if (id === RESIZE_OBSERVER) return "export const ResizeObserver = globalThis.ResizeObserver;";
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      const exports = [...readFileSync(file, "utf8").matchAll(/export \{([^}]*)\}/g)].flatMap(([, names]) =>
        names!.split(",").map((name) =>
          name
            .trim()
            .split(/\s+as\s+/)
            .at(-1)!,
        ),
      );
      const why = `polaris-viz's ${path.basename(file, ".js")} is left out of the admin's build (web/frontend/trim-polaris-viz.ts)`;
      return exports.map((name) => `export function ${name}() { throw new Error(${JSON.stringify(why)}); }`).join("\n");
    },
    async transform(_code, id) {
      if (/[\\/]polaris-viz(-core)?[\\/]build[\\/]esm[\\/].*\.scss\.js$/.test(id) && !id.endsWith(SHARED_SCSS)) return sharedScssVariables(id);
      if (!/[\\/]polaris-viz[\\/]build[\\/]esm[\\/]data[\\/]character-widths\.json\.js$/.test(id)) return null;
      const table = ((await import(pathToFileURL(id).href)) as { default: Record<string, number> }).default;
      const single = Object.keys(table)
        .filter((key) => [...key].length === 1)
        .map((key) => [key.codePointAt(0)!, table[key]!] as const)
        .sort((a, b) => a[0] - b[0]);
      // Runs of consecutive code points of one width, as three columns in base 36: the gap since the
      // previous run's end, the run's length, and the width in hundredths (widths have two decimals).
      const gaps: number[] = [];
      const lengths: number[] = [];
      const widths: number[] = [];
      let end = -1;
      for (const [codePoint, width] of single) {
        const hundredths = Math.round(width * 100);
        if (hundredths / 100 !== width) throw new Error(`trim-polaris-viz: width ${width} has more than two decimals`);
        if (widths.length && codePoint === end + 1 && hundredths === widths.at(-1)) lengths[lengths.length - 1]!++;
        else {
          gaps.push(codePoint - (end + 1));
          lengths.push(1);
          widths.push(hundredths);
        }
        end = codePoint;
      }
      const column = (values: number[]) => JSON.stringify(values.map((value) => value.toString(36)).join(","));
      const others = Object.fromEntries(Object.entries(table).filter(([key]) => [...key].length !== 1));
      return {
        code: `const [gaps, lengths, widths] = [${column(gaps)}, ${column(lengths)}, ${column(widths)}].map((column) => column.split(",").map((value) => parseInt(value, 36)));
const table = {};
for (let run = 0, next = 0; run < gaps.length; run++) {
  next += gaps[run];
  for (let n = 0; n < lengths[run]; n++) table[String.fromCodePoint(next++)] = widths[run] / 100;
}
export default Object.assign(table, ${JSON.stringify(others)});`,
        map: null,
      };
    },
  };
}

/** A polaris-viz `*.scss.js` module as its own entries over polaris-viz-core's shared variables: the same object. */
async function sharedScssVariables(id: string) {
  const own = ((await import(pathToFileURL(id).href)) as { default: Record<string, string> }).default;
  const sharedFile = id.split(/[\\/]@shopify[\\/]polaris-viz(?:-core)?[\\/]build[\\/]esm[\\/]/)[0] + "/@shopify" + SHARED_SCSS;
  const shared = ((await import(pathToFileURL(sharedFile).href)) as { default: Record<string, string> }).default;
  const sharesAll = Object.entries(shared).every(([key, value]) => own[key] === value);
  if (!sharesAll) return null;
  const rest = Object.fromEntries(Object.entries(own).filter(([key]) => !(key in shared)));
  return { code: `import shared from ${JSON.stringify(sharedFile)};\nexport default { ...shared, ...${JSON.stringify(rest)} };`, map: null };
}
