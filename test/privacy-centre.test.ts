import { Liquid } from "liquidjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openIdentity } from "../web/compliance/customer-identity.js";
import { signProxyQuery } from "../web/local/storefront/local-proxy.js";
import { createKeyring } from "../web/security/encryption.js";
import { PROVIDERS } from "./support/databases.js";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { startSmtpServer, type TestSmtpServer } from "./support/smtp-server.js";
import { API_SECRET, ENCRYPTION_KEY, OTHER_SHOP, SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const keyring = createKeyring(Buffer.from(ENCRYPTION_KEY, "hex"));
/** A form's signed start time, `ageMs` ago, as the page renders it for this shop and signed-in customer (a person takes seconds to fill the form). */
const started = (ageMs = 5_000, customer = "", shop = SHOP) => {
  const at = Date.now() - ageMs;
  return `${at}.${keyring.pseudonym("privacy-form", `${at}|${shop}|${customer}`).slice(0, 32)}`;
};

/** Shopify's rendering of an application/liquid answer, strict: an injected tag would fail to parse or render. */
const liquid = new Liquid({ strictFilters: true });
const render = (body: string, locale = "en") =>
  liquid.parseAndRender(body, { shop: { name: "The Real Shop" }, request: { locale: { iso_code: locale } }, localization: { country: { iso_code: "DE" } } });

interface ProxyOptions {
  shop?: string;
  customer?: string;
  ip?: string;
  form?: Record<string, string>;
  prefix?: string;
}

describe.each(PROVIDERS)("the shoppers' privacy centre on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  let smtp: TestSmtpServer;
  let ipCounter = 1;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    database = await createTestDatabase(provider);
    app = await startTestApp(database, { SMTP_URL: smtp.url, MAIL_FROM: "privacy@consent-app.example.test" });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await smtp?.close();
  });

  /** A request through Shopify's app proxy: the signed query, the storefront's host, the shopper's network. */
  function proxy(pathname: string, options: ProxyOptions = {}) {
    const [route, search] = pathname.split("?");
    const query = new URLSearchParams(search);
    query.set("shop", options.shop ?? SHOP);
    query.set("logged_in_customer_id", options.customer ?? "");
    query.set("path_prefix", options.prefix ?? "/apps/consent");
    query.set("timestamp", String(Math.floor(Date.now() / 1000)));
    return fetch(`${app.url}/proxy${route}?${signProxyQuery(query, API_SECRET)}`, {
      method: options.form ? "POST" : "GET",
      headers: {
        "x-forwarded-for": options.ip ?? `198.51.${ipCounter++}.7`,
        // A client can write this header: links never come from it.
        "x-forwarded-host": "evil.example, shop.example.com",
        ...(options.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: options.form ? new URLSearchParams(options.form).toString() : undefined,
    });
  }

  const guestForm = (email: string, extra: Record<string, string> = {}) => ({
    type: "access",
    locale: "en",
    country: "DE",
    started: started(),
    email,
    ...extra,
  });

  it("answers the rights page as application/liquid in the storefront's language, with links under the shop's own path prefix", async () => {
    const any = await proxy("/privacy", { prefix: "/tools/privacy-rights" });
    expect(any.status).toBe(200);
    expect(any.headers.get("content-type")).toMatch(/^application\/liquid/);
    const body = await any.text();
    // Shopify picks the language as it renders: German for a German storefront, each Portuguese its own, English
    // for a language the storefront has that the app does not speak.
    expect(await render(body, "de")).toContain("<h1>Ihre Datenschutzrechte</h1>");
    expect(await render(body, "pt-PT")).toContain('lang="pt-PT"');
    expect(await render(body, "pt-BR")).toContain('lang="pt-BR"');
    expect(await render(body, "sv")).toContain("<h1>Dina integritetsrättigheter</h1>");
    expect(await render(body, "eo")).toContain("<h1>Your privacy rights</h1>");
    const german = await (await proxy("/privacy?locale=de", { prefix: "/tools/privacy-rights" })).text();
    expect(german).toContain('action="/tools/privacy-rights/privacy"');
    expect(german).not.toContain("/apps/consent");
    expect(german).not.toContain("Your privacy rights");
    expect((await render(german)).match(/<form /g)).toHaveLength(4);
  });

  it("keeps whatever a shopper types inert: {{ shop.name }} and {% raw %} in every field come back as text", async () => {
    const payloads = ["{{ shop.name }}", "{% raw %}", "{%- assign x = 1 -%}<script>alert(1)</script>"];
    for (const typed of payloads) {
      for (const form of [
        guestForm(typed), // not an e-mail: the form comes back with it
        { ...guestForm(`${typed}@example.com`), type: "correction", field: "lastName", value: typed, note: typed, region: typed },
        { ...guestForm("shopper@example.com"), type: "correction", field: typed, value: "", note: typed },
        { ...guestForm(typed), locale: typed, country: typed },
      ]) {
        const res = await proxy("/privacy", { form });
        const body = await res.text();
        expect(body).not.toContain(typed);
        // Rendered as Shopify would: it parses (no tag was opened), and the shop's name appears only where the app put it.
        const rendered = await render(body);
        expect(rendered.split("The Real Shop").length - 1).toBe(body.split("{{ shop.name | escape }}").length - 1);
        expect(rendered).not.toContain("<script>alert(1)</script>");
      }
    }
    // The rendered page shows the typed text as text (the character references), never its output.
    const echoed = await proxy("/privacy", {
      form: { ...guestForm("x@example.com"), type: "correction", field: "lastName", value: "", note: "{{ shop.name }}" },
    });
    const rendered = await render(await echoed.text());
    expect(rendered).toContain("&#123;&#123; shop.name &#125;&#125;");
    expect(rendered).not.toMatch(/>\s*The Real Shop\s*</);
  });

  it("confirms a guest's request by a single-use e-mailed link, then shows its status; replayed and expired links say so", async () => {
    const before = smtp.messages.length;
    const res = await proxy("/privacy", { form: guestForm("ada@example.com", { locale: "de" }) });
    const answer = await res.text();
    expect(res.status, answer).toBe(200);
    expect(answer).toContain("ada@example.com");
    const mail = await smtp.waitForMessage((m) => m.to.includes("ada@example.com") && smtp.messages.indexOf(m) >= before);
    expect(mail.subject).toMatch(/Datenschutzantrag/);
    const link = /https:\/\/test-shop\.myshopify\.com\/apps\/consent(\/privacy\/verify\?token=[\w-]{43})/.exec(mail.text)![1]!;
    const row = await app.db.prisma.complianceRequest.findFirstOrThrow({ where: { shopDomain: SHOP, source: "shopper", status: "unverified" } });
    expect(row.details).not.toContain("ada@example.com");
    expect(row.tokenHash).not.toContain(link.split("token=")[1]);

    // Opening the link uses nothing up (mail scanners open links); the button does.
    const page = await proxy(link);
    expect(page.status).toBe(200);
    const token = link.split("token=")[1]!;
    expect(await page.text()).toContain(`value="${token}"`);
    const confirmed = await proxy("/privacy/verify", { form: { token } });
    expect(confirmed.status).toBe(200);
    const confirmation = await confirmed.text();
    const statusLink = /href="\/apps\/consent(\/privacy\/status\/[\w-]+\?s=[0-9a-f]{64})"/.exec(confirmation)![1]!;
    const verified = await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id: row.id } });
    expect(verified.verifiedAt).not.toBeNull();
    expect(verified.law).toBe("gdpr");
    expect(["received", "processing", "completed", "awaiting_merchant", "failed"]).toContain(verified.status);

    const replay = await proxy("/privacy/verify", { form: { token } });
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain("bereits verwendet");

    const status = await proxy(statusLink);
    expect(status.status).toBe(200);
    expect(await render(await status.text(), "de")).toMatch(/Ihr Datenschutzantrag/);
    // The same link on another shop, or with a forged signature, shows nothing.
    expect((await proxy(statusLink, { shop: OTHER_SHOP })).status).toBe(404);
    const forged = statusLink.replace(/[0-9a-f]$/, (c) => (c === "0" ? "1" : "0"));
    expect((await proxy(forged)).status).toBe(404);
    expect(smtp.messages.some((m) => m.text.includes("evil.example"))).toBe(false);

    // A merchant's reason the shopper sees is inert too.
    await app.db.prisma.complianceRequest.update({
      where: { id: row.id },
      data: { status: "declined", decisionReason: "{{ shop.name }} {% raw %}", completedAt: new Date() },
    });
    const declined = await (await proxy(statusLink)).text();
    expect(declined).not.toContain("{{ shop.name }}");
    expect(await render(declined, "de")).toContain("&#123;&#123; shop.name &#125;&#125; &#123;% raw %&#125;");

    // An expired link.
    await proxy("/privacy", { form: guestForm("late@example.com") });
    const lateMail = await smtp.waitForMessage((m) => m.to.includes("late@example.com"));
    const lateToken = /token=([\w-]{43})/.exec(lateMail.text)![1]!;
    await app.db.prisma.complianceRequest.updateMany({
      where: { shopDomain: SHOP, status: "unverified" },
      data: { tokenExpiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await proxy("/privacy/verify", { form: { token: lateToken } });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("expired");
    expect((await proxy("/privacy/verify", { form: { token: "x".repeat(43) } })).status).toBe(404);
  });

  it("answers the same whether or not the address belongs to a customer, and refuses bots cheaply", async () => {
    const normalise = (body: string) => body.replace(/value="\d{13}\.[0-9a-f]{32}"/g, "").replace(/[\w.+-]+@example\.com/g, "ADDRESS");
    const known = await proxy("/privacy", { form: guestForm("john@example.com", { type: "deletion" }) });
    const unknown = await proxy("/privacy", { form: guestForm("nobody-at-all@example.com", { type: "deletion" }) });
    expect(known.status).toBe(unknown.status);
    expect(normalise(await known.text())).toBe(normalise(await unknown.text()));

    const count = () => app.db.prisma.complianceRequest.count({ where: { shopDomain: SHOP, source: "shopper" } });
    const before = await count();
    // The hidden field, filled: told what a person is told, nothing recorded or sent.
    const trapped = await proxy("/privacy", { form: guestForm("bot@example.com", { website: "http://spam.example" }) });
    expect(trapped.status).toBe(200);
    // Posted at once after the page rendered, or with a forged start time.
    const quick = await proxy("/privacy", { form: guestForm("bot@example.com", { started: started(100) }) });
    expect(quick.status).toBe(400);
    const forged = await proxy("/privacy", { form: guestForm("bot@example.com", { started: `${Date.now() - 5000}.${"0".repeat(32)}` }) });
    expect(forged.status).toBe(400);
    expect(await count()).toBe(before);
    expect(smtp.messages.some((m) => m.to.includes("bot@example.com"))).toBe(false);
  });

  it("limits requests per network and confirmation e-mails per address", async () => {
    const ip = "203.0.113.99";
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await proxy("/privacy", { ip, form: guestForm(`n${i}@example.com`) })).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);

    for (let i = 0; i < 4; i++) expect((await proxy("/privacy", { form: guestForm("flooded@example.com") })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.filter((m) => m.to.includes("flooded@example.com"))).toHaveLength(3);
  });

  it("refuses a form start time shown to someone else: another shop, or a signed-in customer other than the one posting", async () => {
    const count = () => app.db.prisma.complianceRequest.count({ where: { source: "shopper" } });
    const before = await count();
    const anonymous = started();
    expect((await proxy("/privacy", { customer: "42", form: { type: "deletion", locale: "en", started: anonymous } })).status).toBe(400);
    expect((await proxy("/privacy", { customer: "42", form: { type: "deletion", locale: "en", started: started(5_000, "43") } })).status).toBe(400);
    expect((await proxy("/privacy", { form: guestForm("x@example.com", { started: started(5_000, "", OTHER_SHOP) }) })).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("takes a guest's opt-out of sale or sharing at once, with no proof of identity asked (CCPA)", async () => {
    const before = smtp.messages.length;
    const res = await proxy("/privacy", { form: guestForm("optout@example.com", { type: "opt_out", country: "US", region: "USCA" }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/privacy/status/");
    const row = await app.db.prisma.complianceRequest.findFirstOrThrow({
      where: { shopDomain: SHOP, topic: "shopper/opt_out", tokenHash: null, customerRef: null },
    });
    expect(row.verifiedAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.slice(before).some((m) => /Confirm/.test(m.subject))).toBe(false);
  });

  it("takes the law from where the shopper is before the market they picked, and ignores a locale it cannot speak", async () => {
    await proxy("/privacy", { customer: "191167", form: { type: "access", locale: "en", country: "US", region: "DEBE", started: started(5_000, "191167") } });
    const row = await app.db.prisma.complianceRequest.findFirstOrThrow({
      where: { shopDomain: SHOP, topic: "shopper/access" },
      orderBy: { receivedAt: "desc" },
    });
    expect(row.law).toBe("gdpr");
    const odd = await (await proxy(`/privacy?locale=${encodeURIComponent("{{ shop.name }}")}`)).text();
    expect(odd).not.toContain("{{ shop.name }}<");
    expect(await render(odd)).toContain("<h1>Your privacy rights</h1>");
  });

  it("takes a signed-in customer's request at once (no e-mail round trip), with the law's clock from where they were", async () => {
    const res = await proxy("/privacy", {
      customer: "42",
      form: { type: "opt_out", locale: "en", country: "US", region: "USCA", started: started(5_000, "42") },
    });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("/privacy/status/");
    const row = await app.db.prisma.complianceRequest.findFirstOrThrow({
      where: { shopDomain: SHOP, topic: "shopper/opt_out" },
      orderBy: { receivedAt: "desc" },
    });
    expect(row.verifiedAt).not.toBeNull();
    expect(row.law).toBe("ccpa");
    expect(row.customerRef).toBeTruthy();
    // The customer's id is kept sealed: it opens only with the app's key (ciphertext may contain any digits).
    expect(openIdentity(keyring, row.id, row.customerIdentity)).toMatchObject({ customerId: "42" });
    expect(row.customerIdentity).not.toContain("customerId");
    // 15 business days: 21 calendar days at least.
    expect(row.dueAt.getTime() - row.receivedAt.getTime()).toBeGreaterThanOrEqual(19 * 24 * 3600_000);
  });
});

describe.each(PROVIDERS)("the privacy centre without a mail server on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("asks guests to sign in, and still takes signed-in customers' requests", async () => {
    const query = (customer: string) =>
      signProxyQuery(
        new URLSearchParams({
          locale: "en",
          shop: SHOP,
          logged_in_customer_id: customer,
          path_prefix: "/apps/consent",
          timestamp: String(Math.floor(Date.now() / 1000)),
        }),
        API_SECRET,
      );
    const page = await (await fetch(`${app.url}/proxy/privacy?${query("")}`)).text();
    expect(page).toContain("please sign in");
    expect(page).not.toContain("<form");
    const signedIn = await (await fetch(`${app.url}/proxy/privacy?${query("42")}`)).text();
    expect(signedIn.match(/<form /g)).toHaveLength(4);
  });
});
