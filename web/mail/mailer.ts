// Outgoing e-mail to shoppers: the interface the app sends through, nodemailer over SMTP behind it.
import nodemailer from "nodemailer";
import type { Logger } from "../logging/logger.js";

/** One message to one shopper. `text` and `html` are the same content (see email-layout.ts). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The sender's display name, the shop's name: `"<fromName>" <MAIL_FROM>`. */
  fromName?: string;
}

export interface Mailer {
  /** False when nothing can be sent (no SMTP_URL): guests are then asked to sign in instead. */
  readonly available: boolean;
  /** Resolves once the SMTP server has accepted the message; otherwise throws MailUnavailableError. */
  send(message: MailMessage): Promise<void>;
}

/** The SMTP mailer also holds a pool of connections, closed on shutdown. */
export interface SmtpMailer extends Mailer {
  close(): void;
}

/** How long a caller tells the client to wait before trying again (503 + Retry-After). */
export const MAIL_RETRY_AFTER_SECONDS = 60;

/**
 * A message that was not sent: no mailer configured, the server unreachable or refusing. Callers answer
 * 503 with `Retry-After: retryAfterSeconds`. `permanent` is true when the server refused the message
 * itself (a 5xx reply), where trying again will not help.
 */
export class MailUnavailableError extends Error {
  override readonly name = "MailUnavailableError";
  readonly retryAfterSeconds = MAIL_RETRY_AFTER_SECONDS;
  constructor(
    message: string,
    readonly permanent = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A recipient that is not one plain address (a list, a display name, a line break): a caller's bug. */
export class InvalidRecipientError extends TypeError {
  override readonly name = "InvalidRecipientError";
  constructor() {
    super("the recipient must be one plain e-mail address");
  }
}

const SUBJECT_MAX = 200;
const NAME_MAX = 100;
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Text that goes into a header (subject, sender name) on one line: control characters, CR and LF become
 * spaces, runs of white space one space, trimmed and capped. Nodemailer encodes what is left (RFC 2047
 * for non-ASCII, quoting for the name), so no value can start a header of its own.
 */
export function headerText(value: string, max: number): string {
  const line = value
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** The message as it goes out: one checked recipient, header values on one line. */
export function normalizeMessage(message: MailMessage): MailMessage {
  const to = message.to.trim();
  if (!ADDRESS.test(to) || to.length > 254) throw new InvalidRecipientError();
  const fromName = message.fromName === undefined ? undefined : headerText(message.fromName, NAME_MAX) || undefined;
  return { to, subject: headerText(message.subject, SUBJECT_MAX), text: message.text, html: message.html, fromName };
}

export interface SmtpMailerOptions {
  /** SMTP_URL: smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://…:465. Never logged. */
  smtpUrl: string;
  /** MAIL_FROM: the address messages come from. */
  from: string;
  logger: Logger;
  /** Milliseconds; the defaults (10 s to connect, 10 s for the greeting, 20 s of silence) suit a real server. */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
}

/**
 * Nodemailer over SMTP with a small pool of kept-open connections. Timeouts are short enough that a
 * shopper's request waiting on a send is answered (503) well before the app's request timeout.
 */
export function createSmtpMailer({ smtpUrl, from, logger, timeouts = {} }: SmtpMailerOptions): SmtpMailer {
  const log = logger.child({ component: "mail" });
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    maxMessages: 100,
    connectionTimeout: timeouts.connection ?? 10_000,
    greetingTimeout: timeouts.greeting ?? 10_000,
    socketTimeout: timeouts.socket ?? 20_000,
    dnsTimeout: 5_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
  // A pooled connection that drops while idle is reopened by the next send; say so without details.
  transport.on("error", (err: Error & { code?: string }) => log.warn({ code: err.code }, "SMTP connection error"));

  return {
    available: true,
    async send(message) {
      const m = normalizeMessage(message);
      const started = Date.now();
      try {
        await transport.sendMail({
          from: m.fromName ? { name: m.fromName, address: from } : from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          textEncoding: "quoted-printable",
        });
      } catch (error) {
        const err = error as Error & { code?: string; responseCode?: number; command?: string };
        const permanent = typeof err.responseCode === "number" && err.responseCode >= 500;
        log.warn({ code: err.code, responseCode: err.responseCode, command: err.command, ms: Date.now() - started }, "mail not sent");
        throw new MailUnavailableError(permanent ? "the mail server refused the message" : "the mail server is not reachable", permanent, { cause: error });
      }
      log.info({ ms: Date.now() - started }, "mail sent");
    },
    close() {
      transport.close();
    },
  };
}

/** The mailer without SMTP_URL: unavailable, and a send (a caller's oversight) throws. */
export const unavailableMailer: Mailer = {
  available: false,
  send() {
    return Promise.reject(new MailUnavailableError("no mail server is configured (SMTP_URL)"));
  },
};

/**
 * The app's mailer from its configuration (`env.mail`): SMTP when both SMTP_URL and MAIL_FROM are set,
 * otherwise unavailable (and a warning when only SMTP_URL is set). `close` ends the SMTP pool on shutdown.
 */
export function mailerFor(config: { smtpUrl?: string; from?: string }, logger: Logger): Mailer & { close(): void } {
  if (config.smtpUrl && config.from) return createSmtpMailer({ smtpUrl: config.smtpUrl, from: config.from, logger });
  if (config.smtpUrl) logger.warn("SMTP_URL is set but MAIL_FROM is not: no e-mail is sent until MAIL_FROM names the sender address");
  return { ...unavailableMailer, close() {} };
}
