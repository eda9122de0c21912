/** The parts of a data export (data-request.ts) its readable summary speaks of. */
export interface DataExportDocument {
  shop: string;
  generatedAt: string;
  request: { receivedAt: string; shopifyDataRequestId: string | null; ordersRequested: string[] };
  customer: { shopifyCustomerId: string | null };
  consentReceipts: Array<{ recordedAt: string; method: string; granted: string[]; region: string | null }>;
}

const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A short, plain-text summary that goes beside the export's JSON: what it contains, and how the merchant
 * sends it to the customer. Written from the export itself, so it never says more than the file holds.
 */
export function dataExportSummary(document: DataExportDocument, expiresAt: Date): string {
  const customer = document.customer.shopifyCustomerId;
  const receipts = document.consentReceipts;
  const orders = document.request.ordersRequested;
  const lines = [
    `Data export${customer ? ` for Shopify customer ${customer}` : ""}, ${document.shop}`,
    `Prepared ${day(document.generatedAt)} for the customer's data request received ${day(document.request.receivedAt)}` +
      `${document.request.shopifyDataRequestId ? ` (Shopify data request ${document.request.shopifyDataRequestId})` : ""}.`,
    "",
    "What the file contains",
    receipts.length
      ? `- ${plural(receipts.length, "consent choice")} the customer made in the shop's cookie banner, from ${day(receipts[0]!.recordedAt)} to ${day(receipts.at(-1)!.recordedAt)}: ` +
        "when, what they allowed (analytics, marketing, preferences, sale of data), how (accept all, reject all, their own selection), the banner version and region, " +
        "and a keyed hash of their network (never the IP address)."
      : customer
        ? "- No consent choices: the customer never made a choice in the cookie banner while logged in."
        : "- No consent choices: the request named no Shopify customer id, so none could be linked to the customer.",
    orders.length
      ? `- The orders Shopify listed (${orders.join(", ")}): this app keeps no order data; Shopify answers for orders itself.`
      : "- No orders: this app keeps no order data.",
    "- Nothing else: this app stores no names, email addresses, phone numbers, postal addresses or IP addresses.",
    "",
    "How to send it to the customer",
    "1. Download the JSON file and this summary from the request's page in the app.",
    "2. Send both to the customer at the email address on their Shopify customer record (reply there, not to an address given only in a new message), within 30 days of the request.",
    "3. Shopify's own data (orders, addresses) reaches the customer separately; this export covers only what this app holds.",
    `4. The app deletes the export on ${day(expiresAt.toISOString())}; keep a note of when you sent it.`,
  ];
  return `${lines.join("\n")}\n`;
}
