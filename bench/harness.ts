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
  return { suite, metric, unit, value: round(value), baseline, baselineValue: round(baselineValue), ratio: round(baselineValue === 0 ? Number.NaN : value / baselineValue) };
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
export async function load(options: { url: string; connections?: number; seconds?: number; method?: "GET" | "POST"; headers?: Record<string, string>; body?: string; setupRequest?: autocannon.Request["setupRequest"]; amount?: number }): Promise<LoadResult> {
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
