declare global {
  interface Window {
    /** Answers index.html asked for before the app's code arrived, by /api path; undefined when that request failed. */
    __prefetched?: Record<string, Promise<unknown> | undefined>;
  }
}

/** The early answer for `path` (index.html's inline script), once: a later reload asks the server again. */
export function takePrefetched<T>(path: string): Promise<T | undefined> | undefined {
  const early = window.__prefetched?.[path];
  if (early) delete window.__prefetched![path];
  return early as Promise<T | undefined> | undefined;
}
