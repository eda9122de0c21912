import { describe, expect, it } from "vitest";
import { waitFor } from "./support/seed.js";
import { PROVIDERS } from "./support/databases.js";
import { SHOP, useTestApp } from "./support/test-app.js";

describe.each(PROVIDERS)("field data: the admin's Web Vitals on %s", (provider) => {
  const context = useTestApp(provider);
  const lines = () => context.app.logs.entries().filter((e) => e.msg === "web vitals");

  it("logs each page load's Web Vitals as one line (shop, kind of page, metrics by name), nothing personal", async () => {
    const res = await context.app.api("/api/web-vitals", {
      method: "POST",
      body: JSON.stringify({
        page: "/privacy-requests/0193f2a4-7c1e-7b3a-9d2e-4f5a6b7c8d9e",
        metrics: [
          { id: "v4-1", name: "LCP", value: 1234.56 },
          { id: "v4-2", name: "CLS", value: 0.0123 },
          { id: "v4-3", name: "INP", value: 48 },
          { id: "v4-4", name: "XYZ", value: 1 },
        ],
      }),
    });
    expect(res.status).toBe(204);
    const line = await waitFor(async () => lines().at(-1), 2_000, "the log line");
    expect(line).toMatchObject({ shop: SHOP, page: "/privacy-requests/:id", LCP: 1234.56, CLS: 0.012, INP: 48 });
    expect(line).not.toHaveProperty("XYZ");
    expect(JSON.stringify(line)).not.toMatch(/userId|v4-1/);
  });

  it("refuses a report that is not one (400 with a reason) and one with a forged session token (401)", async () => {
    const before = lines().length;
    const bad = await context.app.api("/api/web-vitals", {
      method: "POST",
      body: JSON.stringify({ page: "https://evil.example/x", metrics: [{ name: "LCP", value: 1 }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { details: Array<{ path: string }> }).details[0]!.path).toBe("page");
    const negative = await context.app.api("/api/web-vitals", { method: "POST", body: JSON.stringify({ page: "/", metrics: [{ name: "LCP", value: -1 }] }) });
    expect(negative.status).toBe(400);
    const forged = await context.app.sessionToken(SHOP, { secret: "not-the-app-secret" });
    const anonymous = await fetch(`${context.app.url}/api/web-vitals`, {
      method: "POST",
      headers: { authorization: `Bearer ${forged}`, "content-type": "application/json" },
      body: JSON.stringify({ page: "/", metrics: [{ name: "LCP", value: 1 }] }),
    });
    expect(anonymous.status).toBe(401);
    expect(lines().length).toBe(before);
  });
});
