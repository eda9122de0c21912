export { DAY } from "../config/time.js";

/** Shopify: a compliance request must be completed within 30 days of receipt. */
export const DEADLINE_DAYS = 30;
