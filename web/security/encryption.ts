import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * AES-256-GCM with a keyring, for secrets at rest (access and refresh tokens, compliance payloads).
 * Ciphertext: `enc:v1:<key id>:<iv>:<tag>:<data>` (base64url parts). The key id is derived from the key,
 * so several keys can be live: new data uses the current key, old data still opens with a previous one
 * (ENCRYPTION_KEYS_PREVIOUS) until it is written again. `context` is bound as associated data, so a
 * ciphertext copied to another row (another shop's session, say) does not decrypt there.
 */
export interface Keyring {
  readonly currentKeyId: string;
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
  /** The key id a ciphertext was written with, or undefined for text that is not ours. */
  keyIdOf(ciphertext: string): string | undefined;
  /**
   * A keyed, one-way pseudonym of `value` (HMAC-SHA256 under a key derived for `purpose`): links rows
   * about the same person without keeping the identifier, and cannot be reversed by guessing ids.
   */
  pseudonym(purpose: string, value: string): string;
  /** `value`'s pseudonym under every key of the ring, the current one first (to match rows made before a rotation). */
  pseudonyms(purpose: string, value: string): string[];
}

const PREFIX = "enc:v1:";

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 12);
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

export function createKeyring(current: Buffer, previous: Buffer[] = []): Keyring {
  for (const key of [current, ...previous]) {
    if (key.length !== 32) throw new Error("encryption keys must be 32 bytes");
  }
  const keys = new Map<string, Buffer>([current, ...previous].map((key) => [keyId(key), key]));
  const currentKeyId = keyId(current);
  const pseudonymKeys = new Map<string, Buffer>();
  const pseudonymOf = (key: Buffer, purpose: string, value: string) => {
    const cacheKey = `${keyId(key)}:${purpose}`;
    let derived = pseudonymKeys.get(cacheKey);
    if (!derived) {
      derived = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `pseudonym:${purpose}`, 32));
      pseudonymKeys.set(cacheKey, derived);
    }
    return createHmac("sha256", derived).update(value, "utf8").digest("hex");
  };

  return {
    currentKeyId,
    encrypt(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((part) => part.toString("base64url"));
      return `${PREFIX}${currentKeyId}:${parts.join(":")}`;
    },
    decrypt(ciphertext, context) {
      if (!isEncrypted(ciphertext)) throw new DecryptionError("not an encrypted value");
      const [id, iv, tag, data] = ciphertext.slice(PREFIX.length).split(":");
      const key = id && keys.get(id);
      if (!key || !iv || !tag || data === undefined) throw new DecryptionError(`no key ${id ?? "?"} in the keyring`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new DecryptionError("ciphertext does not authenticate (wrong key or wrong context)");
      }
    },
    pseudonym(purpose, value) {
      return pseudonymOf(current, purpose, value);
    },
    pseudonyms(purpose, value) {
      return [...keys.values()].map((key) => pseudonymOf(key, purpose, value));
    },
    keyIdOf(ciphertext) {
      return isEncrypted(ciphertext) ? ciphertext.slice(PREFIX.length).split(":")[0] : undefined;
    },
  };
}
