/** Exponential backoff with jitter (±25 %): 2 s, 4 s, 8 s … capped at 15 min. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(15 * 60_000, 1000 * 2 ** attempts);
  return Math.round(base * (0.75 + random() * 0.5));
}
