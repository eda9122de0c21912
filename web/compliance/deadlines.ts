export const DAY = 24 * 3600 * 1000;

/** Shopify: a compliance request must be completed within 30 days of receipt. */
export const DEADLINE_DAYS = 30;
