import { i18n } from "./i18n/i18n";

/** An /api answer that was not OK, with its status and body (field errors, the current version on a 409…). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * Calls the app's /api with a fresh session token from App Bridge (`shopify.idToken()`), as Shopify
 * requires for embedded apps. A 401 marked "retry" (the token expired in flight) is retried once.
 */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  for (let attempt = 0; ; attempt++) {
    const token = await window.shopify.idToken();
    const response = await fetch(path, {
      ...rest,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      headers: {
        ...rest.headers,
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
        ...(json === undefined ? {} : { "Content-Type": "application/json" }),
      },
    });
    if (response.status === 401 && attempt === 0 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request")) continue;
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      throw new ApiError(response.status, typeof body.error === "string" ? body.error : i18n._("page.requestFailed", { status: response.status }), body);
    }
    return (await response.json()) as T;
  }
}

/** Downloads an authenticated file (a data export) and hands it to the browser as `filename`. */
export async function apiDownload(path: string, filename: string): Promise<void> {
  const token = await window.shopify.idToken();
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(i18n._("page.downloadFailed", { status: response.status }));
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
