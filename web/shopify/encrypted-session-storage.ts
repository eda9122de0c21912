import type { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Logger } from "../logging/logger.js";
import { DecryptionError, isEncrypted, type Keyring } from "../security/encryption.js";
import { DatabaseUnavailableError, isDatabaseUnavailable } from "../db/errors.js";
import { shopifyApi } from "./api.js";
import { noteFailure } from "./library-failures.js";

const TOKEN_FIELDS = ["accessToken", "refreshToken"] as const;

/**
 * Wraps a session storage so that access and refresh tokens are AES-256-GCM ciphertext in the database,
 * bound to the session id. A dump of the Session table holds no usable token. Sessions written with a
 * previous key are re-encrypted with the current one when next loaded (key rotation without downtime).
 * Database outages surface as DatabaseUnavailableError so the HTTP layer can answer 503.
 */
export class EncryptedSessionStorage implements SessionStorage {
  constructor(
    private readonly inner: SessionStorage,
    private readonly keyring: Keyring,
    private readonly logger: Logger,
  ) {}

  async storeSession(session: Session): Promise<boolean> {
    const sealed = this.transform(session, (value) => this.keyring.encrypt(value, session.id));
    return this.guard(async () => {
      try {
        return await this.inner.storeSession(sealed);
      } catch (error) {
        // Two concurrent first requests may race to insert the same session: the second one updates.
        if ((error as { code?: string }).code !== "P2002") throw error;
        return this.inner.storeSession(sealed);
      }
    });
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const stored = await this.guard(() => this.inner.loadSession(id));
    return stored && this.open(stored);
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.guard(() => this.inner.deleteSession(id));
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    return this.guard(() => this.inner.deleteSessions(ids));
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const sessions = await this.guard(() => this.inner.findSessionsByShop(shop));
    const opened = await Promise.all(sessions.map((session) => this.open(session)));
    return opened.filter((session): session is Session => Boolean(session));
  }

  private async open(stored: Session): Promise<Session | undefined> {
    try {
      const session = this.transform(stored, (value) => (isEncrypted(value) ? this.keyring.decrypt(value, stored.id) : value));
      const stale = TOKEN_FIELDS.some((field) => {
        const value = stored[field];
        return value && this.keyring.keyIdOf(value) !== this.keyring.currentKeyId;
      });
      if (stale) await this.storeSession(session);
      return session;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      // The key that wrote it is gone: treat it as no session, so token exchange makes a new one.
      this.logger.warn({ sessionId: stored.id, reason: error.message }, "stored session cannot be decrypted; ignoring it");
      return undefined;
    }
  }

  private transform(session: Session, fn: (value: string) => string): Session {
    const params = session.toObject();
    for (const field of TOKEN_FIELDS) {
      const value = params[field];
      if (value) params[field] = fn(value);
    }
    return new shopifyApi.Session(params);
  }

  /** Errors are also noted for the request in hand: Shopify's library answers them with a bare 500 (library-failures.ts). */
  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      const failure = isDatabaseUnavailable(error) ? new DatabaseUnavailableError(error) : error;
      noteFailure(failure);
      throw failure;
    }
  }
}
