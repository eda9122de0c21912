import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../../config/paths.js";
import type { CustomerOrder } from "../../../shopify/customer-privacy-api.js";
import { PRIVACY_LOCALES } from "../../texts.js";
import { PACK_FORMAT, PACK_NOTES, type EvidencePack } from "../pack-document.js";
import { renderPackSummary } from "../pack-summary.js";

const catalogue = (locale: string) => JSON.parse(readFileSync(path.join(ROOT, `web/privacy-centre/locales/${locale}.json`), "utf8")) as Record<string, string>;
const english = catalogue("en");

const order = (name: string, amount: string, currencyCode: string): CustomerOrder => ({
  id: `gid://shopify/Order/${name.slice(1)}`,
  name,
  createdAt: "2026-05-04T10:00:00.000Z",
  processedAt: "2026-05-04T10:00:00.000Z",
  subtotal: null,
  total: { amount, currencyCode },
  lineItems: [{ title: "Punch cards <b>", quantity: 2 }],
  lineItemsTruncated: name === "#1002",
});

/** A pack as assemblePack writes it: a customer with two orders, one receipt, one earlier request. */
function pack(locale: string | null, changes: Partial<EvidencePack> = {}): EvidencePack {
  return {
    format: PACK_FORMAT,
    shop: "demo<shop>.myshopify.com",
    generatedAt: "2026-12-03T13:05:00.000Z",
    request: { id: "req-1", receivedAt: "2026-12-01T09:00:00.000Z", verifiedAt: "2026-12-01T09:00:00.000Z", law: "gdpr", locale },
    shopify: {
      customerFound: true,
      customer: {
        id: "42",
        firstName: "Ada <script>",
        lastName: "Lovelace",
        email: "ada@example.com",
        phone: null,
        locale: "en",
        createdAt: "2025-01-02T00:00:00.000Z",
        dataSaleOptOut: true,
        emailMarketing: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN", updatedAt: "2025-02-03T00:00:00.000Z" },
        smsMarketing: null,
        defaultAddress: null,
        addresses: [],
      },
      orders: [order("#1001", "12.5", "EUR"), order("#1002", "29.30", "EUR")],
    },
    consentReceipts: [
      {
        receiptId: "r1",
        shopifyConsentId: null,
        recordedAt: "2026-06-01T08:30:00.000Z",
        granted: ["analytics", "marketing"],
        denied: ["sale_of_data"],
        method: "custom",
        bannerRevision: 3,
        textHash: "a".repeat(64),
        region: "DEBE",
        ipHash: null,
        seenBeforeChoice: { hosts: ["tracker.example"], cookies: ["_ga"] },
      },
    ],
    earlierRequests: [
      {
        id: "req-0",
        topic: "shopper/opt_out",
        source: "shopper",
        receivedAt: "2026-03-01T00:00:00.000Z",
        dueAt: "2026-03-20T00:00:00.000Z",
        status: "completed",
        completedAt: "2026-03-02T00:00:00.000Z",
      },
    ],
    notes: [PACK_NOTES.appKeeps, PACK_NOTES.ipHash, PACK_NOTES.orders],
    ...changes,
  };
}

/** The page's text (tags dropped), entities left as written. */
const textOf = (html: string) => html.replace(/<style>[^<]*<\/style>/, "").replace(/<[^>]+>/g, " ");

describe("the access pack's summary", () => {
  it("says in English what data.json holds, the notes word for word", () => {
    for (const [name, note] of Object.entries(PACK_NOTES)) {
      const key = `pack_note_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
      expect(english[key], key).toBe(note);
    }
    const html = renderPackSummary(pack("en"));
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("<h2>Your customer account</h2>");
    expect(html).toContain("2 orders, oldest first");
    expect(html).toContain("1 choice");
    expect(html).toContain("€29.30");
    expect(html).toContain("Analytics and Marketing");
    expect(html).toContain("Do not sell or share my personal information");
    expect(html).toContain(PACK_NOTES.orders);
  });

  it("speaks German for a German request: headings, plurals, dates, money, statuses and notes", () => {
    const html = renderPackSummary(pack("de-AT"));
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain("<title>Ihre Daten bei demo&lt;shop&gt;.myshopify.com</title>");
    expect(html).toContain("<h2>Ihr Kundenkonto</h2>");
    expect(html).toContain("<h2>Ihre Bestellungen</h2>");
    expect(html).toContain("2 Bestellungen, älteste zuerst");
    expect(html).toContain("1 Entscheidung");
    expect(html).toContain("29,30\u00a0€");
    expect(html).toContain("4. Mai 2026");
    expect(html).toContain("Angemeldet (seit 3. Februar 2025)");
    expect(html).toContain("Sie haben widersprochen");
    expect(html).toContain("Statistik und Marketing");
    expect(html).toContain("Deutschland (DEBE)");
    expect(html).toContain("Englisch");
    expect(html).toContain("… und weitere Artikel");
    expect(html).toContain("Meine personenbezogenen Daten nicht verkaufen oder weitergeben");
    expect(html).toContain("<td>Erledigt</td>");
    expect(html).toContain("<code>data.json</code>");
    expect(html).toContain(catalogue("de").pack_note_orders);
    expect(html).not.toContain(PACK_NOTES.orders);
  });

  it("uses the locale's plural forms: one order, one request", () => {
    const one = pack("de", { earlierRequests: [] });
    one.shopify.orders = one.shopify.orders.slice(0, 1);
    const html = renderPackSummary(one);
    expect(html).toContain("1 Bestellung, älteste zuerst");
    expect(html).toContain("Keine in diesem Shop.");
    expect(renderPackSummary({ ...one, request: { ...one.request, locale: "en" } })).toContain("1 order, oldest first");
  });

  it("is right to left in Arabic", () => {
    const html = renderPackSummary(pack("ar"));
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(`<h2>${catalogue("ar").pack_account_heading}</h2>`);
  });

  it("falls back to English for a locale the privacy centre does not speak, or none", () => {
    expect(renderPackSummary(pack("eo"))).toContain('<html lang="en" dir="ltr">');
    expect(renderPackSummary(pack(null))).toContain("<h2>Your customer account</h2>");
  });

  it.each(PRIVACY_LOCALES.filter((l) => l !== "en"))("%s: no English heading or label left, every value escaped", (locale) => {
    const html = renderPackSummary(pack(locale));
    const text = textOf(html);
    for (const key of [
      "pack_account_heading",
      "pack_orders_heading",
      "pack_cookies_heading",
      "pack_requests_heading",
      "pack_about_heading",
      "pack_customer_number",
      "pack_when",
    ])
      expect(text, `${locale} ${key}`).not.toContain(english[key]);
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain("Ada &lt;script&gt;");
    expect(html).not.toMatch(/\{\w+\}/);
  });

  it("a guest without a customer account is told so in their language", () => {
    const html = renderPackSummary(
      pack("fr", { shopify: { customerFound: false, customer: null, orders: [] }, consentReceipts: [], notes: [PACK_NOTES.appKeeps, PACK_NOTES.noCustomer] }),
    );
    expect(html).toContain(catalogue("fr").pack_note_no_customer!.replace(/'/g, "&#39;"));
    expect(html).toContain(catalogue("fr").pack_cookies_none!.replace(/'/g, "&#39;"));
  });
});
