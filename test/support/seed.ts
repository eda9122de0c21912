import type { Db } from "../../web/db/database.js";

/** Inserts `count` consent receipts for a shop (and a customer, or anonymous), in chunks. */
export async function seedReceipts(prisma: Db, shopDomain: string, count: number, customerId: string | null = null): Promise<void> {
  const chunk = 5_000;
  for (let done = 0; done < count; done += chunk) {
    const n = Math.min(chunk, count - done);
    await prisma.consentReceipt.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        shopDomain,
        customerId: customerId ?? (i % 10 === 0 ? String(1_000_000 + done + i) : null),
        consentId: `consent-${done + i}`,
        granted: "preferences,analytics",
        denied: "marketing,sale_of_data",
        method: "custom",
        revision: 1,
        textHash: "a".repeat(64),
        region: "DEBE",
        ipHash: "b".repeat(64),
      })),
    });
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
