import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DecryptionError, createKeyring } from "../encryption.js";

describe("keyring", () => {
  const key = randomBytes(32);

  it("round-trips and never shows the plaintext", () => {
    const keyring = createKeyring(key);
    const sealed = keyring.encrypt("shpat_secret", "offline_a.myshopify.com");
    expect(sealed).toMatch(/^enc:v1:[0-9a-f]{12}:/);
    expect(sealed).not.toContain("shpat_secret");
    expect(keyring.decrypt(sealed, "offline_a.myshopify.com")).toBe("shpat_secret");
    expect(keyring.encrypt("shpat_secret", "x")).not.toBe(keyring.encrypt("shpat_secret", "x"));
  });

  it("refuses another context, a tampered ciphertext and an unknown key", () => {
    const keyring = createKeyring(key);
    const sealed = keyring.encrypt("token", "offline_a.myshopify.com");
    expect(() => keyring.decrypt(sealed, "offline_b.myshopify.com")).toThrow(DecryptionError);
    const parts = sealed.split(":");
    parts[5] = Buffer.from("other").toString("base64url");
    expect(() => keyring.decrypt(parts.join(":"), "offline_a.myshopify.com")).toThrow(DecryptionError);
    expect(() => createKeyring(randomBytes(32)).decrypt(sealed, "offline_a.myshopify.com")).toThrow(/no key/);
  });

  it("rotates: a new current key still opens what a previous key wrote", () => {
    const sealed = createKeyring(key).encrypt("token", "ctx");
    const rotated = createKeyring(randomBytes(32), [key]);
    expect(rotated.decrypt(sealed, "ctx")).toBe("token");
    expect(rotated.keyIdOf(sealed)).not.toBe(rotated.currentKeyId);
    expect(rotated.keyIdOf(rotated.encrypt("token", "ctx"))).toBe(rotated.currentKeyId);
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => createKeyring(randomBytes(16))).toThrow(/32 bytes/);
  });
});
