/**
 * The one HTTP client every app adapter (Gusto, Sage, XPM, …) goes through: JSON or XML bodies by
 * codec, bearer auth from a token source (refreshed once on a 401), per-attempt timeouts, retries
 * (idempotent requests only, Retry-After honoured), a per-tenant rate and concurrency limiter, and
 * the single place where a failure becomes a ProviderError of one kind. Error bodies are kept whole
 * with credentials taken out; an app's "error in a 200" envelope is a failure like any other.
 */
import { ProviderError, classifyFailure, type ProviderErrorDetail } from './provider-error.js';
import { jsonCodec, type Codec, type Envelope } from './provider/codec.js';
import { errorWords } from './provider/error-words.js';
import { redactBody } from './provider/redact.js';
import { backoffMs, isIdempotent, retryAfterMs } from './provider/retry.js';
import { createXmlCodec } from './provider/xml-codec.js';
import { createTenantLimiter, type TenantLimiter, type TenantLimits } from './rate-limiter.js';

export { ProviderError, isProviderError, type ProviderErrorKind, type FieldError } from './provider-error.js';
export { createXmlCodec, responseStatusEnvelope, xmlAttributePrefix, type XmlCodecOptions } from './provider/xml-codec.js';
export { jsonCodec, type Codec, type Envelope } from './provider/codec.js';
export { retryAfterMs } from './provider/retry.js';

export type TokenSource = (opts?: { readonly force?: boolean }) => Promise<string>;

export type ProviderHttpOptions = {
  /** The app's id, carried on every error. */
  readonly app: string;
  readonly baseUrl: string;
  /** 'xml' is createXmlCodec() with XPM's envelope; pass a codec for arrays (`createXmlCodec({ isArray })`). */
  readonly codec?: 'json' | 'xml' | Codec;
  /** Overrides the codec's envelope check; null turns it off. */
  readonly envelope?: Envelope | null;
  readonly token?: TokenSource;
  /** Sent on every call (API version, tenant id, Basic credentials for a token endpoint). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Limits for a limiter private to this client: right when one client serves one tenant for its life. */
  readonly limits?: TenantLimits;
  /** A limiter shared by every client of one tenant (see createTenantLimiters); wins over `limits`. */
  readonly limiter?: TenantLimiter;
  /** Literal secrets (a client secret) to scrub from error bodies; the token and auth headers sent always are. */
  readonly secrets?: readonly string[];
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Extra attempts after the first: 429 always, network errors, timeouts and 5xx on idempotent requests. */
  readonly retries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out inside one call: the error goes to the caller. */
  readonly maxRetryAfterMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Called once per request actually sent (counts app calls for the bench). */
  readonly onCall?: (info: { method: string; path: string; status: number | 'network' }) => void;
};

export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/** Anything with zod's safeParse: the body is checked, and a mismatch is an `invalid-response`. */
export type Schema<T> = {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly unknown[] } };
};

export type RequestOptions<T = unknown> = {
  readonly query?: Query;
  readonly headers?: Readonly<Record<string, string>>;
  readonly schema?: Schema<T>;
  /** The caller vouches that sending this write twice does no harm; GET and HEAD always are. */
  readonly idempotent?: boolean;
};

/** A URLSearchParams body is sent as a form (OAuth token endpoints); anything else through the codec. */
export type ProviderRequest<T = unknown> = RequestOptions<T> & { readonly body?: unknown };

export type ProviderResponse<T = unknown> = { readonly status: number; readonly headers: Headers; readonly body: T };

export type ProviderHttp = {
  request<T = unknown>(method: string, path: string, req?: ProviderRequest<T>): Promise<ProviderResponse<T>>;
  get<T = unknown>(path: string, opts?: RequestOptions<T>): Promise<ProviderResponse<T>>;
  post<T = unknown>(path: string, body: unknown, opts?: RequestOptions<T>): Promise<ProviderResponse<T>>;
  put<T = unknown>(path: string, body: unknown, opts?: RequestOptions<T>): Promise<ProviderResponse<T>>;
  delete<T = unknown>(path: string, opts?: RequestOptions<T>): Promise<ProviderResponse<T>>;
};

type Exchange = { readonly res: Response; readonly text: string } | { readonly unanswered: 'network' | 'timeout' };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const unlimited: TenantLimiter = { run: (work) => work(), pauseFor: () => undefined, idle: () => true };

const codecFrom = (c: ProviderHttpOptions['codec']): Codec =>
  c === 'xml' ? createXmlCodec() : c === 'json' || c === undefined ? jsonCodec : c;

/** Error bodies come in whatever the gateway speaks (XPM: JSON for 401/403, XML otherwise, empty for 429). */
const decodeError = (text: string, contentType: string | null, codec: Codec): unknown => {
  if (!text.trim()) return null;
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  const looksXml = /xml/i.test(contentType ?? '') || (/^\s*<\?xml|^\s*<Response/.test(text));
  try {
    if (looksJson) return jsonCodec.decode(text);
    if (looksXml) return (codec.contentType.includes('xml') ? codec : createXmlCodec()).decode(text);
  } catch {
    // Not what it claimed to be: keep the text.
  }
  return text;
};

