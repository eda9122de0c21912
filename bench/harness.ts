import autocannon from "autocannon";

/** One figure of the benchmark table, with the baseline it is compared to in the same run. */
export interface BenchRow {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  /** value / baselineValue (for "lower is better" units this is the slowdown factor). */
  ratio: number;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchRow[]>;
}

export function row(suite: string, metric: string, unit: string, value: number, baseline: string, baselineValue: number): BenchRow {
  return {
    suite,
    metric,
    unit,
    value: round(value),
    baseline,
    baselineValue: round(baselineValue),
    ratio: round(baselineValue === 0 ? Number.NaN : value / baselineValue),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/** A bounded load on a loopback URL (autocannon): `connections` at once for `seconds`. */
export async function load(options: {
  url: string;
  connections?: number;
  seconds?: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: autocannon.Request["setupRequest"];
  amount?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 20,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 3 }),
    method: options.method ?? "GET",
    headers: options.headers,
    body: options.body,
    requests: options.setupRequest ? [{ setupRequest: options.setupRequest }] : undefined,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export interface LighthouseFigures {
  score: number;
  lcp: number;
  cls: number;
  tbt: number;
}

/** Lighthouse's mobile preset (throttled) on a URL, `runs` times: the median of each figure, the worst CLS. */
export async function lighthouseMedian(url: string, chromePort: number, runs = 3): Promise<LighthouseFigures> {
  const { default: lighthouse } = await import("lighthouse");
  const all: LighthouseFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const { lhr } = (await lighthouse(url, { port: chromePort, output: "json", logLevel: "error", onlyCategories: ["performance"] }))!;
    const audit = (id: string) => lhr.audits[id]!.numericValue ?? 0;
    all.push({
      score: (lhr.categories.performance!.score ?? 0) * 100,
      lcp: audit("largest-contentful-paint"),
      cls: audit("cumulative-layout-shift"),
      tbt: audit("total-blocking-time"),
    });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    score: median(all.map((r) => r.score)),
    lcp: median(all.map((r) => r.lcp)),
    cls: Math.max(...all.map((r) => r.cls)),
    tbt: median(all.map((r) => r.tbt)),
  };
}
