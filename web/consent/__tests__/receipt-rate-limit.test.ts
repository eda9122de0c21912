import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../logging/logger.js";
import { connectRedis, redisReady } from "../../db/redis.js";
import { receiptRateLimiter } from "../receipt-rate-limit.js";

const limits = { perClient: { capacity: 3, perSecond: 1 }, perShop: { capacity: 5, perSecond: 1 } };
const allowed = async (limiter: ReturnType<typeof receiptRateLimiter>, shop: string, client: string, n: number) => {
  let count = 0;
  for (let i = 0; i < n; i++) if (await limiter.allow(shop, client)) count++;
  return count;
};

describe("receiptRateLimiter in memory", () => {
  afterEach(() => vi.useRealTimers());

  it("allows a client's burst, refuses beyond it, and allows again once the window has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-01T00:00:00Z") });
    const limiter = receiptRateLimiter(limits);
    expect(await allowed(limiter, "a.myshopify.com", "net-1", 5)).toBe(3);
    vi.setSystemTime(new Date("2026-01-01T00:00:02Z"));
    expect(await limiter.allow("a.myshopify.com", "net-1")).toBe(false);
    vi.setSystemTime(new Date("2026-01-01T00:00:04Z"));
    expect(await limiter.allow("a.myshopify.com", "net-1")).toBe(true);
  });

  it("counts a refused client against nobody else: other clients and shops keep their allowance", async () => {
    const limiter = receiptRateLimiter(limits);
    expect(await allowed(limiter, "a.myshopify.com", "flood", 50)).toBe(3);
    // The shop spent only 3 of its 5 on the flooding client: two more clients get through.
    expect(await allowed(limiter, "a.myshopify.com", "net-2", 1)).toBe(1);
    expect(await allowed(limiter, "a.myshopify.com", "net-3", 1)).toBe(1);
    expect(await allowed(limiter, "a.myshopify.com", "net-4", 1)).toBe(0);
    expect(await allowed(limiter, "b.myshopify.com", "flood", 3)).toBe(3);
  });
});

const REDIS = process.env.TEST_REDIS_URL;
describe.skipIf(!REDIS)("receiptRateLimiter shared through Redis", () => {
  const logger = createLogger("silent");
  const clients: Redis[] = [];
  const connect = (url: string) => {
    const redis = connectRedis(url, logger);
    clients.push(redis);
    return redis;
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  it("holds two app instances to one limit", async () => {
    const redises = [connect(REDIS!), connect(REDIS!)];
    for (const redis of redises) expect(await redisReady(redis)).toBe(true);
    const [one, two] = redises.map((redis) => receiptRateLimiter(limits, redis)) as [
      ReturnType<typeof receiptRateLimiter>,
      ReturnType<typeof receiptRateLimiter>,
    ];
    const shop = `${randomUUID()}.myshopify.com`;
    let passed = 0;
    for (let i = 0; i < 4; i++) {
      if (await one.allow(shop, "net")) passed++;
      if (await two.allow(shop, "net")) passed++;
    }
    expect(passed).toBe(3);
  });

  it("never refuses receipts because Redis is unreachable: each instance falls back to its own limit", async () => {
    const down = connect("redis://127.0.0.1:1");
    const limiter = receiptRateLimiter(limits, down);
    const shop = `${randomUUID()}.myshopify.com`;
    expect(await allowed(limiter, shop, "net", 5)).toBe(3);
  });
});
