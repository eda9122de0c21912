import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "../web/config/env.js";
import type { LocalRuntime } from "../web/local/index.js";
import { createMailOutbox } from "../web/local/mail-outbox.js";
import { createLogger } from "../web/logging/logger.js";
import { renderEmail } from "../web/mail/email-layout.js";
import { InvalidRecipientError, MailUnavailableError, createSmtpMailer, mailerFor, unavailableMailer, type SmtpMailer } from "../web/mail/mailer.js";
import { startApp, type RunningApp } from "../web/server.js";
import { launchBrowser, screenshotPath } from "./support/browser.js";
import { LogCapture } from "./support/log-capture.js";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp-server.js";

const FROM = "privacy@consent.example";

const email = renderEmail({
  lang: "de",
  dir: "ltr",
  preheader: "Wir haben Ihre Anfrage erhalten.",
  heading: "Ihre Anfrage – bestätigt",
  paragraphs: ["Guten Tag,", "wir haben Ihre Anfrage <Auskunft> erhalten & bearbeiten sie."],
  action: { label: "Status ansehen", url: "https://shop.example/apps/consent/privacy/status?t=abc&x=1" },
  footer: "Café Zürich · Datenschutz",
});

describe("createSmtpMailer against a real SMTP server", () => {
  let smtp: TestSmtpServer;
  let mailer: SmtpMailer;
  const logs = new LogCapture();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createSmtpMailer({ smtpUrl: smtp.url, from: FROM, logger: createLogger("debug", logs) });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
  });

  it("delivers text and HTML with a UTF-8 subject, from the shop's name, and logs no address", async () => {
    expect(mailer.available).toBe(true);
    await mailer.send({ to: "ada@example.com", subject: "Ihre Anfrage – bestätigt", text: email.text, html: email.html, fromName: "Café Zürich" });
    const got = await smtp.waitForMessage((m) => m.to === "ada@example.com");
    expect(got.rcptTo).toEqual(["ada@example.com"]);
    expect(got.subject).toBe("Ihre Anfrage – bestätigt");
    expect(got.from).toEqual({ name: "Café Zürich", address: FROM });
    expect(got.text.trim()).toBe(email.text.trim());
    expect(got.html).toContain('<html lang="de" dir="ltr">');
    expect(got.html).toContain("wir haben Ihre Anfrage &lt;Auskunft&gt; erhalten &amp; bearbeiten sie.");
    // The headers travel as ASCII (RFC 2047 encoded words), as every mail server accepts.
    const head = got.raw.slice(0, got.raw.indexOf("\r\n\r\n"));
    expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/);
    expect(head).toMatch(/^Subject: =\?UTF-8\?/im);

    expect(logs.text).toContain("mail sent");
    expect(logs.text).not.toContain("ada@example.com");
    expect(logs.text).not.toContain(FROM);
  });

  it("keeps a sender name or subject with line breaks on one line: no header can be added", async () => {
    await mailer.send({
      to: "grace@example.com",
      subject: "Hello\r\nBcc: victim@evil.example\r\nX-Injected: yes",
      text: "text",
      html: "<p>html</p>",
      fromName: 'Shop"\r\nBcc: victim2@evil.example\nReply-To: evil@evil.example',
    });
    const got = await smtp.waitForMessage((m) => m.to === "grace@example.com");
    expect(got.rcptTo).toEqual(["grace@example.com"]);
    expect(got.headerNames).not.toContain("bcc");
    expect(got.headerNames).not.toContain("x-injected");
    expect(got.headerNames).not.toContain("reply-to");
    expect(got.headerNames.filter((h) => h === "subject")).toHaveLength(1);
    expect(got.headerNames.filter((h) => h === "from")).toHaveLength(1);
    expect(got.subject).toBe("Hello Bcc: victim@evil.example X-Injected: yes");
    expect(got.from).toEqual({ name: 'Shop" Bcc: victim2@evil.example Reply-To: evil@evil.example', address: FROM });
  });

  it("refuses a recipient that is not one plain address, and sends nothing", async () => {
    const before = smtp.messages.length;
    for (const to of ["a@example.com, b@example.com", "a@example.com\r\nBcc: b@example.com", "Ada <a@example.com>", "not an address"]) {
      await expect(mailer.send({ to, subject: "s", text: "t", html: "<p>h</p>" })).rejects.toBeInstanceOf(InvalidRecipientError);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages).toHaveLength(before);
  });
});

