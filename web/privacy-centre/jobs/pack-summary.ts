import type { CustomerAddress, MarketingConsent } from "../../shopify/customer-privacy-api.js";
import { PACK_NOTES, type EvidencePack } from "./pack-document.js";

/*
 * The evidence pack's readable summary (summary.html): one self-contained page (no scripts, no external
 * styles, fonts or images), every value escaped, written from the pack's data only, so it never says more
 * than data.json holds. English: the privacy centre's text catalogue has no keys for the pack yet.
 */

const escapeHtml = (value: unknown) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const day = (iso: string | null) => (iso ? new Date(iso).toISOString().slice(0, 10) : "");
const when = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const CATEGORY: Record<string, string> = {
  analytics: "analytics",
  marketing: "marketing",
  preferences: "preferences",
  sale_of_data: "sale or sharing of data",
};
const METHOD: Record<string, string> = {
  accept_all: "you accepted all",
  reject_all: "you rejected all",
  custom: "you chose your own settings",
  gpc: "your browser's Global Privacy Control signal",
};
const TOPIC: Record<string, string> = {
  "shopper/access": "A copy of my data",
  "shopper/correction": "Correct my data",
  "shopper/deletion": "Delete my data",
  "shopper/opt_out": "Do not sell or share my personal information",
  "customers/data_request": "Data request through Shopify",
  "customers/redact": "Erasure through Shopify",
};

const categories = (list: string[]) => (list.length ? list.map((c) => CATEGORY[c] ?? c).join(", ") : "none");

