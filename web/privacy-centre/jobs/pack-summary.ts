import type { CustomerAddress, MarketingConsent, Money } from "../../shopify/customer-privacy-api.js";
import { textsFor, type PrivacyTextKey, type Texts } from "../texts.js";
import { PACK_NOTES, type EvidencePack } from "./pack-document.js";

/*
 * The evidence pack's readable summary (summary.html): one self-contained page (no scripts, no external
 * styles, fonts or images), every value escaped, written from the pack's data only, so it never says more
 * than data.json holds. It speaks the locale the shopper made the request in (the pack's request.locale),
 * with the privacy centre's texts (keys pack_*) and the locale's dates, numbers, money and lists.
 */

const escapeHtml = (value: unknown) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const CATEGORY: Record<string, PrivacyTextKey> = {
  analytics: "pack_category_analytics",
  marketing: "pack_category_marketing",
  preferences: "pack_category_preferences",
  sale_of_data: "pack_category_sale_of_data",
};
const METHOD: Record<string, PrivacyTextKey> = {
  accept_all: "pack_method_accept_all",
  reject_all: "pack_method_reject_all",
  custom: "pack_method_custom",
  gpc: "pack_method_gpc",
};
const TOPIC: Record<string, PrivacyTextKey> = {
  "shopper/access": "pack_topic_access",
  "shopper/correction": "pack_topic_correction",
  "shopper/deletion": "pack_topic_deletion",
  "shopper/opt_out": "pack_topic_opt_out",
  "customers/data_request": "pack_topic_data_request",
  "customers/redact": "pack_topic_redact",
};
/** A request's status as the shopper's status page names it. */
const STATUS: Record<string, PrivacyTextKey> = {
  unverified: "state_unverified",
  received: "state_received",
  awaiting_merchant: "state_awaiting_merchant",
  processing: "state_processing",
  waiting_shopify: "state_waiting_shopify",
  completed: "state_completed",
  declined: "state_declined",
  cancelled: "state_cancelled",
  failed: "state_failed",
};
/** Shopify's e-mail and SMS marketing states. */
const MARKETING: Record<string, PrivacyTextKey> = {
  SUBSCRIBED: "pack_marketing_subscribed",
  NOT_SUBSCRIBED: "pack_marketing_not_subscribed",
  UNSUBSCRIBED: "pack_marketing_unsubscribed",
  PENDING: "pack_marketing_pending",
  REDACTED: "pack_marketing_redacted",
  INVALID: "pack_marketing_invalid",
};
/** The pack's fixed notes (English in data.json) as the summary says them. */
const NOTE: Record<string, PrivacyTextKey> = {
  [PACK_NOTES.appKeeps]: "pack_note_app_keeps",
  [PACK_NOTES.ipHash]: "pack_note_ip_hash",
  [PACK_NOTES.orders]: "pack_note_orders",
  [PACK_NOTES.noCustomer]: "pack_note_no_customer",
  [PACK_NOTES.customerGone]: "pack_note_customer_gone",
};

/** The summary's wording in one locale: texts (HTML, escaped), and the locale's dates, numbers, money, lists and names. */
interface Speaker {
  texts: Texts;
  /** A catalogue text as HTML; values are escaped unless given as `{ html }`. */
  say(key: PrivacyTextKey, values?: Record<string, string | { html: string }>): string;
  /** "{count} things" in the locale's plural form (keys `<base>_one` / `<base>_other`; other categories read `other`). */
  count(base: "pack_orders" | "pack_choices" | "pack_requests", n: number): string;
  day(iso: string | null): string;
  moment(iso: string): string;
  money(m: Money): string;
  list(items: string[]): string;
  language(code: string): string;
  region(code: string | null): string;
}

function speaker(requested: string | null): Speaker {
  const texts = textsFor(requested, escapeHtml);
  const { locale } = texts;
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  const moments = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  });
  const lists = new Intl.ListFormat(locale, { style: "long", type: "conjunction" });
  const languages = new Intl.DisplayNames(locale, { type: "language", fallback: "code" });
  const regions = new Intl.DisplayNames(locale, { type: "region", fallback: "code" });
  const say: Speaker["say"] = (key, values = {}) =>
    texts.t(key, Object.fromEntries(Object.entries(values).map(([name, v]) => [name, typeof v === "string" ? escapeHtml(v) : v.html])));
  return {
    texts,
    say,
    count: (base, n) => say(plurals.select(n) === "one" ? `${base}_one` : `${base}_other`, { count: numbers.format(n) }),
    day: (iso) => (iso ? texts.date(new Date(iso)) : ""),
    moment: (iso) => moments.format(new Date(iso)),
    money: (m) => {
      try {
        return new Intl.NumberFormat(locale, { style: "currency", currency: m.currencyCode }).format(Number(m.amount));
      } catch {
        return `${m.amount} ${m.currencyCode}`;
      }
    },
    list: (items) => lists.format(items),
    language: (code) => {
      try {
        return languages.of(code) ?? code;
      } catch {
        return code;
      }
    },
    // Shopify's region codes are a country and, for some, a subdivision (DEBE, USCA).
    region: (code) => {
      if (!code) return "";
      try {
        const country = regions.of(code.slice(0, 2).toUpperCase()) ?? code;
        return code.length > 2 ? `${country} (${code})` : country;
      } catch {
        return code;
      }
    },
  };
}

