/**
 * When to try a request again, and how long to wait first.
 *
 * Written here rather than on p-retry: p-retry picks its own delay, while a 429 or 503 must wait
 * exactly as long as the app's Retry-After says, and whether to retry depends on the method and the
 * status of each attempt. The policy below is the part worth reading; the loop in provider-http is short.
 */

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export const retryAfterMs = (header: string | null, nowMs: number): number | undefined => {
  if (!header?.trim()) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
};

/**
 * GET and HEAD may be sent twice; a write only when the caller vouches for it (it carries our
 * reference, or the app ignores a repeat). A 429 is the exception: the app refused it unread.
 */
export const isIdempotent = (method: string, markedIdempotent: boolean | undefined): boolean =>
  markedIdempotent ?? (method === 'GET' || method === 'HEAD');

/** Exponential backoff with jitter: half the capped delay, plus up to half again at random. */
export const backoffMs = (attempt: number, o: { baseDelayMs: number; maxDelayMs: number; random: () => number }): number => {
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return Math.round(cap / 2 + o.random() * (cap / 2));
};
