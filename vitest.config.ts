import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "web/**/__tests__/**/*.test.ts", "extensions/**/__tests__/**/*.test.ts"],
    exclude: ["**/node_modules/**", "web/frontend/**"],
    environment: "node",
    pool: "forks",
    // Files boot real apps, databases and Chromium; two cores do better one file at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
