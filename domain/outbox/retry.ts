/**
 * When to try a failed write again, and when to stop. Pure: the jitter comes in as a value in [0, 1).
 */

/** Tries before a write is reported as failed: with the backoff below, about 4 hours of trying. */
export const maxWriteAttempts = 8;

const firstWaitMs = 30_000;
const longestWaitMs = 60 * 60_000;

/** Exponential from 30 s, capped at an hour, spread ±20 % by `jitter` so parked writes don't retry in step. */
export const writeBackoffMs = (attempts: number, jitter: number): number => {
  const base = Math.min(firstWaitMs * 2 ** Math.max(0, attempts - 1), longestWaitMs);
  return Math.round(base * (0.8 + 0.4 * Math.min(Math.max(jitter, 0), 1)));
};

/**
 * How an app's refusal reads to the outbox. The kinds a person must fix — the app refused the data
 * ('rejected'), our set-up with the app is wrong ('app-misconfigured'), the connection must be
 * authorised again ('reconnect-needed') — are never retried on their own.
 */
export type WriteFailure = {
  readonly kind: string;
  readonly message: string;
  /** The app's own words alone, without our prefix, when the error carries them: what a card quotes. */
  readonly reason?: string;
  readonly retryAfterMs?: number;
};

const forAPerson = new Set(['rejected', 'app-misconfigured', 'reconnect-needed']);

export const needsAPerson = (failure: WriteFailure): boolean => forAPerson.has(failure.kind);

/** Reads what a writer threw: a `kind` (and `retryAfterMs`, top level or in `detail`) when it has one. */
export const writeFailureOf = (thrown: unknown): WriteFailure => {
  const o = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as { kind?: unknown; message?: unknown; reason?: unknown; retryAfterMs?: unknown; detail?: { retryAfterMs?: unknown } };
  const message = typeof o.message === 'string' && o.message ? o.message : String(thrown);
  const retryAfter = typeof o.retryAfterMs === 'number' ? o.retryAfterMs : typeof o.detail?.retryAfterMs === 'number' ? o.detail.retryAfterMs : undefined;
  return {
    kind: typeof o.kind === 'string' ? o.kind : 'unknown', message,
    ...(typeof o.reason === 'string' && o.reason ? { reason: o.reason } : {}),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  };
};

export type AfterFailure = { readonly giveUp: true } | { readonly giveUp: false; readonly nextAttemptAt: Date };

/** After `attempts` tries (this one included): give up, or when to try next (the app's Retry-After when longer). */
export const afterFailure = (attempts: number, failure: WriteFailure, now: Date, jitter: number): AfterFailure => {
  if (needsAPerson(failure) || attempts >= maxWriteAttempts) return { giveUp: true };
  const wait = Math.max(writeBackoffMs(attempts, jitter), failure.retryAfterMs ?? 0);
  return { giveUp: false, nextAttemptAt: new Date(now.getTime() + wait) };
};
