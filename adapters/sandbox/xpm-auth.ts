/**
 * The XPM simulator's Xero identity side, as Xero documents it: the authorize page at
 * /identity/connect/authorize, a token endpoint at /identity/connect/token taking HTTP Basic client
 * auth, 30-minute access tokens, and refresh tokens that rotate: each refresh answers a new refresh
 * token, yet the one it replaced still works for a 30-minute grace period (a lost response can be
 * retried), then answers `invalid_grant`. An unused refresh token lives 60 days. Approving connects
 * the sandbox's tenants: GET /connections lists them, DELETE /connections/{id} disconnects one.
 * Time is the sandbox's clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { xpmConsentPage, xpmRefusalPage } from './xpm-consent.js';
import { keep } from './xpm-context.js';

export const accessTtlSeconds = 1800;
export const refreshGraceMs = 30 * 60_000;
const refreshTtlMs = 60 * 86_400_000;
const codeTtlMs = 5 * 60_000;
export const sandboxUserId = 'c0ffee00-0000-4000-8000-000000000001';

export type XpmTenant = { readonly tenantId: string; readonly tenantType: 'PRACTICEMANAGER' | 'ORGANISATION'; readonly tenantName: string };
export type XpmConnection = XpmTenant & { id: string; authEventId: string; createdDateUtc: string; updatedDateUtc: string };

type AccessGrant = { scope: string; authEventId: string; expiresAt: number };
/** `replacedAt`: when a refresh first used it; it keeps working until the grace period after that. */
type RefreshGrant = { scope: string; authEventId: string; expiresAt: number; replacedAt: number | null };
type Code = { scope: string; redirectUri: string; authEventId: string; expiresAt: number };

export type XpmAuthState = {
  readonly codes: Map<string, Code>;
  readonly access: Map<string, AccessGrant>;
  readonly refresh: Map<string, RefreshGrant>;
  connections: XpmConnection[];
};

export type SavedXpmAuth = { access: [string, AccessGrant][]; refresh: [string, RefreshGrant][]; connections: XpmConnection[] };

export const saveXpmAuth = (s: XpmAuthState, now: number): SavedXpmAuth => ({
  access: [...s.access].filter(([, g]) => g.expiresAt > now),
  refresh: [...s.refresh].filter(([, g]) => g.expiresAt > now && (g.replacedAt === null || g.replacedAt + refreshGraceMs > now)),
  connections: s.connections,
});
export const loadXpmAuth = (saved: SavedXpmAuth | undefined): XpmAuthState => ({
  codes: new Map(), access: new Map(saved?.access ?? []), refresh: new Map(saved?.refresh ?? []), connections: saved?.connections ?? [],
});

