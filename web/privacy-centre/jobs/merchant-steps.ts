import type { AdminApiError } from "../../shopify/admin-graphql.js";

/*
 * What the merchant reads on a request left with them (ComplianceRequest.failure): why the app could not
 * finish it, and the next step. No personal data: the request's page shows who asked (from the encrypted
 * identity) and links to the customer in Shopify's admin.
 */

/** Shopify's own words on a refusal, shortened (its userErrors messages name fields, not people). */
const shopifySaid = (code: string, message: string) => `Shopify answered ${code}${message ? `: ${message.slice(0, 200)}` : ""}.`;

const ERASE_IN_SHOPIFY =
  "Next step: open the customer in your Shopify admin (Customers, the customer named on this request) and choose “Erase personal data”. " +
  "This request completes by itself when Shopify confirms the erasure (its customers/redact).";

export const deletionDenied = (error: AdminApiError) => `${error.message} ${ERASE_IN_SHOPIFY}`;

export const deletionRefused = (code: string, message: string) =>
  `Shopify did not accept the erasure request. ${shopifySaid(code, message)} ${ERASE_IN_SHOPIFY}`;

const OPT_OUT_IN_SHOPIFY =
  "Next step: open the customer in your Shopify admin (Customers, the customer named on this request), record that they opted out of the sale or sharing of their data, then mark this request done.";

export const optOutDenied = (error: AdminApiError) => `${error.message} ${OPT_OUT_IN_SHOPIFY}`;

export const optOutRefused = (code: string, message: string) => `Shopify did not record the opt-out. ${shopifySaid(code, message)} ${OPT_OUT_IN_SHOPIFY}`;

export const OPT_OUT_NO_EMAIL =
  "The customer has no e-mail address in Shopify, and Shopify records an opt-out of the sale of data by e-mail address. " + OPT_OUT_IN_SHOPIFY;

const SEND_COPY =
  "Next step: once the permission is approved, carry out the request again from this page; the shopper then downloads their copy from their status link.";

export const accessDenied = (error: AdminApiError) => `${error.message} ${SEND_COPY}`;

const CORRECT_IN_SHOPIFY = "Next step: compare the requested change with the customer's record, then apply it here or record what you did.";

export const correctionDenied = (error: AdminApiError) => `${error.message} ${CORRECT_IN_SHOPIFY}`;

export const CORRECTION_TASK = `The shopper asked for a correction; this shop applies corrections after review. ${CORRECT_IN_SHOPIFY}`;

export const CORRECTION_NO_CUSTOMER =
  "No Shopify customer has the e-mail address the shopper confirmed, so the app could not apply the correction. " + CORRECT_IN_SHOPIFY;

export const CORRECTION_ADDRESS = `An address is written as the shopper typed it, so it needs a person to fit it into Shopify's address fields. ${CORRECT_IN_SHOPIFY}`;

export const correctionRefused = (code: string, message: string) =>
  `Shopify did not accept the correction. ${shopifySaid(code, message)} ${CORRECT_IN_SHOPIFY}`;
