import type { ReceiptForExport } from "../../consent/receipts.js";
import type { CustomerOrder, CustomerProfile } from "../../shopify/customer-privacy-api.js";

/* The evidence pack of a shopper's copy of their data: its machine-readable document and its fixed notes. */

export const PACK_FORMAT = "consent-compliance.shopper-data/1";

/** One of the shopper's earlier privacy requests in the shop (theirs, or Shopify's on their behalf). */
export interface EarlierRequest {
  id: string;
  /** shopper/access, shopper/deletion, customers/data_request, customers/redact, … */
  topic: string;
  source: string;
  receivedAt: string;
  dueAt: string;
  status: string;
  completedAt: string | null;
}

/** The evidence pack's machine-readable part (data.json); the summary (summary.html) is written from it. */
export interface EvidencePack {
  format: typeof PACK_FORMAT;
  shop: string;
  generatedAt: string;
  request: { id: string; receivedAt: string; verifiedAt: string | null; law: string | null; locale: string | null };
  /** What Shopify holds: the customer (null when no customer was found) and their orders, oldest first. */
  shopify: { customerFound: boolean; customer: CustomerProfile | null; orders: CustomerOrder[] };
  /** The app's own data: every consent choice with the banner's revision and text hash, and what loaded before the first. */
  consentReceipts: ReceiptForExport[];
  earlierRequests: EarlierRequest[];
  notes: string[];
}

/** The notes data.json carries, in English for any reader of the file; summary.html says each in the request's language (texts pack_note_*, which in English read the same). */
export const PACK_NOTES = {
  appKeeps:
    "This app keeps consent receipts (your cookie choices) and the record of privacy requests. It stores no names, e-mail addresses, phone numbers, postal addresses, orders or raw IP addresses of its own.",
  ipHash: "A receipt's network is a keyed hash of the network part of the IP address, never the address itself.",
  orders: "Orders are those Shopify lets this app read: orders older than 60 days appear only if the shop allowed the app to read all orders.",
  noCustomer:
    "No customer account in this shop has the e-mail address you confirmed. This app keeps nothing by e-mail address, so this pack holds only what it could link to you: nothing beyond this request.",
  customerGone: "Shopify has no customer record for you any more (it may have been erased), so this pack holds only what this app keeps.",
} as const;