export function createProviderHttp(o: ProviderHttpOptions): ProviderHttp {
  const doFetch = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  const codec = codecFrom(o.codec);
  const envelope = o.envelope === null ? undefined : o.envelope ?? codec.envelope;
  const limiter = o.limiter ?? (o.limits ? createTenantLimiter(o.limits, { now, sleep }) : unlimited);
  const retries = o.retries ?? 3;
  const backoff = (n: number) => backoffMs(n, { baseDelayMs: o.baseDelayMs ?? 250, maxDelayMs: o.maxDelayMs ?? 8_000, random: o.random ?? Math.random });

  // Paths join below the base's own path, so a base such as http://host/sandbox/gusto keeps its prefix.
  const url = (path: string, query: Query | undefined) => {
    const u = new URL(path.replace(/^\/+/, ''), o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  };

  const headersFor = async (req: ProviderRequest<unknown>, forceToken: boolean) => {
    const headers: Record<string, string> = { accept: codec.accept, ...o.headers, ...req.headers };
    if (o.token) headers.authorization = `Bearer ${await o.token({ force: forceToken })}`;
    if (req.body instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
    else if (req.body !== undefined) headers['content-type'] = codec.contentType;
    return headers;
  };

  /** One call inside the tenant's slot; the slot is held until the body is read. */
  const exchange = (method: string, path: string, target: URL, req: ProviderRequest<unknown>, headers: Record<string, string>) =>
    limiter.run(async (): Promise<Exchange> => {
      const body = req.body === undefined ? undefined : req.body instanceof URLSearchParams ? req.body.toString() : codec.encode(req.body);
      try {
        const res = await doFetch(target, { method, headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 15_000) });
        const text = await res.text();
        o.onCall?.({ method, path, status: res.status });
        return { res, text };
      } catch (cause) {
        o.onCall?.({ method, path, status: 'network' });
        return { unanswered: cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError') ? 'timeout' : 'network' };
      }
    });

  const success = <T>(text: string, schema: Schema<T> | undefined, where: ProviderErrorDetail): T => {
    let body: unknown = null;
    try {
      if (text.trim()) body = codec.decode(text);
    } catch (e) {
      throw new ProviderError(o.app, 'invalid-response', { ...where, reason: `the app sent a body we could not read (${(e as Error).message})` });
    }
    const refusal = envelope?.(body);
    if (refusal !== undefined) throw new ProviderError(o.app, 'rejected', { ...where, reason: refusal, body: redactBody(body, o.secrets) });
    if (!schema) return body as T;
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ProviderError(o.app, 'invalid-response', { ...where, body: parsed.error.issues.slice(0, 3) });
    return parsed.data;
  };

  /** The app's answer as one ProviderError: body decoded whatever it is, redacted, and read for the app's words. */
  const failureFrom = (res: Response, text: string, headers: Record<string, string>, where: ProviderErrorDetail) => {
    const sentCredentials = Object.entries(headers).filter(([k]) => k === 'authorization').map(([, v]) => v.replace(/^\S+\s+/, ''));
    const body = redactBody(decodeError(text, res.headers.get('content-type'), codec), [...(o.secrets ?? []), ...sentCredentials]);
    const words = errorWords(body);
    const wait = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after'), now()) : undefined;
    return new ProviderError(o.app, classifyFailure(res.status, words.oauthError), {
      ...where, body, fields: words.fields,
      ...(words.reason ? { reason: words.reason } : {}),
      ...(words.oauthError ? { oauthError: words.oauthError } : {}),
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  };

  const request = async <T = unknown>(method: string, path: string, req: ProviderRequest<T> = {}): Promise<ProviderResponse<T>> => {
    const target = url(path, req.query);
    const idempotent = isIdempotent(method, req.idempotent);
    let refreshed = false;
    let forceToken = false;
    for (let retry = 0; ; ) {
      const headers = await headersFor(req, forceToken);
      forceToken = false;
      const answer = await exchange(method, path, target, req, headers);
      if ('unanswered' in answer) {
        // A write that timed out may have been done: only an idempotent request is sent again.
        if (idempotent && retry < retries) { await sleep(backoff(retry++)); continue; }
        throw new ProviderError(o.app, 'app-down', { method, path, cause: answer.unanswered });
      }
      const { res, text } = answer;
      const where = { method, path, status: res.status };
      if (res.ok) return { status: res.status, headers: res.headers, body: success(text, req.schema, where) };

      const failure = failureFrom(res, text, headers, where);
      // A 401 may just mean the token expired between our check and the call: refresh once, then give up.
      if (res.status === 401 && o.token && !refreshed && !failure.detail.oauthError) { refreshed = forceToken = true; continue; }
      const { kind, detail: { retryAfterMs: wait } } = failure;
      const delay = wait ?? backoff(retry);
      const retryable = kind === 'rate-limited' || (kind === 'app-down' && idempotent);
      if (!retryable || retry >= retries || delay > (o.maxRetryAfterMs ?? 65_000)) throw failure;
      // Every other call for this tenant waits too, rather than spending its own 429.
      if (wait !== undefined) limiter.pauseFor(wait);
      await sleep(delay);
      retry++;
    }
  };

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    put: (path, body, opts) => request('PUT', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
  };
}
