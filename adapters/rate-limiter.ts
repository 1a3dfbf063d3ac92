/**
 * A rolling-window limiter: at most `limit` acquisitions in any `windowMs`. Providers count per
 * grant (Gusto: 200 requests in a rolling 60 s per access token), so callers keep one per connection.
 */
export type RateLimiter = { acquire(): Promise<void> };

export type RateLimiterOptions = {
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
};

export function createRateLimiter(o: RateLimiterOptions): RateLimiter {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const sent: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  const take = async (): Promise<void> => {
    for (;;) {
      const t = now();
      while (sent.length && sent[0]! <= t - o.windowMs) sent.shift();
      if (sent.length < o.limit) { sent.push(t); return; }
      await sleep(sent[0]! + o.windowMs - t);
    }
  };

  return {
    // Chained so waiters are served in arrival order.
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** One limiter per key (a connection id), created on first use. */
export function createKeyedRateLimiter(o: RateLimiterOptions): (key: string) => RateLimiter {
  const byKey = new Map<string, RateLimiter>();
  return (key) => {
    let limiter = byKey.get(key);
    if (!limiter) byKey.set(key, (limiter = createRateLimiter(o)));
    return limiter;
  };
}
