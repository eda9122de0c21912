declare global {
  interface Window {
    /** Answers index.html asked for before the app's code arrived, by /api path; undefined when that request failed. */
    __prefetched?: Record<string, Promise<unknown> | undefined>;
  }
}

/** The early answers that have already arrived, by path: a page rendered after they came needs no loading state. */
const arrived = new Map<string, unknown>();
for (const [path, early] of Object.entries(window.__prefetched ?? {})) {
  void early?.then((body) => {
    if (body !== undefined && window.__prefetched?.[path] === early) arrived.set(path, body);
  });
}

/** The early answer for `path` if it has arrived (and was not taken yet): a page's first render can show it. */
export function arrivedPrefetched<T>(path: string): T | undefined {
  return arrived.get(path) as T | undefined;
}

/** The early answer for `path` (index.html's inline script), once: a later reload asks the server again. */
export function takePrefetched<T>(path: string): Promise<T | undefined> | undefined {
  const early = window.__prefetched?.[path];
  if (early) delete window.__prefetched![path];
  arrived.delete(path);
  return early as Promise<T | undefined> | undefined;
}