/** A live access token's grant, or null (the gateway answers 401). */
export const bearerGrant = (s: XpmAuthState, header: string | undefined, now: number): AccessGrant | null => {
  const found = s.access.get((header ?? '').replace(/^Bearer\s+/i, ''));
  return found && found.expiresAt > now ? found : null;
};

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** Xero's tokens are JWTs; the sandbox's carry the same claims a bot might read, under a signature nobody checks. */
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.${randomBytes(32).toString('base64url')}`;
const opaque = () => randomBytes(32).toString('hex');
const utc = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '0000');

type Params = Record<string, string | undefined>;
export type XpmAuthOptions = { clientId: string; clientSecret: string; clock: () => Date; tenants: () => readonly XpmTenant[]; save: () => void };

/** Xero's gateway errors are JSON problem documents. */
export const gatewayError = (reply: FastifyReply, status: 401 | 403 | 404, title: string, detail: string) =>
  reply.code(status).send({ Type: null, Title: title, Status: status, Detail: detail, Instance: randomUUID(), Extensions: {} });

export function registerXpmAuth(app: FastifyInstance, s: XpmAuthState, o: XpmAuthOptions): void {
  const now = () => o.clock().getTime();
  const refusal = (p: Params): string | null => {
    if (p.client_id !== o.clientId) return 'unauthorized_client: this app is not registered with Xero (unknown client_id).';
    if (p.response_type !== 'code') return 'unsupported_response_type: response_type must be code.';
    if (!URL.canParse(p.redirect_uri ?? '')) return 'invalid_request: redirect_uri is missing or not a URL.';
    if (!(p.scope ?? '').trim()) return 'invalid_scope: no scope was asked for.';
    return null;
  };
  const html = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);

  app.get<{ Querystring: Params }>('/identity/connect/authorize', async (req, reply) => {
    const refused = refusal(req.query);
    if (refused) return html(reply, 400, xpmRefusalPage(refused));
    return html(reply, 200, xpmConsentPage({ query: req.query, tenants: o.tenants().map((t) => t.tenantName), scopes: req.query.scope!.split(/\s+/) }));
  });

  app.post<{ Body: Params }>('/identity/connect/authorize', async (req, reply) => {
    const p = req.body ?? {};
    const refused = refusal(p);
    if (refused) return html(reply, 400, xpmRefusalPage(refused));
    const back = new URL(p.redirect_uri!);
    if (p.decision !== 'allow') {
      back.searchParams.set('error', 'access_denied');
    } else {
      const authEventId = randomUUID();
      connect(authEventId);
      const code = opaque();
      s.codes.set(code, { scope: p.scope!.trim(), redirectUri: p.redirect_uri!, authEventId, expiresAt: now() + codeTtlMs });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', p.scope!.trim());
      o.save();
    }
    if (p.state !== undefined) back.searchParams.set('state', p.state);
    return reply.redirect(back.toString(), 302);
  });

  /** A new consent connects every tenant again: a known one keeps its connection id with the new auth event. */
  const connect = (authEventId: string) => {
    const at = utc(now());
    for (const t of o.tenants()) {
      const known = s.connections.find((c) => c.tenantId === t.tenantId);
      if (known) Object.assign(known, { authEventId, updatedDateUtc: at });
      else s.connections.push({ id: randomUUID(), ...t, authEventId, createdDateUtc: at, updatedDateUtc: at });
    }
  };

  const issue = (scope: string, authEventId: string) => {
    const at = now();
    const access_token = jwt({ iss: 'https://identity.xero.com', nbf: at / 1000, exp: at / 1000 + accessTtlSeconds, client_id: o.clientId, xero_userid: sandboxUserId, authentication_event_id: authEventId, scope: scope.split(/\s+/) });
    const refresh_token = opaque();
    s.access.set(access_token, { scope, authEventId, expiresAt: at + accessTtlSeconds * 1000 });
    s.refresh.set(refresh_token, { scope, authEventId, expiresAt: at + refreshTtlMs, replacedAt: null });
    const idToken = scope.split(/\s+/).includes('openid')
      ? { id_token: jwt({ iss: 'https://identity.xero.com', aud: o.clientId, sub: sandboxUserId, xero_userid: sandboxUserId, email: 'pat.sandbox@harbourfinch.example', given_name: 'Pat', family_name: 'Sandbox', exp: at / 1000 + 300 }) }
      : {};
    return { ...idToken, access_token, expires_in: accessTtlSeconds, token_type: 'Bearer', refresh_token, scope };
  };

  /** Saves newly issued tokens; tokens the state file could not keep are withdrawn (the call answers 500) so the app retries. */
  const kept = <T extends { access_token: string; refresh_token: string }>(answer: T, undoUse: () => void): T => {
    keep(o.save, () => undefined, () => { s.access.delete(answer.access_token); s.refresh.delete(answer.refresh_token); undoUse(); });
    return answer;
  };

  app.post<{ Body: Params }>('/identity/connect/token', async (req, reply) => {
    const b = req.body ?? {};
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [];
    if (id !== o.clientId || secret !== o.clientSecret) return reply.code(400).send({ error: 'invalid_client' });
    const invalidGrant = () => reply.code(400).send({ error: 'invalid_grant' });
    if (b.grant_type === 'authorization_code') {
      const code = s.codes.get(b.code ?? '');
      if (!code || code.expiresAt <= now() || code.redirectUri !== b.redirect_uri) return invalidGrant();
      s.codes.delete(b.code!);
      return kept(issue(code.scope, code.authEventId), () => s.codes.set(b.code!, code));
    }
    if (b.grant_type === 'refresh_token') {
      const old = s.refresh.get(b.refresh_token ?? '');
      const at = now();
      if (!old || old.expiresAt <= at || (old.replacedAt !== null && old.replacedAt + refreshGraceMs <= at)) {
        if (old) s.refresh.delete(b.refresh_token!);
        return invalidGrant();
      }
      const replacedAt = old.replacedAt;
      old.replacedAt ??= at;
      return kept(issue(old.scope, old.authEventId), () => { old.replacedAt = replacedAt; });
    }
    return reply.code(400).send({ error: 'unsupported_grant_type' });
  });

  app.get<{ Querystring: Params }>('/connections', async (req, reply) => {
    if (!bearerGrant(s, req.headers.authorization, now())) return gatewayError(reply, 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    const event = req.query.authEventId;
    return s.connections.filter((c) => !event || c.authEventId === event);
  });

  app.delete<{ Params: { id: string } }>('/connections/:id', async (req, reply) => {
    if (!bearerGrant(s, req.headers.authorization, now())) return gatewayError(reply, 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    const found = s.connections.find((c) => c.id === req.params.id);
    if (!found) return gatewayError(reply, 404, 'Not Found', `No connection ${req.params.id}`);
    s.connections = s.connections.filter((c) => c !== found);
    o.save();
    return reply.code(204).send();
  });
}