describe("a mail server that is down or missing", () => {
  it("throws MailUnavailableError quickly when nothing listens", async () => {
    const port = await closedPort();
    const logs = new LogCapture();
    const mailer = createSmtpMailer({ smtpUrl: `smtp://user:secret-pass@127.0.0.1:${port}`, from: FROM, logger: createLogger("info", logs) });
    const started = Date.now();
    const error = await mailer.send({ to: "ada@example.com", subject: "s", text: "t", html: "<p>h</p>" }).catch((e: unknown) => e);
    mailer.close();
    expect(error).toBeInstanceOf(MailUnavailableError);
    expect(error).toMatchObject({ permanent: false, retryAfterSeconds: 60 });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(logs.text).toContain("mail not sent");
    expect(logs.text).not.toContain("ada@example.com");
    expect(logs.text).not.toContain("secret-pass");
  });

  it("gives up on a server that accepts the connection and never answers, after the greeting timeout", async () => {
    const silent = net.createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    const { port } = silent.address() as net.AddressInfo;
    const mailer = createSmtpMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: FROM,
      logger: createLogger("info", new LogCapture()),
      timeouts: { greeting: 300 },
    });
    const started = Date.now();
    try {
      await expect(mailer.send({ to: "ada@example.com", subject: "s", text: "t", html: "<p>h</p>" })).rejects.toBeInstanceOf(MailUnavailableError);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      mailer.close();
      silent.close();
    }
  });

  it("says when the server refused the message itself (5xx): trying again will not help", async () => {
    const smtp = await startSmtpServer({ refuseRecipient: (address) => address.startsWith("nobody@") });
    const mailer = createSmtpMailer({ smtpUrl: smtp.url, from: FROM, logger: createLogger("info", new LogCapture()) });
    try {
      const error = await mailer.send({ to: "nobody@example.com", subject: "s", text: "t", html: "<p>h</p>" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailUnavailableError);
      expect(error).toMatchObject({ permanent: true });
      // The pool is still usable for the next message.
      await mailer.send({ to: "ada@example.com", subject: "next", text: "t", html: "<p>h</p>" });
      expect((await smtp.waitForMessage()).subject).toBe("next");
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it("is unavailable without SMTP_URL (or without MAIL_FROM), and a send throws the same error", async () => {
    expect(unavailableMailer.available).toBe(false);
    const logs = new LogCapture();
    expect(mailerFor({}, createLogger("info", logs)).available).toBe(false);
    expect(mailerFor({ smtpUrl: "smtp://127.0.0.1:1" }, createLogger("info", logs)).available).toBe(false);
    expect(logs.text).toContain("MAIL_FROM is not");
    const configured = mailerFor({ smtpUrl: "smtp://127.0.0.1:1", from: FROM }, createLogger("info", logs));
    expect(configured.available).toBe(true);
    configured.close();
    await expect(unavailableMailer.send({ to: "ada@example.com", subject: "s", text: "t", html: "" })).rejects.toBeInstanceOf(MailUnavailableError);
  });
});

describe("renderEmail", () => {
  it("gives simple accessible HTML: lang and dir, one heading, a real link, no tables, everything escaped", () => {
    expect(email.html).toContain('<html lang="de" dir="ltr">');
    expect(email.html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(email.html).not.toMatch(/<table/i);
    expect(email.html).toContain('<a href="https://shop.example/apps/consent/privacy/status?t=abc&amp;x=1"');
    expect(email.html).toContain(">Status ansehen</a>");
    expect(email.html).not.toContain("<Auskunft>");
    expect(email.html).toContain("Wir haben Ihre Anfrage erhalten.");
  });

  it("gives a plain text that reads on its own, with the link's address written out", () => {
    expect(email.text).toBe(
      [
        "Ihre Anfrage – bestätigt",
        "========================",
        "Guten Tag,",
        "wir haben Ihre Anfrage <Auskunft> erhalten & bearbeiten sie.",
        "Status ansehen:\nhttps://shop.example/apps/consent/privacy/status?t=abc&x=1",
        "-- \nCafé Zürich · Datenschutz",
      ].join("\n\n") + "\n",
    );
  });

  it("sets right to left for Arabic and refuses an action that is not a web address", () => {
    const rtl = renderEmail({ lang: "ar", dir: "rtl", heading: "طلبك", paragraphs: ["مرحبا"], footer: "متجر" });
    expect(rtl.html).toContain('<html lang="ar" dir="rtl">');
    expect(rtl.html).not.toContain("<a ");
    expect(renderEmail({ lang: '"><script>', dir: "ltr", heading: "h", paragraphs: [], footer: "f" }).html).toContain('<html lang="en" dir="ltr">');
    expect(() =>
      renderEmail({ lang: "en", dir: "ltr", heading: "h", paragraphs: [], action: { label: "x", url: "javascript:alert(1)" }, footer: "f" }),
    ).toThrow(TypeError);
  });

  it("uses colours with a contrast of at least 4.5:1 against their background", () => {
    const colours = [...email.html.matchAll(/(?:^|[;"])color:(#[0-9a-f]{6})/gi)].map((m) => m[1]!);
    expect(colours.length).toBeGreaterThan(3);
    // Every text colour is used on white, and the button's white text on its accent background.
    for (const colour of colours.filter((c) => c.toLowerCase() !== "#ffffff")) expect(contrast(colour, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    const button = /background:(#[0-9a-f]{6});color:#ffffff/i.exec(email.html);
    expect(contrast(button![1]!, "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });
});

describe("local mode's outbox", () => {
  it("keeps messages newest first, across a restart, up to its limit", async () => {
    const statePath = path.join(mkdtempSync(path.join(os.tmpdir(), "outbox-")), "mail.json");
    const outbox = createMailOutbox({ statePath, limit: 3 });
    for (const n of [1, 2, 3, 4]) {
      await outbox.mailer.send({ to: `n${n}@example.com`, subject: `message ${n}\r\nBcc: x@example.com`, text: "t", html: "<p>h</p>", fromName: "Shop" });
    }
    expect(outbox.messages().map((m) => m.subject)).toEqual(["message 4 Bcc: x@example.com", "message 3 Bcc: x@example.com", "message 2 Bcc: x@example.com"]);
    const reopened = createMailOutbox({ statePath, limit: 3 });
    expect(reopened.messages()).toEqual(outbox.messages());
    await expect(outbox.mailer.send({ to: "a@example.com, b@example.com", subject: "s", text: "t", html: "" })).rejects.toBeInstanceOf(InvalidRecipientError);
  });

  describe("in the running app", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "consent-mail-"));
    let app: RunningApp;
    let browser: Browser;
    beforeAll(async () => {
      app = await startApp(readEnv({ APP_DATA_DIR: dataDir, PORT: "0" }), { logger: createLogger("warn", new LogCapture()), host: "127.0.0.1" });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
    });

    it("lists what the app sent at /local/mail.json, newest first, and shows it at /local/mail", async () => {
      const { outbox } = app.local as LocalRuntime;
      await outbox.mailer.send({ to: "ada@example.com", subject: "First <one>", text: email.text, html: email.html, fromName: "Demo" });
      await new Promise((resolve) => setTimeout(resolve, 5));
      await outbox.mailer.send({ to: "grace@example.com", subject: "Second", text: "See https://shop.example/x?a=1&b=2 now", html: "<p>second</p>" });

      const listed = (await (await fetch(`${app.url}/local/mail.json`)).json()) as Array<Record<string, string>>;
      expect(listed.map((m) => [m.to, m.subject])).toEqual([
        ["grace@example.com", "Second"],
        ["ada@example.com", "First <one>"],
      ]);
      expect(Object.keys(listed[0]!).sort()).toEqual(["html", "sentAt", "subject", "text", "to"]);
      expect(Date.parse(listed[0]!.sentAt!)).toBeGreaterThan(Date.parse(listed[1]!.sentAt!));
      expect(listed[1]!.text).toBe(email.text);
      expect(outbox.messages().map((m) => m.to)).toEqual(["grace@example.com", "ada@example.com"]);

      const page = await fetch(`${app.url}/local/mail`);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      const html = await page.text();
      expect(html).toContain('<h2 id="message-2">First &lt;one&gt;</h2>');
      expect(html).toContain('<iframe sandbox="" srcdoc="&lt;!doctype html&gt;');
      expect(html).toContain('<a href="https://shop.example/x?a=1&amp;b=2">https://shop.example/x?a=1&amp;b=2</a>');
      expect(html.indexOf("Second")).toBeLessThan(html.indexOf("First &lt;one&gt;"));
      expect(await (await fetch(`${app.url}/local/`)).text()).toContain('href="/local/mail"');
    });

    it("shows each message's HTML in a frame that runs no script, and the page and the e-mail pass axe (WCAG 2.1 AA)", async () => {
      const { outbox } = app.local as LocalRuntime;
      const hostile = renderEmail({ lang: "en", dir: "ltr", heading: "<img src=x onerror=alert(1)>", paragraphs: ["<script>alert(2)</script>"], footer: "f" });
      await outbox.mailer.send({
        to: "john@example.com",
        subject: "Your request",
        text: hostile.text,
        html: `${hostile.html}<script>window.top.ran = 1</script>`,
      });
      const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on("dialog", (d) => void dialogs.push(d.message()));
      await page.goto(`${app.url}/local/mail`);
      const frame = page.frameLocator('iframe[title="HTML of “Your request”"]');
      await frame.getByRole("heading", { level: 1, name: "<img src=x onerror=alert(1)>" }).waitFor({ timeout: 10_000 });
      const axePage = await new AxeBuilder({ page })
        .setLegacyMode()
        .options({ iframes: false })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      expect(axePage.violations.map((v) => v.id)).toEqual([]);
      // Every message's frame holds its e-mail (the older ones too).
      await page
        .frameLocator('iframe[title="HTML of “First <one>”"]')
        .getByRole("heading", { level: 1, name: "Ihre Anfrage – bestätigt" })
        .waitFor({ timeout: 10_000 });
      await page.screenshot({ path: screenshotPath("local-mail") });
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { ran?: number }).ran)).toBeUndefined();

      await page.setContent(email.html);
      const axeEmail = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(axeEmail.violations.map((v) => v.id)).toEqual([]);
      await context.close();
    });
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
