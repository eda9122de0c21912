import { describe, expect, it } from "vitest";
import { createKeyring } from "../../security/encryption.js";
import { LINK_LIFETIME_MS, signDownload, verifyDownload } from "../download-link.js";

describe("signed download links", () => {
  const keyring = createKeyring(Buffer.alloc(32, 3));
  const grant = { shop: "a.myshopify.com", from: "2026-01-01", to: "" };

  it("work for one minute, for the shop and range they were signed for", () => {
    const now = Date.UTC(2026, 10, 24);
    const { query } = signDownload(keyring, grant, now);
    expect(verifyDownload(keyring, query, now + 1_000)).toEqual(grant);
    expect(verifyDownload(keyring, query, now + LINK_LIFETIME_MS + 1)).toBeUndefined();
    for (const [key, value] of [
      ["shop", "b.myshopify.com"],
      ["from", ""],
      ["to", "2026-02-01"],
      ["expires", String(now + 30_000)],
    ] as const) {
      const altered = new URLSearchParams(query);
      altered.set(key, value);
      expect(verifyDownload(keyring, altered, now + 1_000), key).toBeUndefined();
    }
  });

  it("stay valid through a key rotation, and not under another key", () => {
    const now = Date.now();
    const { query } = signDownload(keyring, grant, now);
    expect(verifyDownload(createKeyring(Buffer.alloc(32, 4), [Buffer.alloc(32, 3)]), query, now)).toEqual(grant);
    expect(verifyDownload(createKeyring(Buffer.alloc(32, 4)), query, now)).toBeUndefined();
  });
});
