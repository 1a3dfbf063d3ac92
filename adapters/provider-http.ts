/**
 * The one HTTP wrapper every provider client (Gusto, Sage, XPM) goes through: bearer auth from a
 * callback, per-attempt timeouts, retries with exponential backoff and jitter, 429 + Retry-After,
 * a client-side rate limiter, and a single place where failures become a typed ProviderError.
 * Tokens are only ever placed in the Authorization header; no error message or log line carries one.
 *
 * Retries are a small loop rather than p-retry: p-retry's delays come from its own schedule, and a
 * 429 must wait exactly as long as the provider's Retry-After says.
 */
import { ProviderError, classifyStatus, type ProviderName } from './provider-error.js';
import type { RateLimiter } from './rate-limiter.js';

export { ProviderError } from './provider-error.js';

export type TokenSource = (opts?: { readonly force?: boolean }) => Promise<string>;

export type ProviderHttpOptions = {
  readonly provider: ProviderName;
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  readonly token?: TokenSource;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Extra attempts after the first on network errors, timeouts, 5xx and 429. */
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out inside one call: the error goes to the caller. */
  readonly maxRetryAfterMs?: number;
  readonly limiter?: RateLimiter;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called once per request actually sent (counts provider calls for the bench). */
  readonly onCall?: (info: { method: string; path: string; status: number | 'network' }) => void;
};

export type ProviderRequest = {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
};

export type ProviderResponse = { readonly status: number; readonly headers: Headers; readonly body: unknown };

export type ProviderHttp = {
  request(method: string, path: string, req?: ProviderRequest): Promise<ProviderResponse>;
  get(path: string, query?: ProviderRequest['query']): Promise<ProviderResponse>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After is either delta-seconds or an HTTP date. */
export const retryAfterMs = (header: string | null, nowMs: number): number | undefined => {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
};

export function createProviderHttp(o: ProviderHttpOptions): ProviderHttp {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? defaultSleep;
  const random = o.random ?? Math.random;
  const retries = o.retries ?? 3;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const backoff = (attempt: number) => {
    const cap = Math.min(o.maxDelayMs ?? 8_000, (o.baseDelayMs ?? 250) * 2 ** attempt);
    return Math.round(cap / 2 + random() * (cap / 2));
  };

  // Paths join below the base's own path, so a base such as http://host/sandbox/gusto keeps its prefix.
  const url = (path: string, query: ProviderRequest['query']) => {
    const u = new URL(path.replace(/^\/+/, ''), o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  };

  const sendOnce = async (method: string, path: string, target: URL, req: ProviderRequest, forceToken: boolean) => {
    await o.limiter?.acquire();
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers, ...req.headers };
    if (o.token) headers.authorization = `Bearer ${await o.token({ force: forceToken })}`;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await doFetch(target, {
        method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      o.onCall?.({ method, path, status: res.status });
      return res;
    } catch (cause) {
      o.onCall?.({ method, path, status: 'network' });
      const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw new ProviderError(o.provider, timedOut ? 'timeout' : 'network', { method, path });
    }
  };

  const request = async (method: string, path: string, req: ProviderRequest = {}): Promise<ProviderResponse> => {
    const target = url(path, req.query);
    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      const force = refreshedAfter401 && attempt === 1;
      try {
        res = await sendOnce(method, path, target, req, force);
      } catch (e) {
        // Only what may pass is tried again: a token source that failed for good (a refused grant) is not.
        if (e instanceof ProviderError && e.transient && attempt < retries) { await sleep(backoff(attempt)); continue; }
        throw e;
      }
      if (res.ok) return { status: res.status, headers: res.headers, body: await readBody(res) };
      const kind = classifyStatus(res.status);
      const detail = { method, path, status: res.status, body: await readBody(res) };
      // A 401 may just mean the token expired between our check and the call: refresh once, then give up.
      if (kind === 'unauthorized' && o.token && !refreshedAfter401 && attempt === 0) { refreshedAfter401 = true; continue; }
      const wait = kind === 'rate-limited' ? retryAfterMs(res.headers.get('retry-after'), Date.now()) : undefined;
      const retryable = (kind === 'rate-limited' && (wait ?? 0) <= (o.maxRetryAfterMs ?? 65_000)) || kind === 'server';
      if (!retryable || attempt >= retries) throw new ProviderError(o.provider, kind, { ...detail, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
      await sleep(wait ?? backoff(attempt));
    }
  };

  return { request, get: (path, query) => request('GET', path, { query }) };
}

const readBody = async (res: Response): Promise<unknown> => {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 500);
  }
};
