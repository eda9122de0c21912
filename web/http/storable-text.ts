import type { RequestHandler } from "express";
import { HttpError } from "./errors.js";

/**
 * Text no database column can hold: NUL (PostgreSQL refuses it in text, "invalid byte sequence") and
 * a UTF-16 surrogate without its pair (no UTF-8 encoding exists). Refused where requests enter, so the
 * answer is the same 4xx on SQLite and PostgreSQL, never a database error.
 */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** Whether percent-encoded text decodes to UTF-8 (decodeURIComponent refuses anything else) that a column can hold. */
function decodesToStorableText(encoded: string): boolean {
  try {
    return isStorableText(decodeURIComponent(encoded));
  } catch {
    return false;
  }
}

/**
 * Every request's URL, before any route reads it. A path that does not decode to storable text names
 * nothing: 404, as for an id that does not exist (`/api/compliance/requests/%00`). A query string
 * that does not (`?q=%00`, `?q=%E0%A4`, `?q=100%`): 400. Route and query parameters reach the database
 * only through these two, so no route needs its own check.
 */
export function storableUrl(): RequestHandler {
  return (req, res, next) => {
    const url = req.url;
    if (!url.includes("%")) return next(); // raw bytes: the HTTP parser already refuses NUL
    const mark = url.indexOf("?");
    const path = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? "" : url.slice(mark + 1);
    if (!decodesToStorableText(path)) {
      res.status(404).json({ error: "not found" });
      return;
    }
    if (!decodesToStorableText(query.replace(/\+/g, " "))) {
      res.status(400).json({ error: "the query string must be percent-encoded UTF-8 text without NUL characters" });
      return;
    }
    next();
  };
}

/** Where in a parsed JSON value (a path like `texts.de.title`) a key or string is not storable text; undefined when none is. */
export function unstorableTextIn(value: unknown): string | undefined {
  // Iterative: a body can nest as deep as JSON.parse allows, deeper than the call stack.
  const pending: Array<[unknown, string]> = [[value, ""]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === "string") {
      if (!isStorableText(current)) return path;
    } else if (current && typeof current === "object") {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!isStorableText(key)) return path || "(a key)";
        pending.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** After a JSON body parser: a body with a string or key no column can hold gets 400, naming where. */
export function storableJsonBody(): RequestHandler {
  return (req, _res, next) => {
    const where = unstorableTextIn(req.body);
    if (where === undefined) return next();
    next(new HttpError(400, `${where || "body"}: text must not contain NUL characters or unpaired surrogates`));
  };
}
