import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface LocalSecrets {
  apiKey: string;
  apiSecret: string;
  encryptionKey: string;
}

export const DEMO_SHOP = "consent-demo.myshopify.com";

/** Local mode's app credentials and encryption key, generated once and kept (0600) under data/. */
export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "local-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as LocalSecrets;
  const secrets: LocalSecrets = {
    apiKey: `local-${randomBytes(8).toString("hex")}`,
    apiSecret: randomBytes(32).toString("hex"),
    encryptionKey: randomBytes(32).toString("base64"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
