import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A message as the SMTP server received it, parsed the way a mail client reads it. */
export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  rcptTo: string[];
  /** The To header's addresses, joined by ", ". */
  to: string;
  from: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Every header's name, lower case, once per occurrence (to count Bcc, Subject…). */
  headerNames: string[];
  /** The message exactly as it came over the wire. */
  raw: string;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT */
  url: string;
  messages: ReceivedMail[];
  waitForMessage(pred?: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value.map((a) => a.address ?? "")).join(", ");

/**
 * A real SMTP server in this process, on 127.0.0.1 and a free port: no TLS, any login accepted.
 * Each message is parsed with mailparser and kept in `messages`, in order of arrival. `refuseRecipient`
 * answers 550 for the addresses it picks (a mailbox that does not exist).
 */
export async function startSmtpServer(options: { refuseRecipient?: (address: string) => boolean } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiting = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: "test" });
    },
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuseRecipient?.(address.address)) {
        const error = Object.assign(new Error("5.1.1 Recipient address rejected"), { responseCode: 550 });
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const from = parsed.from?.value[0];
            messages.push({
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              to: addresses(parsed.to),
              from: { name: from?.name ?? "", address: from?.address ?? "" },
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              headerNames: parsed.headerLines.map((h) => h.key.toLowerCase()),
              raw: raw.toString("utf8"),
            });
            for (const wake of waiting) wake();
            callback();
          })
          .catch(callback);
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessage(pred = () => true, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(pred);
          if (!found) return false;
          done();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiting.delete(check);
        };
        if (!check()) waiting.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
