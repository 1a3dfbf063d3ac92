/** Outbox entries are retried for about a day (2^n seconds, capped at an hour) before they are marked dead. */
export const maxOutboxAttempts = 30;

/** Exponential backoff with ±20 % jitter, so many parked posts don't all retry in the same second. */
export const backoffMs = (attempt: number, random: () => number = Math.random): number => {
  const base = Math.min(1000 * 2 ** attempt, 60 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
};
