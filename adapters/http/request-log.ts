/**
 * What a request line in the log says about the request. Some URLs carry secrets: a client's proposal
 * link (/p/{token}: whoever has it can accept the proposal, which is why only its hash is stored) and
 * an OAuth callback's ?code=&state=. Fastify logs `req.url` whole, so its request serializer is
 * replaced by this one, which keeps the shape and cuts those parts out.
 */
const censor = '[redacted]';

/** Query parameters whose values are secrets wherever they appear. */
const secretParams = new Set(['code', 'state', 'token', 'access_token', 'refresh_token', 'client_secret', 'password', 'signature']);

/** Path segments that are bearer secrets: the token after /p/. */
const secretPath = /^(\/p\/)[^/?#]+/;

const redactQuery = (query: string): string =>
  query.split('&').map((pair) => {
    const name = pair.split('=', 1)[0] ?? '';
    let key = name;
    try { key = decodeURIComponent(name.replace(/\+/g, ' ')); } catch { /* keep the raw name */ }
    return pair.includes('=') && secretParams.has(key.toLowerCase()) ? `${name}=${censor}` : pair;
  }).join('&');

export const redactUrl = (url: string): string => {
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at)).replace(secretPath, `$1${censor}`);
  return at < 0 ? path : `${path}?${redactQuery(url.slice(at + 1))}`;
};

type LoggedRequest = {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly ip?: string;
  readonly headers?: Record<string, unknown>;
  readonly socket?: { readonly remotePort?: number };
};

/** Fastify's own request serializer (method, url, host, address), with the URL redacted. */
export const requestForLog = (req: LoggedRequest) => ({
  method: req.method,
  url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
  version: req.headers?.['accept-version'],
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});
