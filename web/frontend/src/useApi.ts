import { startTransition, useCallback, useEffect, useRef, useState } from "react";
import { apiFetch } from "./api";
import { arrivedPrefetched, takePrefetched } from "./prefetched";

/**
 * GET an /api path on mount: loading, data or error, and a reload. The first load takes the answer
 * index.html already asked for, if any (Home's): when it has already arrived at the first render, the page
 * renders with it at once (no loading state, no request). The data's render is a transition: React renders
 * the page in slices and yields to the browser between them, rather than in one long task.
 */
export function useApi<T>(path: string) {
  const [data, setData] = useState<T | undefined>(() => arrivedPrefetched<T>(path));
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(data === undefined);
  /** True until the mount's effect: the first render showed the early answer. */
  const shownEarly = useRef(data !== undefined);
  const reload = useCallback(() => {
    setLoading(true);
    setError(undefined);
    const early = takePrefetched<T>(path);
    const request = early ? early.then((body) => body ?? apiFetch<T>(path)) : apiFetch<T>(path);
    return request.then(
      (body) => {
        startTransition(() => {
          setData(body);
          setLoading(false);
        });
        return body;
      },
      (e: Error) => {
        setError(e.message);
        setLoading(false);
        return undefined;
      },
    );
  }, [path]);
  useEffect(() => {
    // The early answer the first render already showed is this mount's load: it is taken, not asked again.
    if (shownEarly.current) {
      shownEarly.current = false;
      void takePrefetched(path);
      return;
    }
    void reload();
  }, [reload, path]);
  return { data, setData, error, loading, reload };
}
