import type { Prisma } from "@prisma/client";

/**
 * The app's data inventory: for every table (Prisma model), what personal data it holds, why, how long
 * it is kept, how it is protected, and what each erasure event does to it. The erasures read it
 * (shop/redact, customers/redact, the consent retention job and its housekeeping, app/uninstalled), and
 * a test fails when a model of the schema has no entry. It is data, in words a merchant's records of
 * processing (GDPR Art. 30) can show as they are.
 */

export type ModelName = Prisma.ModelName;

/** How the personal data of a table is protected beyond the database's own access control. */
export type SecurityMeasure = "encrypted at rest" | "pseudonymised" | "none";

/** Whose data a table holds. */
export type DataSubject = "shoppers" | "customers" | "merchant staff" | "merchants";

/** shop/redact (48 h after uninstall): what it does to the shop's rows of a table. */
export type ShopRedactRule =
  /** Every row of the shop, counted under `countKey` in the proof. `batched`: bounded DELETEs of `id`s, each committed with its count. */
  | { action: "delete"; countKey: string; batched?: boolean; words: string }
  /** Every row of the shop but those of the shop/redact request being worked (`ownRequestColumn` names it). */
  | { action: "delete-except-own-request"; countKey: string; ownRequestColumn: "id" | "requestId"; words: string }
  | { action: "keep"; words: string };

/** customers/redact: what it does to one customer's rows in the shop, found by Shopify's customer id or by its pseudonym. */
export type CustomerRedactRule =
  | { action: "delete"; countKey: string; match: { column: string; by: "customerId" | "customerRef" }; batched?: boolean; words: string }
  /** Rows kept as a record, with the personal `columns` set to null (the customers/redact request's own row excepted). */
  | { action: "clear"; columns: string[]; match: { column: string; by: "customerId" | "customerRef" }; words: string }
  | { action: "keep"; words: string };

/** The scheduled purges (the daily consent retention job per shop, and the worker's housekeeping). */
export type RetentionRule =
  /** The consent retention job: rows of the shop older than its receipt retention (6 to 60 months). */
  | { action: "delete-before-receipt-cutoff"; column: string; format: "datetime" | "day"; countKey?: string; batched?: boolean; words: string }
  /** Housekeeping: rows whose `column` is more than `days` old; with `onlyWithout`, only rows where that column is null. */
  | { action: "delete-after-days"; column: string; days: number; onlyWithout?: string; words: string }
  /** Housekeeping: rows whose `column` (an expiry instant) has passed. */
  | { action: "delete-when-expired"; column: string; words: string }
  | { action: "keep"; words: string };

/** app/uninstalled: the access token is already revoked; the data waits for shop/redact. */
export type UninstallRule = { action: "delete"; words: string } | { action: "mark-uninstalled"; words: string } | { action: "keep"; words: string };

export interface InventoryEntry {
  /** What a row is, in a sentence. */
  holds: string;
  /** The column that names the shop a row belongs to (every table's rows belong to one shop). */
  shopColumn: string;
  /** Why the app keeps it (the purpose of processing). */
  purpose: string;
  /** The categories of personal data in it; empty when none. */
  personalData: string[];
  dataSubjects: DataSubject[];
  /** How long a row is kept, in words and at most in days (null: as long as the shop keeps the app, until shop/redact). */
  retention: { words: string; days: number | null };
  security: { measure: SecurityMeasure; words: string };
  erasure: { shopRedact: ShopRedactRule; customerRedact: CustomerRedactRule; retention: RetentionRule; uninstall: UninstallRule };
}

/** Finished jobs (done or failed) are purged this many days after they finished. */
export const FINISHED_JOB_DAYS = 30;
/** Audit lines not part of a privacy request's trail (uninstalls, retention runs, CSV exports) are purged after this many days. */
export const SHOP_AUDIT_DAYS = 365;
/** Consent receipts (and the daily rows counting them) are kept at most 60 months, the longest a merchant can choose. */
export const RECEIPT_DAYS_AT_MOST = 1827;
/** Data exports are deleted this many days after they were made. */
export const EXPORT_DAYS = 30;

