import { startTransition, useCallback, useEffect, useState } from "react";
import { apiFetch } from "./api";
import { takePrefetched } from "./prefetched";

/**
 * GET an /api path on mount: loading, data or error, and a reload. The first load takes the answer
 * index.html already asked for, if any (Home's). The data's render is a transition: React renders the page
 * in slices and yields to the browser between them, rather than in one long task.
 */
export function useApi<T>(path: string) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
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
    void reload();
  }, [reload]);
  return { data, setData, error, loading, reload };
}