/** A table; caption and headers are HTML, cells are HTML. */
function table(caption: string, headers: string[], rows: string[][]): string {
  return `<div class="scroll" role="region" tabindex="0" aria-label="${caption}"><table><caption>${caption}</caption><thead><tr>${headers.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}

/** Label and value pairs, both HTML; empty values are left out. */
function facts(entries: Array<[string, string]>): string {
  return `<dl>${entries
    .filter(([, value]) => value !== "")
    .map(([label, value]) => `<dt>${label}</dt><dd>${value}</dd>`)
    .join("")}</dl>`;
}

const addressText = (a: CustomerAddress) =>
  [
    [a.firstName, a.lastName].filter(Boolean).join(" "),
    a.company,
    a.address1,
    a.address2,
    [a.zip, a.city].filter(Boolean).join(" "),
    a.province,
    a.country,
    a.phone,
  ]
    .filter(Boolean)
    .join(", ");

function consentText(s: Speaker, m: MarketingConsent | null): string {
  if (!m) return s.say("pack_marketing_none");
  const key = MARKETING[m.state];
  const state = key ? s.say(key) : escapeHtml(m.state.toLowerCase().replace(/_/g, " "));
  return m.updatedAt ? s.say("pack_marketing_since", { state: { html: state }, date: s.day(m.updatedAt) }) : state;
}

/** Category names joined as the locale lists them (the list's separators hold no markup). */
const categories = (s: Speaker, list: string[]) =>
  list.length ? s.list(list.map((c) => (CATEGORY[c] ? s.say(CATEGORY[c]) : escapeHtml(c)))) : s.say("pack_none");

function shopifySection(s: Speaker, pack: EvidencePack): string {
  const { customer, orders } = pack.shopify;
  const heading = `<h2>${s.say("pack_account_heading")}</h2>`;
  if (!customer)
    return `<section>${heading}<p>${s.say(pack.notes.includes(PACK_NOTES.noCustomer) ? "pack_note_no_customer" : "pack_note_customer_gone")}</p></section>`;
  const profile = facts([
    [s.say("pack_customer_number"), escapeHtml(customer.id)],
    [s.say("field_firstName"), escapeHtml(customer.firstName)],
    [s.say("field_lastName"), escapeHtml(customer.lastName)],
    [s.say("field_email"), escapeHtml(customer.email)],
    [s.say("field_phone"), escapeHtml(customer.phone)],
    [s.say("pack_language"), customer.locale ? escapeHtml(s.language(customer.locale)) : ""],
    [s.say("pack_account_created"), escapeHtml(s.day(customer.createdAt))],
    [s.say("pack_email_marketing"), consentText(s, customer.emailMarketing)],
    [s.say("pack_sms_marketing"), consentText(s, customer.smsMarketing)],
    [s.say("pack_data_sale"), s.say(customer.dataSaleOptOut ? "pack_data_sale_opted_out" : "pack_data_sale_no_opt_out")],
  ]);
  const addresses = customer.addresses.length
    ? `<ul>${customer.addresses.map((a) => `<li>${escapeHtml(addressText(a))}</li>`).join("")}</ul>`
    : `<p>${s.say("pack_no_addresses")}</p>`;
  const orderRows = orders.map((o) => [
    escapeHtml(o.name),
    escapeHtml(s.day(o.createdAt)),
    `<ul>${o.lineItems.map((item) => `<li>${escapeHtml(item.quantity)} × ${escapeHtml(item.title)}</li>`).join("")}${o.lineItemsTruncated ? `<li>${s.say("pack_more_items")}</li>` : ""}</ul>`,
    escapeHtml(s.money(o.total)),
  ]);
  return `<section>${heading}${profile}<h3>${s.say("pack_addresses_heading")}</h3>${addresses}<h2>${s.say("pack_orders_heading")}</h2>${
    orders.length
      ? table(s.count("pack_orders", orders.length), [s.say("pack_order"), s.say("pack_order_date"), s.say("pack_items"), s.say("pack_total")], orderRows)
      : `<p>${s.say("pack_no_orders")}</p>`
  }</section>`;
}

function receiptsSection(s: Speaker, pack: EvidencePack): string {
  const receipts = pack.consentReceipts;
  const heading = `<h2>${s.say("pack_cookies_heading")}</h2>`;
  if (!receipts.length) return `<section>${heading}<p>${s.say("pack_cookies_none")}</p></section>`;
  const rows = receipts.map((r) => {
    const seen = r.seenBeforeChoice;
    const seenParts = seen
      ? [
          seen.hosts.length ? s.say("pack_seen_sites", { list: seen.hosts.join(", ") }) : "",
          seen.cookies.length ? s.say("pack_seen_cookies", { list: seen.cookies.join(", ") }) : "",
        ].filter(Boolean)
      : [];
    return [
      escapeHtml(s.moment(r.recordedAt)),
      METHOD[r.method] ? s.say(METHOD[r.method]!) : escapeHtml(r.method),
      categories(s, r.granted),
      categories(s, r.denied),
      escapeHtml(s.region(r.region)),
      escapeHtml(r.bannerRevision),
      `<code>${escapeHtml(r.textHash.slice(0, 16))}…</code>`,
      seen ? seenParts.join("; ") || s.say("pack_seen_nothing") : "",
    ];
  });
  return `<section>${heading}<p>${s.say("pack_cookies_intro")}</p>${table(
    s.count("pack_choices", receipts.length),
    [
      s.say("pack_when"),
      s.say("pack_how"),
      s.say("pack_allowed"),
      s.say("pack_refused"),
      s.say("pack_where"),
      s.say("pack_banner_version"),
      s.say("pack_text_fingerprint"),
      s.say("pack_loaded_before"),
    ],
    rows,
  )}</section>`;
}

function requestsSection(s: Speaker, pack: EvidencePack): string {
  const earlier = pack.earlierRequests;
  const heading = `<h2>${s.say("pack_requests_heading")}</h2>`;
  if (!earlier.length) return `<section>${heading}<p>${s.say("pack_requests_none")}</p></section>`;
  const rows = earlier.map((r) => [
    TOPIC[r.topic] ? s.say(TOPIC[r.topic]!) : escapeHtml(r.topic),
    escapeHtml(s.day(r.receivedAt)),
    STATUS[r.status] ? s.say(STATUS[r.status]!, { shop: pack.shop }) : escapeHtml(r.status.replace(/_/g, " ")),
    escapeHtml(s.day(r.completedAt)),
  ]);
  return `<section>${heading}${table(
    s.count("pack_requests", earlier.length),
    [s.say("pack_request"), s.say("pack_received"), s.say("pack_status"), s.say("pack_completed")],
    rows,
  )}</section>`;
}

const STYLE =
  "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff;max-width:60rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}" +
  "h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem}" +
  "dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}" +
  "@media (max-width:30rem){dl{grid-template-columns:minmax(0,1fr)}dd{margin-bottom:.5rem}}" +
  "table{border-collapse:collapse;width:100%;font-size:.95rem}caption{text-align:start;font-weight:600;padding:.25rem 0}" +
  "th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:start;vertical-align:top}td ul{margin:0;padding-inline-start:1rem}" +
  "code{font-size:.85em}.note{color:#444}.scroll{overflow-x:auto}";

/** The summary page of a pack, in the locale of its request (English when the locale is unknown). */
export function renderPackSummary(pack: EvidencePack): string {
  const s = speaker(pack.request.locale);
  const title = s.say("pack_title", { shop: pack.shop });
  const notes = pack.notes.filter((n) => n !== PACK_NOTES.noCustomer && n !== PACK_NOTES.customerGone);
  return `<!doctype html>
<html lang="${escapeHtml(s.texts.locale)}" dir="${s.texts.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>${s.say("pack_intro", {
    date: s.moment(pack.generatedAt),
    received: s.day(pack.request.receivedAt),
    reference: pack.request.id,
    file: { html: "<code>data.json</code>" },
  })}</p>
${shopifySection(s, pack)}
${receiptsSection(s, pack)}
${requestsSection(s, pack)}
<section><h2>${s.say("pack_about_heading")}</h2><ul class="note">${notes.map((n) => `<li>${NOTE[n] ? s.say(NOTE[n]!) : escapeHtml(n)}</li>`).join("")}</ul></section>
</main>
</body>
</html>
`;
}
