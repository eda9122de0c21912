import { describe, expect, it } from "vitest";
import { createKeyring } from "../../security/encryption.js";
import { customerRefOf, customerRefsOf } from "../customer-ref.js";
import { dedupKeyOf } from "../record-request.js";

describe("dedupKeyOf", () => {
  it("keys a delivery by Shopify's event id when sent, else by its webhook id", () => {
    expect(dedupKeyOf("customers/redact", "a.myshopify.com", { eventId: "e1", webhookId: "w1" })).toBe("customers/redact|a.myshopify.com|event:e1");
    expect(dedupKeyOf("customers/redact", "a.myshopify.com", { eventId: "e1", webhookId: "w2" })).toBe(
      dedupKeyOf("customers/redact", "a.myshopify.com", { eventId: "e1", webhookId: "w1" }),
    );
    expect(dedupKeyOf("customers/redact", "a.myshopify.com", { webhookId: "w1" })).toBe("customers/redact|a.myshopify.com|webhook:w1");
    expect(dedupKeyOf("shop/redact", "a.myshopify.com", { webhookId: "w1" })).not.toBe(dedupKeyOf("shop/redact", "b.myshopify.com", { webhookId: "w1" }));
  });
});

describe("customer pseudonyms", () => {
  it("match under every key of the ring, the current one first", () => {
    const [oldKey, newKey] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const before = customerRefOf(createKeyring(oldKey), "a.myshopify.com", "42");
    const rotated = createKeyring(newKey, [oldKey]);
    const refs = customerRefsOf(rotated, "a.myshopify.com", "42");
    expect(refs).toEqual([customerRefOf(rotated, "a.myshopify.com", "42"), before]);
    expect(refs[0]).not.toBe(before);
  });
});
