import { isDatabaseUnavailable } from "../db/errors.js";
import { scrub } from "../logging/logger.js";

const MAX = 200;
// Absolute paths and file:line references: /srv/app/web/x.ts:12:5, file:///…, C:\…
const PATH = /(file:\/\/)?(\/[\w.@+-]+){2,}(:\d+)*|[A-Z]:\\[^\s]+/g;

/**
 * A failure reason fit to show a merchant (and keep in the audit trail): one short sentence, no stack,
 * no server paths, no query excerpts, no personal data. The full error goes to the logs only.
 */
export function merchantReason(error: unknown): string {
  if (isDatabaseUnavailable(error)) return "The database was unavailable; the work will be retried.";
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  // Prisma: "Invalid `prisma.x.y()` invocation in /path:1:2 ↵ (source excerpt) ↵ <the actual reason>".
  const invocation = lines.some((line) => /invocation/.test(line));
  const line = (invocation ? lines.filter((l) => !/invocation|^\d+\s|^→/.test(l)).at(-1) : lines[0]) ?? "unknown error";
  const text = scrub(line.replace(PATH, "[path]")).replace(/\s+/g, " ").trim();
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
