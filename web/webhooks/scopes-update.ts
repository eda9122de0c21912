import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import type { WebhookHandler } from "./types.js";

/**
 * app/scopes_update: the merchant granted (or Shopify removed) access scopes. The payload's `current`
 * list becomes the shop's offline session's scope at once, as Shopify's app template does, so a
 * permission granted later (customer data erasure, say) is seen without waiting for the next token
 * exchange. Payload: { id, shop_id, previous: string[], current: string[], updated_at }.
 */
export function scopesUpdate(prisma: Db): WebhookHandler {
  return async ({ shop, payload }) => {
    const current = payload.current;
    if (!Array.isArray(current) || !current.every((scope) => typeof scope === "string" && /^[a-z0-9_]+$/.test(scope))) {
      throw new HttpError(400, "app/scopes_update needs `current`, a list of scope handles");
    }
    await prisma.session.updateMany({ where: { shop, isOnline: false }, data: { scope: current.join(",") } });
  };
}
