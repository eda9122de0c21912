import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { shopifyApi } from "../../shopify/api.js";
import { verifyWebhookHmac } from "../webhook-hmac.js";

createRequire(import.meta.url)("@shopify/shopify-api/adapters/node");

/** The library's own verdict on a delivery (what processWebhooks/validate would decide). */
async function libraryVerdict(secret: string, body: string, hmac: string | undefined): Promise<boolean> {
  const api = shopifyApi.shopifyApi({
    apiKey: "key",
    apiSecretKey: secret,
    apiVersion: shopifyApi.ApiVersion.October25,
    isEmbeddedApp: true,
    hostName: "app.example.test",
    logger: { level: shopifyApi.LogSeverity.Error, log: async () => undefined },
  });
  const headers: Record<string, string> = {
    "x-shopify-topic": "customers/redact",
    "x-shopify-shop-domain": "a.myshopify.com",
    "x-shopify-api-version": "2025-10",
    "x-shopify-webhook-id": "w",
  };
  if (hmac !== undefined) headers["x-shopify-hmac-sha256"] = hmac;
  const result = await api.webhooks.validate({
    rawBody: body,
    rawRequest: { headers, method: "POST", url: "/api/webhooks" } as never,
    rawResponse: {} as never,
  });
  return result.valid;
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
const randomText = () => {
  const alphabet = ["a", "{", '"', "é", "😀", "\u200b", "\ufeff", " ", "\n", "z", "0", "ß", "中"];
  return Array.from({ length: Math.floor(Math.random() * 60) }, () => pick(alphabet)).join("");
};

describe("verifyWebhookHmac", () => {
  it("agrees with @shopify/shopify-api on random bodies, secrets and header variants", async () => {
    let valid = 0;
    for (let i = 0; i < 2_000; i++) {
      const secret = Math.random() < 0.5 ? randomBytes(16).toString("hex") : randomText() || "s";
      const body = randomText();
      const good = createHmac("sha256", secret).update(body, "utf8").digest("base64");
      const header = pick<string | undefined>([
        good,
        good,
        createHmac("sha256", `${secret}x`).update(body, "utf8").digest("base64"),
        good.slice(0, -1),
        good.replace(/=+$/, ""),
        `${good} `,
        good.toLowerCase(),
        Buffer.from(good, "base64").toString("hex"),
        "",
        undefined,
        "%%%not-base64%%%",
        good.replace(/./, (c) => (c === "A" ? "B" : "A")),
      ]);
      const ours = verifyWebhookHmac(Buffer.from(body, "utf8"), header, secret);
      expect(ours, `body ${JSON.stringify(body)} header ${header}`).toBe(await libraryVerdict(secret, body, header));
      if (ours) valid++;
    }
    expect(valid).toBeGreaterThan(200);
  });

  it("verifies the raw bytes: a BOM or an invalid UTF-8 byte does not break a valid signature", () => {
    const secret = "s3cret";
    for (const raw of [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    ]) {
      const hmac = createHmac("sha256", secret).update(raw).digest("base64");
      expect(verifyWebhookHmac(raw, hmac, secret)).toBe(true);
      expect(verifyWebhookHmac(Buffer.concat([raw, Buffer.from(" ")]), hmac, secret)).toBe(false);
    }
  });
});