const UNTIL_SHOP_REDACT = "As long as the shop keeps the app; erased by shop/redact, 48 hours after an uninstall.";
const NO_CUSTOMER_DATA = "Holds nothing of a single customer.";

/**
 * Every model, in the order an erasure works through them: the big tables first, the shop's own row
 * last (a shop/redact interrupted halfway still finds the shop and starts again).
 */
export const DATA_INVENTORY: { readonly [M in ModelName]: InventoryEntry } = {
  ConsentReceipt: {
    holds: "Proof of one shopper's consent choice on the storefront (granted and denied categories, banner revision, region).",
    shopColumn: "shopDomain",
    purpose: "Demonstrating consent (GDPR Art. 7(1)): the merchant can show what a shopper agreed to, when, and on which banner text.",
    personalData: [
      "Shopify customer id (when logged in)",
      "Shopify consent id",
      "consent choices",
      "region",
      "keyed hash of the network address (/24 or /48)",
      "host and cookie names loaded before the first choice",
    ],
    dataSubjects: ["shoppers", "customers"],
    retention: { words: "24 months by default; the merchant chooses 6 to 60 months. Purged daily in bounded batches.", days: RECEIPT_DAYS_AT_MOST },
    security: {
      measure: "pseudonymised",
      words: "Never a raw IP: a keyed hash of the truncated network address. Names only of what loaded, never URLs or values.",
    },
    erasure: {
      shopRedact: { action: "delete", countKey: "receipts", batched: true, words: "Deleted in bounded batches, each committed with its count." },
      customerRedact: {
        action: "delete",
        countKey: "receipts",
        match: { column: "customerId", by: "customerId" },
        batched: true,
        words: "The customer's receipts are deleted in bounded batches, each committed with its count.",
      },
      retention: {
        action: "delete-before-receipt-cutoff",
        column: "createdAt",
        format: "datetime",
        countKey: "deleted",
        batched: true,
        words: "Receipts older than the shop's retention period are deleted daily.",
      },
      uninstall: { action: "keep", words: "Kept until shop/redact, so a reinstall within 48 hours keeps the proof." },
    },
  },
  ConsentDailyStat: {
    holds: "One UTC day of a shop's consent choices in one region: counts only.",
    shopColumn: "shopDomain",
    purpose: "The merchant's consent insights without scanning receipts.",
    personalData: [],
    dataSubjects: [],
    retention: { words: "As long as the receipts they count: days before the receipt cut-off are dropped daily.", days: RECEIPT_DAYS_AT_MOST },
    security: { measure: "none", words: "Aggregated counts; no personal data." },
    erasure: {
      shopRedact: { action: "delete", countKey: "dailyStats", words: "Deleted." },
      customerRedact: { action: "keep", words: "Counts of many shoppers; nothing identifies the customer." },
      retention: { action: "delete-before-receipt-cutoff", column: "day", format: "day", words: "Days before the receipt cut-off are dropped daily." },
      uninstall: { action: "keep", words: "Kept until shop/redact." },
    },
  },
  ConsentLeakDaily: {
    holds:
      "Per shop and UTC day and tracker: in how many observed visits it loaded before the visitor chose (leaked), in how many the banner held it back until the choice (held, and when it first was that day), and on how many pages it failed after release (broken): counts only.",
    shopColumn: "shopDomain",
    purpose:
      "The consent leak report: which trackers load before consent, which wait for it, and which may be broken by waiting, so the merchant can fix them.",
    personalData: [],
    dataSubjects: [],
    retention: { words: "As long as the receipts: days before the receipt cut-off are dropped daily.", days: RECEIPT_DAYS_AT_MOST },
    security: { measure: "none", words: "Aggregated counts; no personal data." },
    erasure: {
      shopRedact: { action: "delete", countKey: "leakDays", words: "Deleted." },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: { action: "delete-before-receipt-cutoff", column: "day", format: "day", words: "Days before the receipt cut-off are dropped daily." },
      uninstall: { action: "keep", words: "Kept until shop/redact." },
    },
  },
  ConsentLeakSign: {
    holds: "A host or cookie name by which a tracker was seen in a shop (examples for the leak report).",
    shopColumn: "shopDomain",
    purpose: "The consent leak report's examples.",
    personalData: [],
    dataSubjects: [],
    retention: { words: "Names last seen before the receipt cut-off are dropped daily.", days: RECEIPT_DAYS_AT_MOST },
    security: { measure: "none", words: "Tracker host and cookie names only; no personal data." },
    erasure: {
      shopRedact: { action: "delete", countKey: "leakSigns", words: "Deleted." },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: {
        action: "delete-before-receipt-cutoff",
        column: "lastSeenAt",
        format: "datetime",
        words: "Names last seen before the receipt cut-off are dropped daily.",
      },
      uninstall: { action: "keep", words: "Kept until shop/redact." },
    },
  },
  DataExport: {
    holds:
      "A customers/data_request answered (the customer's consent receipts, for the merchant to hand over), or a shopper's copy of their data from the privacy centre (a ZIP the shopper downloads from their status link for 7 days).",
    shopColumn: "shopDomain",
    purpose: "Answering a customer's right of access (GDPR Art. 15; CCPA right to know), through the merchant or to the shopper directly.",
    personalData: [
      "Shopify customer id",
      "the customer's consent receipts",
      "in a shopper's copy: their name, e-mail, phone, addresses, marketing consent and orders, as Shopify holds them",
    ],
    dataSubjects: ["customers"],
    retention: { words: `${EXPORT_DAYS} days after it is made, then deleted (with an audit line).`, days: EXPORT_DAYS },
    security: { measure: "encrypted at rest", words: "AES-256-GCM, bound to its request; found by a keyed pseudonym of the customer." },
    erasure: {
      shopRedact: { action: "delete", countKey: "exports", words: "Deleted." },
      customerRedact: {
        action: "delete",
        countKey: "exports",
        match: { column: "customerRef", by: "customerRef" },
        words: "Exports made for the customer are deleted, whichever key made their pseudonym.",
      },
      retention: { action: "delete-when-expired", column: "expiresAt", words: `Deleted ${EXPORT_DAYS} days after it was made.` },
      uninstall: { action: "keep", words: "Kept until shop/redact or its expiry." },
    },
  },
  TrackerChoice: {
    holds: "The merchant's choice for one tracker (waits for consent, or allowed as necessary; a category for an unrecognised one), with who chose and when.",
    shopColumn: "shopDomain",
    purpose: "Which trackers the storefront holds back until consent (the tracker list written to the app's metafield), and the record of who decided.",
    personalData: ["Shopify user id of the staff member who chose"],
    dataSubjects: ["merchant staff"],
    retention: { words: UNTIL_SHOP_REDACT, days: null },
    security: { measure: "none", words: "Tracker names and a staff member's numeric Shopify id only; no names or emails." },
    erasure: {
      shopRedact: { action: "delete", countKey: "trackerChoices", words: "Deleted." },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: { action: "keep", words: "Kept while installed: the choices decide what the storefront holds back." },
      uninstall: { action: "keep", words: "Kept until shop/redact, so a reinstall keeps the choices." },
    },
  },
  BannerSettingsVersion: {
    holds: "One saved version of the shop's banner settings, with who saved it.",
    shopColumn: "shopDomain",
    purpose: "The settings history the merchant sees, and proof of which banner text shoppers saw (by revision).",
    personalData: ["Shopify user id of the staff member who saved"],
    dataSubjects: ["merchant staff"],
    retention: { words: UNTIL_SHOP_REDACT, days: null },
    security: { measure: "none", words: "A staff member's numeric Shopify id only; no names or emails." },
    erasure: {
      shopRedact: { action: "delete", countKey: "settingsVersions", words: "Deleted." },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: { action: "keep", words: "Kept while installed: the history proves which banner shoppers saw." },
      uninstall: { action: "keep", words: "Kept until shop/redact, so a reinstall keeps the settings." },
    },
  },
  Session: {
    holds: "A Shopify session of the shop (offline) or of a staff member (online), with its access token.",
    shopColumn: "shop",
    purpose: "Calling Shopify's Admin API on the merchant's behalf.",
    personalData: ["staff member's name, email and Shopify user id (online sessions)", "access and refresh tokens"],
    dataSubjects: ["merchant staff", "merchants"],
    retention: { words: "Until the app is uninstalled (tokens expire hourly and are refreshed).", days: null },
    security: { measure: "encrypted at rest", words: "Access and refresh tokens are AES-256-GCM ciphertext bound to their session id." },
    erasure: {
      shopRedact: { action: "delete", countKey: "sessions", words: "Deleted (none are left after an uninstall)." },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: { action: "keep", words: "Kept while installed." },
      uninstall: { action: "delete", words: "Deleted: the token is revoked by the uninstall." },
    },
  },
  Job: {
    holds: "A durable unit of background work (a request's processing, a retention run, a settings sync): state, attempts, counts.",
    shopColumn: "shopDomain",
    purpose: "Doing the work reliably: retried with backoff, resumed after a crash.",
    personalData: [],
    dataSubjects: [],
    retention: { words: `Purged ${FINISHED_JOB_DAYS} days after it finished (done or failed).`, days: FINISHED_JOB_DAYS },
    security: { measure: "none", words: "States, counts and short failure reasons; no personal data." },
    erasure: {
      shopRedact: {
        action: "delete-except-own-request",
        countKey: "jobs",
        ownRequestColumn: "requestId",
        words: "Deleted, but the job working this shop/redact.",
      },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: {
        action: "delete-after-days",
        column: "finishedAt",
        days: FINISHED_JOB_DAYS,
        words: `Deleted ${FINISHED_JOB_DAYS} days after it finished.`,
      },
      uninstall: { action: "keep", words: "Kept until shop/redact." },
    },
  },
  AuditEvent: {
    holds: "One line of the audit trail: a request's receipt, start, retries, completion; uninstalls, retention runs, exports.",
    shopColumn: "shopDomain",
    purpose: "Accountability (GDPR Art. 5(2)): showing what was done with each request, and when.",
    personalData: [],
    dataSubjects: [],
    retention: {
      words: `A request's trail stays as long as its request; other lines (uninstalls, retention runs, CSV exports) ${SHOP_AUDIT_DAYS} days.`,
      days: SHOP_AUDIT_DAYS,
    },
    security: { measure: "none", words: "Counts, ids and reasons only; never personal data." },
    erasure: {
      shopRedact: {
        action: "delete-except-own-request",
        countKey: "auditEvents",
        ownRequestColumn: "requestId",
        words: "Deleted, but the trail of this shop/redact request.",
      },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: {
        action: "delete-after-days",
        column: "createdAt",
        days: SHOP_AUDIT_DAYS,
        onlyWithout: "requestId",
        words: `Lines outside a request's trail are deleted after ${SHOP_AUDIT_DAYS} days.`,
      },
      uninstall: { action: "keep", words: "Kept; the uninstall adds a line." },
    },
  },
  ComplianceRequest: {
    holds:
      "A privacy request: a GDPR webhook received from Shopify (data request, customer erasure, shop erasure), or a shopper's request from the privacy centre (access, correction, deletion, opt-out of sale or sharing), with its law's clock, status and outcome.",
    shopColumn: "shopDomain",
    purpose: "Answering privacy requests within the law's time (Shopify's 30 days; GDPR one month; CCPA 45 days) and showing that they were answered.",
    personalData: [
      "the webhook body (customer email, phone, ids) until worked",
      "Shopify's customer id and order ids, so the merchant sees who asked, until 30 days after the request completes",
      "keyed pseudonym of the customer id",
      "a shopper's request: a guest's e-mail address, a correction's requested value and note, the storefront's country, region and language; a hash of the single-use confirmation link",
    ],
    dataSubjects: ["customers"],
    retention: {
      words: `${UNTIL_SHOP_REDACT} The webhook body is emptied once the request is worked; the customer and order ids, and what a shopper submitted (details), are cleared 30 days after the request closes (web/compliance/customer-identity.ts), leaving the pseudonym. A guest's request never confirmed is deleted when its 24-hour link expires (web/privacy-centre/shopper-requests.ts).`,
      days: null,
    },
    security: {
      measure: "encrypted at rest",
      words:
        "The body, the customer and order ids and a shopper's details are AES-256-GCM ciphertext bound to the request; the customer is otherwise kept as a keyed pseudonym; a confirmation link is kept only as its SHA-256; the merchant's reads of a shopper's details are in the audit trail.",
    },
    erasure: {
      shopRedact: { action: "delete-except-own-request", countKey: "requests", ownRequestColumn: "id", words: "Deleted, but this shop/redact request itself." },
      customerRedact: {
        action: "clear",
        columns: ["customerIdentity", "details"],
        match: { column: "customerRef", by: "customerRef" },
        words:
          "Kept as the record of what was asked and done: a pseudonym and counts, the body emptied. Shopify's customer and order ids and what the shopper submitted, on the customer's earlier requests, are cleared (a shopper's deletion this erasure carries out keeps its e-mail address until the shopper has been told, then loses it too); the erasure request's own go 30 days after it completes.",
      },
      retention: { action: "keep", words: "Kept while installed, as the record of requests answered." },
      uninstall: { action: "keep", words: "Kept until shop/redact." },
    },
  },
  ErasureRecord: {
    holds: "Proof that a shop's data was erased: counts per kind and timestamps.",
    shopColumn: "shopDomain",
    purpose: "Accountability: proof that shop/redact was carried out.",
    personalData: [],
    dataSubjects: [],
    retention: { words: "Kept after the shop's erasure, as its proof.", days: null },
    security: { measure: "none", words: "Counts and timestamps only." },
    erasure: {
      shopRedact: { action: "keep", words: "Written by shop/redact as its proof; earlier proofs are kept too." },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: { action: "keep", words: "Kept as proof." },
      uninstall: { action: "keep", words: "Kept." },
    },
  },
  Shop: {
    holds:
      "The shop's install record and its few settings (retention period, setup guide dismissed, last retention run, tracker blocking's report only switch), a snapshot of Shopify's consent regions (country and region codes with what each requires, when they were last read, and a change not yet acknowledged), and the state of the storefront's tracker list (its hash, when it was last written, why the last write failed).",
    shopColumn: "domain",
    purpose: "Knowing which shops use the app and their settings.",
    personalData: [],
    dataSubjects: ["merchants"],
    retention: { words: UNTIL_SHOP_REDACT, days: null },
    security: {
      measure: "none",
      words: "The shop's domain, settings, consent-region snapshot (codes of countries and regions) and tracker list state (a hash); no personal data.",
    },
    erasure: {
      shopRedact: { action: "delete", countKey: "shops", words: "Deleted last." },
      customerRedact: { action: "keep", words: NO_CUSTOMER_DATA },
      retention: { action: "keep", words: "Kept while installed." },
      uninstall: { action: "mark-uninstalled", words: "Marked uninstalled; a reinstall within 48 hours clears the mark." },
    },
  },
};

/** The inventory as a list, in erasure order. */
export const inventoryEntries = () => Object.entries(DATA_INVENTORY) as Array<[ModelName, InventoryEntry]>;
