import { useCallback, useEffect, useState } from "react";
import { apiFetch } from "./api";

/** GET an /api path on mount: loading, data or error, and a reload. */
export function useApi<T>(path: string) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const reload = useCallback(() => {
    setLoading(true);
    setError(undefined);
    return apiFetch<T>(path).then(
      (body) => {
        setData(body);
        setLoading(false);
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
