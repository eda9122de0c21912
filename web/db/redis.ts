import { Redis } from "ioredis";
import type { Logger } from "../logging/logger.js";

/**
 * The Redis connection shared limits use (REDIS_URL). Commands fail at once while it is down (no
 * offline queue), so callers fall back instead of waiting; it reconnects by itself. Errors are logged
 * (at most once a minute), never thrown at the process.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 500,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let lastLogged = 0;
  redis.on("error", (error) => {
    if (Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    logger.warn({ err: error }, "redis unavailable; shared rate limits fall back to per-instance limits");
  });
  return redis;
}

/** Resolves true once Redis is ready, false after `timeoutMs` (the app starts anyway and falls back). */
export function redisReady(redis: Redis, timeoutMs = 2_000): Promise<boolean> {
  if (redis.status === "ready") return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off("ready", onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once("ready", onReady);
  });
}
