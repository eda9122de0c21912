import type { Db } from "../../web/db/database.js";

/**
 * Inserts `count` consent receipts for a shop: all for `customerId`, or (when null) one in ten for a
 * distinct customer and the rest anonymous, all `custom` choices in DEBE. One INSERT … SELECT over a
 * generated series, so a million rows take seconds. (Raw rows: call rebuildRollups for the insights.)
 */
export async function seedReceipts(
  prisma: Db,
  shopDomain: string,
  count: number,
  customerId: string | null = null,
  options: { createdAt?: Date } = {},
): Promise<void> {
  const postgres = (prisma as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const [shopParam, customerParam] = postgres ? ["$1", "$2"] : ["?", "?"]; // each used once, in order
  const customer = customerId === null ? `CASE WHEN n % 10 = 0 THEN CAST(1000000 + n AS TEXT) ELSE NULL END` : customerParam;
  const columns = `"id", "shopDomain", "customerId", "consentId", "granted", "denied", "method", "revision", "textHash", "region", "ipHash", "createdAt"`;
  const values = `'seed-${tag}-' || n, ${shopParam}, ${customer}, 'consent-' || n, 'preferences,analytics', 'marketing,sale_of_data', 'custom', 1, '${"a".repeat(64)}', 'DEBE', '${"b".repeat(64)}'`;
  const params: unknown[] = customerId === null ? [shopDomain] : [shopDomain, customerId];
  if (postgres) {
    const at = options.createdAt ? `'${options.createdAt.toISOString().replace("T", " ").replace("Z", "")}'::timestamp` : "now()";
    await prisma.$executeRawUnsafe(`INSERT INTO "ConsentReceipt" (${columns}) SELECT ${values}, ${at} FROM generate_series(0, ${count - 1}) AS n`, ...params);
  } else {
    const now = (options.createdAt ?? new Date()).toISOString().replace("Z", "+00:00");
    await prisma.$executeRawUnsafe(
      `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count - 1}) INSERT INTO "ConsentReceipt" (${columns}) SELECT ${values}, '${now}' FROM seq`,
      ...params,
    );
  }
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the shop's newest request of `topic` has reached a final status, and returns it. */
export function settledRequest(prisma: Db, shopDomain: string, topic: string, timeoutMs = 20_000) {
  return waitFor(
    () => prisma.complianceRequest.findFirst({ where: { shopDomain, topic, status: { in: ["completed", "failed"] } }, orderBy: { receivedAt: "desc" } }),
    timeoutMs,
    `${topic} for ${shopDomain} to settle`,
  );
}
