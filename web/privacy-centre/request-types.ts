// The shoppers' privacy requests (the privacy centre): the one definition of their types, laws, what the
// shopper submitted and what they are told. Imported by the proxy page, the jobs, the merchant's API and
// (`import type`) the admin UI.

/** What a shopper can ask for on the privacy page. */
export const SHOPPER_REQUEST_TYPES = ["access", "correction", "deletion", "opt_out"] as const;
export type ShopperRequestType = (typeof SHOPPER_REQUEST_TYPES)[number];

/** A shopper's request is a ComplianceRequest whose topic is `shopper/<type>`; its job has the topic as its kind. */
export type ShopperTopic = `shopper/${ShopperRequestType}`;
export const SHOPPER_TOPICS = SHOPPER_REQUEST_TYPES.map((type) => `shopper/${type}` as ShopperTopic);

export const shopperTopic = (type: ShopperRequestType): ShopperTopic => `shopper/${type}`;

export function typeOfTopic(topic: string): ShopperRequestType | null {
  const type = topic.startsWith("shopper/") ? topic.slice("shopper/".length) : "";
  return (SHOPPER_REQUEST_TYPES as readonly string[]).includes(type) ? (type as ShopperRequestType) : null;
}

/** Where a request came from: Shopify's compliance webhooks, or the shopper through the privacy page. */
export type RequestSource = "shopify" | "shopper";

/**
 * The law whose clock applies, from where the shopper was when they asked (statutory-clocks.ts):
 * EU/EEA GDPR, UK GDPR, California's CCPA/CPRA, another US state's privacy law, or none known
 * (then the shop's own promise, Shopify's 30 days).
 */
export const LAWS = ["gdpr", "uk_gdpr", "ccpa", "us_state", "none"] as const;
export type Law = (typeof LAWS)[number];

/** The customer fields a correction can change ("Apply" writes them through the Admin API). */
export const CORRECTABLE_FIELDS = ["firstName", "lastName", "email", "phone", "address"] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export interface CorrectionRequest {
  field: CorrectableField;
  /** What it should be, as the shopper typed it. */
  value: string;
  /** What is wrong, in the shopper's words (may be empty). */
  note: string;
}

/** The decrypted `details` of a shopper's request (personal data: encrypted at rest, cleared with the identity). */
export interface ShopperDetails {
  /** The guest's e-mail address (a signed-in customer's comes from Shopify when needed). */
  email?: string;
  correction?: CorrectionRequest;
  /** Where the shopper's links point: the storefront's host and the app proxy's path prefix (merchants can change it). */
  storefront: { host: string; pathPrefix: string };
}

/** Shopify's side of a deletion (customerRequestDataErasure), as the request shows it. */
export type ShopifyErasureState = "requested" | "scheduled" | "held" | "cancelled" | "erased";

/** What the shopper is told by e-mail (web/privacy-centre/shopper-notices.ts). */
export const SHOPPER_EVENTS = ["received", "extended", "declined", "completed", "erasure_scheduled", "erasure_held", "erasure_cancelled"] as const;
export type ShopperEvent = (typeof SHOPPER_EVENTS)[number];

/** Tells the shopper what happened to their request, in their language, with their status link. Never throws: a failure is in the audit trail. */
export interface ShopperNotifier {
  notify(shop: string, requestId: string, event: ShopperEvent): Promise<void>;
}
