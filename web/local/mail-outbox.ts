// Local mode's mail: every message the app sends lands here instead of an SMTP server, shown at /local/mail.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Router } from "express";
import { normalizeMessage, type Mailer } from "../mail/mailer.js";
import { escapeHtml, layout } from "./pages.js";

export interface OutboxMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  fromName?: string;
  /** ISO 8601, when the app sent it. */
  sentAt: string;
}

export interface MailOutbox {
  mailer: Mailer;
  /** Newest first. */
  messages(): OutboxMessage[];
  /** GET /mail (the page) and GET /mail.json, mounted under /local. */
  routes(): Router;
}

export interface MailOutboxOptions {
  /** The JSON file the messages are kept in across restarts (under the data folder). */
  statePath: string;
  /** The most messages kept; older ones are dropped. */
  limit?: number;
}

function load(statePath: string): OutboxMessage[] {
  if (!existsSync(statePath)) return [];
  try {
    const saved = JSON.parse(readFileSync(statePath, "utf8")) as unknown;
    return Array.isArray(saved) ? (saved as OutboxMessage[]) : [];
  } catch {
    return []; // a file cut short by a crash: start an empty outbox rather than not start
  }
}

export function createMailOutbox({ statePath, limit = 200 }: MailOutboxOptions): MailOutbox {
  let messages = load(statePath).slice(0, limit);

  const save = () => {
    mkdirSync(path.dirname(statePath), { recursive: true });
    const temporary = `${statePath}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(messages, null, 2));
    renameSync(temporary, statePath);
  };

  const mailer: Mailer = {
    available: true,
    async send(message) {
      // The same checks and header clean-up as the SMTP mailer, so what shows here is what would go out.
      const m = normalizeMessage(message);
      const kept: OutboxMessage = { to: m.to, subject: m.subject, text: m.text, html: m.html, sentAt: new Date().toISOString() };
      if (m.fromName) kept.fromName = m.fromName;
      messages = [kept, ...messages].slice(0, limit);
      save();
    },
  };

  return {
    mailer,
    messages: () => messages.map((m) => ({ ...m })),
    routes() {
      const router = Router();
      router.get("/mail.json", (_req, res) => {
        res.set("cache-control", "no-store").json(messages.map(({ to, subject, text, html, sentAt }) => ({ to, subject, text, html, sentAt })));
      });
      router.get("/mail", (_req, res) => {
        res
          .set("cache-control", "no-store")
          // The messages' HTML is shown in sandboxed frames; nothing on this page runs script.
          .set(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'",
          )
          .type("html")
          .send(outboxPage(messages, limit));
      });
      return router;
    },
  };
}

/** Escaped text with its web addresses as links (what a mail client does with a plain-text message). */
const linkedText = (text: string) =>
  text
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join("");

function outboxPage(messages: OutboxMessage[], limit: number): string {
  const items = messages
    .map((m, i) => {
      const id = `message-${i + 1}`;
      const when = new Date(m.sentAt);
      return `<li class="card"><article aria-labelledby="${id}">
  <h2 id="${id}">${escapeHtml(m.subject)}</h2>
  <dl class="meta">
    <dt>To</dt><dd>${escapeHtml(m.to)}</dd>
    ${m.fromName ? `<dt>From</dt><dd>${escapeHtml(m.fromName)}</dd>` : ""}
    <dt>Sent</dt><dd><time datetime="${escapeHtml(m.sentAt)}">${escapeHtml(when.toUTCString())}</time></dd>
  </dl>
  <h3>Plain text</h3>
  <pre>${linkedText(m.text)}</pre>
  <h3>HTML</h3>
  <iframe sandbox="" srcdoc="${escapeHtml(m.html)}" title="HTML of “${escapeHtml(m.subject)}”"></iframe>
</article></li>`;
    })
    .join("\n");
  return layout(
    "Mail",
    `<style>
  .outbox{list-style:none;padding:0;margin:0} .outbox h2{margin:.25rem 0 .5rem;font-size:1.15rem} .outbox h3{font-size:.95rem;margin:1rem 0 .25rem}
  .meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0} .meta dt{font-weight:600} .meta dd{margin:0}
  .outbox iframe{width:100%;height:28rem;border:1px solid #c9c9c9;border-radius:8px;background:#fff}
</style>
<main>
  <h1>Mail</h1>
  <div class="card"><p>Local mode sends no e-mail: every message the app sends to a shopper is kept here, newest first
  (the last ${limit}, also after a restart). The same list as JSON: <a href="/local/mail.json"><code>/local/mail.json</code></a>.</p></div>
  ${messages.length ? `<ol class="outbox" aria-label="Messages, newest first">${items}</ol>` : `<div class="card"><p>No messages yet.</p></div>`}
</main>`,
  );
}
