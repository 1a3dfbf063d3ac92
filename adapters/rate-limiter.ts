/**
 * Pacing for one app tenant (a Gusto company, a Sage business, an XPM practice): rolling-window
 * rate limits beside a cap on calls in flight. XPM allows 60 calls a minute, 5,000 a day and 5 at
 * once per tenant; Gusto 200 in a rolling 60 s per grant. Memory is a fixed ring of send times per
 * window and one queue of waiting callers, never anything per finished request.
 *
 * The semaphore is written here rather than taken from p-limit: the rate wait and a 429 pause must
 * run inside the slot, and the whole queue is six lines.
 */
export type RateLimiter = { acquire(): Promise<void>; lastSentAt(): number };

export type RateLimiterOptions = {
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** At most `limit` acquisitions in any `windowMs`, served in arrival order. */
export function createRateLimiter(o: RateLimiterOptions): RateLimiter {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  // The last `limit` send times, oldest at `next`: a new send may go once that one leaves the window.
  const sent = new Float64Array(o.limit).fill(-Infinity);
  let next = 0;
  let queue: Promise<void> = Promise.resolve();

  const take = async (): Promise<void> => {
    for (;;) {
      const t = now();
      const oldest = sent[next]!;
      if (oldest <= t - o.windowMs) { sent[next] = t; next = (next + 1) % o.limit; return; }
      await sleep(oldest + o.windowMs - t);
    }
  };

  return {
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
    lastSentAt: () => sent[(next + o.limit - 1) % o.limit]!,
  };
}

export type TenantLimits = {
  readonly ratePerMinute?: number;
  readonly ratePerDay?: number;
  /** Calls in flight at once. */
  readonly concurrency?: number;
};

export type TenantLimiter = {
  /** Runs `work` once a slot is free, any pause is over and the rates allow; holds the slot until it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The app said wait (429 or 503 with Retry-After): no call for this tenant starts before then. */
  pauseFor(ms: number): void;
  /** Nothing in flight or waiting, and nothing sent within the longest window: forgetting it loses nothing. */
  idle(): boolean;
};

export type ClockOptions = { readonly now?: () => number; readonly sleep?: (ms: number) => Promise<void> };

export function createTenantLimiter(limits: TenantLimits, clock: ClockOptions = {}): TenantLimiter {
  const now = clock.now ?? Date.now;
  const sleep = clock.sleep ?? realSleep;
  const windows = [
    ...(limits.ratePerMinute ? [{ limit: limits.ratePerMinute, windowMs: 60_000 }] : []),
    ...(limits.ratePerDay ? [{ limit: limits.ratePerDay, windowMs: 86_400_000 }] : []),
  ].map((w) => ({ ...w, limiter: createRateLimiter({ ...w, now, sleep }) }));
  const cap = limits.concurrency ?? Infinity;
  let active = 0;
  const waiting: (() => void)[] = [];
  let pausedUntil = 0;

  const enter = () => (active < cap ? (active++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  // The slot passes straight to the next waiter, so `active` never dips below the cap while anyone waits.
  const leave = () => { const nextInLine = waiting.shift(); if (nextInLine) nextInLine(); else active--; };

  return {
    async run(work) {
      await enter();
      try {
        for (let t = now(); pausedUntil > t; t = now()) await sleep(pausedUntil - t);
        for (const w of windows) await w.limiter.acquire();
        return await work();
      } finally {
        leave();
      }
    },
    pauseFor(ms) { pausedUntil = Math.max(pausedUntil, now() + ms); },
    idle: () => active === 0 && pausedUntil <= now() && windows.every((w) => w.limiter.lastSentAt() <= now() - w.windowMs),
  };
}

/** One limiter per tenant key, made on first use; idle ones are dropped so thousands of tenants cost nothing between syncs. */
export function createTenantLimiters(limits: TenantLimits, clock: ClockOptions = {}): (tenant: string) => TenantLimiter {
  const byTenant = new Map<string, TenantLimiter>();
  let lookups = 0;
  return (tenant) => {
    if (++lookups % 256 === 0) for (const [key, limiter] of byTenant) if (key !== tenant && limiter.idle()) byTenant.delete(key);
    let limiter = byTenant.get(tenant);
    if (!limiter) byTenant.set(tenant, (limiter = createTenantLimiter(limits, clock)));
    return limiter;
  };
}
