import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Paths pino removes before a line is written. Belt and braces: the code never logs these on purpose,
 * but a library error or a careless `log.info({ session })` must not leak a token, an email or an IP.
 */
const REDACT = [
  "accessToken",
  "refreshToken",
  "*.accessToken",
  "*.refreshToken",
  "*.*.accessToken",
  "email",
  "*.email",
  "*.*.email",
  "phone",
  "*.phone",
  "ip",
  "*.ip",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  '*.headers["x-forwarded-for"]',
  '*.headers["x-shopify-access-token"]',
];

const EMAIL = /[^\s"'<>@]+@[^\s"'<>@]+\.[a-z]{2,}/gi;
const TOKEN = /\b(shpat|shpua|shprt|shpca|shpss)_[A-Za-z0-9._-]+/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;

/** Masks emails, Shopify tokens and IPv4 addresses inside free text (library messages, error strings). */
export function scrub(text: string): string {
  return text
    .replace(TOKEN, "$1_[redacted]")
    .replace(EMAIL, "[email]")
    .replace(IPV4, (ip) => (ip.startsWith("127.") ? ip : "[ip]"));
}

let stdout: ReturnType<typeof pino.destination> | undefined;
function asyncStdout() {
  const stream = pino.destination({ dest: 1, sync: false });
  process.once("exit", () => {
    try {
      stream.flushSync();
    } catch {
      /* nothing buffered, or stdout is gone */
    }
  });
  return stream;
}

/**
 * The app's logger. Without a destination, lines go to stdout asynchronously (pino's SonicBoom: the
 * request that logs does not wait for the write), and whatever is still buffered is written
 * synchronously when the process exits, so shutdown and crash lines are not lost.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  if (!destination) {
    stdout ??= asyncStdout();
    destination = stdout;
  }
  return pino(
    {
      level,
      base: { app: "consent-compliance" },
      redact: { paths: REDACT, censor: "[redacted]" },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === "string" ? scrub(arg) : arg)) as Parameters<typeof method>);
        },
      },
      serializers: { err: (err: Error) => ({ type: err.name, message: scrub(err.message) }) },
    },
    destination,
  );
}
