import { HttpError } from "./errors.js";

/**
 * A position in a keyset-paginated list: the sort timestamp and the row id, opaque to the client
 * (base64url of "ISO date|id"). A cursor that does not decode is the client's mistake: 400.
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [text, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(text ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new HttpError(400, "invalid cursor");
  return { at, id };
}