function table(caption: string, headers: string[], rows: string[][]): string {
  return `<div class="scroll" role="region" tabindex="0" aria-label="${escapeHtml(caption)}"><table><caption>${escapeHtml(caption)}</caption><thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`)
    .join("")}</tbody></table></div>`;
}

function facts(entries: Array<[string, unknown]>): string {
  const shown = entries.filter(([, value]) => value !== null && value !== undefined && value !== "");
  return `<dl>${shown.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join("")}</dl>`;
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

const consentText = (m: MarketingConsent | null) =>
  m ? `${m.state.toLowerCase().replace(/_/g, " ")}${m.updatedAt ? ` (since ${day(m.updatedAt)})` : ""}` : "no record";

function shopifySection(pack: EvidencePack): string {
  const { customer, orders } = pack.shopify;
  if (!customer)
    return `<section><h2>Your customer account</h2><p>${escapeHtml(pack.notes.includes(PACK_NOTES.noCustomer) ? PACK_NOTES.noCustomer : PACK_NOTES.customerGone)}</p></section>`;
  const profile = facts([
    ["Customer number", customer.id],
    ["First name", customer.firstName],
    ["Last name", customer.lastName],
    ["E-mail address", customer.email],
    ["Phone", customer.phone],
    ["Language", customer.locale],
    ["Account created", day(customer.createdAt)],
    ["E-mail marketing", consentText(customer.emailMarketing)],
    ["SMS marketing", consentText(customer.smsMarketing)],
    ["Sale or sharing of your data", customer.dataSaleOptOut ? "you opted out" : "no opt-out recorded"],
  ]);
  const addresses = customer.addresses.length
    ? `<ul>${customer.addresses.map((a) => `<li>${escapeHtml(addressText(a))}</li>`).join("")}</ul>`
    : "<p>No addresses.</p>";
  const orderRows = orders.map((o) => [
    escapeHtml(o.name),
    escapeHtml(day(o.createdAt)),
    `<ul>${o.lineItems.map((item) => `<li>${escapeHtml(item.quantity)} × ${escapeHtml(item.title)}</li>`).join("")}${o.lineItemsTruncated ? "<li>… and more items</li>" : ""}</ul>`,
    escapeHtml(`${o.total.amount} ${o.total.currencyCode}`),
  ]);
  return `<section><h2>Your customer account</h2>${profile}<h3>Addresses</h3>${addresses}<h2>Your orders</h2>${
    orders.length ? table(`${plural(orders.length, "order")}, oldest first`, ["Order", "Date", "Items", "Total"], orderRows) : "<p>No orders.</p>"
  }</section>`;
}

function receiptsSection(pack: EvidencePack): string {
  const receipts = pack.consentReceipts;
  if (!receipts.length)
    return "<section><h2>Your cookie choices</h2><p>This app holds no cookie choice linked to you (choices are linked only while you are signed in).</p></section>";
  const rows = receipts.map((r) => [
    escapeHtml(when(r.recordedAt)),
    escapeHtml(METHOD[r.method] ?? r.method),
    escapeHtml(categories(r.granted)),
    escapeHtml(categories(r.denied)),
    escapeHtml(r.region ?? ""),
    escapeHtml(r.bannerRevision),
    `<code>${escapeHtml(r.textHash.slice(0, 16))}…</code>`,
    r.seenBeforeChoice
      ? escapeHtml(
          [
            r.seenBeforeChoice.hosts.length ? `sites: ${r.seenBeforeChoice.hosts.join(", ")}` : "",
            r.seenBeforeChoice.cookies.length ? `cookies: ${r.seenBeforeChoice.cookies.join(", ")}` : "",
          ]
            .filter(Boolean)
            .join("; ") || "nothing",
        )
      : "",
  ]);
  return `<section><h2>Your cookie choices</h2><p>Each time you chose in the shop's cookie banner, this app kept a receipt: when, what you allowed, the version of the banner and a fingerprint (hash) of the text you saw. On your first choice, your browser also reported which third-party sites and cookies had loaded before it (names only).</p>${table(
    plural(receipts.length, "choice"),
    ["When", "How", "Allowed", "Refused", "Region", "Banner version", "Text fingerprint", "Loaded before your first choice"],
    rows,
  )}</section>`;
}

function requestsSection(pack: EvidencePack): string {
  const earlier = pack.earlierRequests;
  if (!earlier.length) return "<section><h2>Your earlier privacy requests</h2><p>None in this shop.</p></section>";
  const rows = earlier.map((r) => [
    escapeHtml(TOPIC[r.topic] ?? r.topic),
    escapeHtml(day(r.receivedAt)),
    escapeHtml(r.status.replace(/_/g, " ")),
    escapeHtml(day(r.completedAt)),
  ]);
  return `<section><h2>Your earlier privacy requests</h2>${table(plural(earlier.length, "request"), ["Request", "Received", "Status", "Completed"], rows)}</section>`;
}

const STYLE =
  "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff;max-width:60rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}" +
  "h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem}" +
  "dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}" +
  "@media (max-width:30rem){dl{grid-template-columns:minmax(0,1fr)}dd{margin-bottom:.5rem}}" +
  "table{border-collapse:collapse;width:100%;font-size:.95rem}caption{text-align:start;font-weight:600;padding:.25rem 0}" +
  "th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:start;vertical-align:top}td ul{margin:0;padding-inline-start:1rem}" +
  "code{font-size:.85em}.note{color:#444}.scroll{overflow-x:auto}";

/** The summary page of a pack, in English. */
export function renderPackSummary(pack: EvidencePack): string {
  const title = `Your data at ${pack.shop}`;
  const notes = pack.notes.filter((n) => n !== PACK_NOTES.noCustomer && n !== PACK_NOTES.customerGone);
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>Prepared ${escapeHtml(when(pack.generatedAt))} for your request of ${escapeHtml(day(pack.request.receivedAt))} (reference ${escapeHtml(pack.request.id)}). The same data, for computers, is in <code>data.json</code> beside this file.</p>
${shopifySection(pack)}
${receiptsSection(pack)}
${requestsSection(pack)}
<section><h2>About this copy</h2><ul class="note">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul></section>
</main>
</body>
</html>
`;
}
