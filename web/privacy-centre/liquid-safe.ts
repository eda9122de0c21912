/**
 * Text made inert for an `application/liquid` answer (Shopify's app security check
 * APP_PROXY_LIQUID_INJECTION): HTML-escaped, and `{` and `}` as character references, so nothing a shopper
 * typed (nor a translation) can open a Liquid output `{{ … }}` or tag `{% … %}`, nor markup. Shopify's
 * Liquid sees plain text; the browser shows the characters as typed.
 */
export function inert(value: string): string {
  return value.replace(/[&<>"'{}]/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "{": "&#123;", "}": "&#125;" };
