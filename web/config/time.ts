/** A day in milliseconds. */
export const DAY = 24 * 3600 * 1000;

/** The UTC day a moment counts for in daily rows: YYYY-MM-DD. */
export const dayOf = (date: Date) => date.toISOString().slice(0, 10);
