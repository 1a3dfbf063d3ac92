/**
 * Xero's per-tenant limits on the XPM API: 5 calls at once, 60 a minute and 5,000 a day, in fixed
 * windows that start with a tenant's first call (Xero's reset at different times per tenant), and
 * 10,000 a minute for the app across tenants. Every answer carries what is left
 * (X-MinLimit-Remaining, X-DayLimit-Remaining, X-AppMinLimit-Remaining); a call over a limit
 * answers 429 with an empty body, X-Rate-Limit-Problem naming the limit and, for the minute and day
 * limits, Retry-After in seconds until the window resets. Refused calls do not count.
 */
export type XpmLimits = { concurrent: number; perMinute: number; perDay: number; appPerMinute: number };
export const xpmLimits: XpmLimits = { concurrent: 5, perMinute: 60, perDay: 5000, appPerMinute: 10_000 };

type Window = { startedAt: number; used: number };
export type LimitProblem = 'concurrent' | 'minute' | 'day' | 'appminute';

export type Admission =
  | { readonly ok: true; readonly headers: Record<string, string>; release(): void }
  | { readonly ok: false; readonly problem: LimitProblem; readonly retryAfterSeconds: number | null };

const minuteMs = 60_000, dayMs = 86_400_000;

export function createXpmLimiter(clock: () => Date) {
  let limits = { ...xpmLimits };
  const minutes = new Map<string, Window>(), days = new Map<string, Window>(), inFlight = new Map<string, number>();
  let app: Window | null = null;

  /** The tenant's current window of this length, a fresh one once the last has run out. */
  const windowOf = (windows: Map<string, Window>, tenant: string, length: number, now: number): Window => {
    const w = windows.get(tenant);
    if (w && w.startedAt + length > now) return w;
    const fresh = { startedAt: now, used: 0 };
    windows.set(tenant, fresh);
    return fresh;
  };
  const secondsLeft = (w: Window, length: number, now: number) => Math.max(1, Math.ceil((w.startedAt + length - now) / 1000));

  const admit = (tenant: string): Admission => {
    const now = clock().getTime();
    const minute = windowOf(minutes, tenant, minuteMs, now), day = windowOf(days, tenant, dayMs, now);
    if (!app || app.startedAt + minuteMs <= now) app = { startedAt: now, used: 0 };
    const running = inFlight.get(tenant) ?? 0;
    if (running >= limits.concurrent) return { ok: false, problem: 'concurrent', retryAfterSeconds: null };
    if (day.used >= limits.perDay) return { ok: false, problem: 'day', retryAfterSeconds: secondsLeft(day, dayMs, now) };
    if (minute.used >= limits.perMinute) return { ok: false, problem: 'minute', retryAfterSeconds: secondsLeft(minute, minuteMs, now) };
    if (app.used >= limits.appPerMinute) return { ok: false, problem: 'appminute', retryAfterSeconds: secondsLeft(app, minuteMs, now) };
    minute.used++; day.used++; app.used++;
    inFlight.set(tenant, running + 1);
    let released = false;
    return {
      ok: true,
      headers: {
        'x-minlimit-remaining': String(limits.perMinute - minute.used),
        'x-daylimit-remaining': String(limits.perDay - day.used),
        'x-appminlimit-remaining': String(limits.appPerMinute - app.used),
      },
      release: () => {
        if (released) return;
        released = true;
        inFlight.set(tenant, (inFlight.get(tenant) ?? 1) - 1);
      },
    };
  };

  return {
    admit,
    /** Lowers (or restores) the limits, so a test can reach one in a few calls. */
    setLimits: (next: Partial<XpmLimits>) => { limits = { ...limits, ...next }; },
    limits: (): Readonly<XpmLimits> => ({ ...limits }),
    /** Fresh windows and the documented limits; calls still running stay counted until they end. */
    reset: () => { limits = { ...xpmLimits }; minutes.clear(); days.clear(); app = null; },
  };
}

export type XpmLimiter = ReturnType<typeof createXpmLimiter>;
