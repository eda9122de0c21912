import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../logging/logger.js";
import { ShopifyUnavailableError } from "../../shopify/library-failures.js";
import { errorHandler } from "../errors.js";
import { requestDeadline } from "../request-deadline.js";

const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" });

function appThrowing(error: unknown) {
  const app = express();
  app.get("/", () => {
    throw error;
  });
  app.use(errorHandler(createLogger("silent")));
  return app;
}

describe("the last error handler", () => {
  it("names Shopify, not the database, when a call to Shopify found it unreachable (its cause reads ECONNREFUSED)", async () => {
    const res = await request(appThrowing(new ShopifyUnavailableError(refused()))).get("/");
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.body).toEqual({ error: "Shopify is unavailable, retry later" });
  });

  it("still answers a lost database as the database's outage", async () => {
    const res = await request(appThrowing(refused())).get("/");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: "database unavailable, retry later" });
  });

  it("answers a request past its deadline with 503 that blames neither", async () => {
    const app = express();
    app.use(requestDeadline(20));
    app.get("/", () => undefined);
    const res = await request(app).get("/");
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.body).toEqual({ error: "the answer took too long, retry later" });
  });
});
