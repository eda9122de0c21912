/** A day in milliseconds. */
export const DAY = 24 * 3600 * 1000;
