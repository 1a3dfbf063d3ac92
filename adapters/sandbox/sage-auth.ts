/**
 * The Sage simulator's OAuth side, as Sage documents it: the authorize page at
 * /oauth2/auth/central (scope may come as `scope` or `scopes`), a callback with
 * `code`, `country` and `state`; a form-encoded token endpoint where a code is single use, lives
 * 60 s and needs the exact redirect_uri; 5-minute access tokens; 31-day refresh tokens that rotate
 * (the old one dies when a new one is issued). Failures are 400 {"error":"invalid_grant"}, and
 * 401 {"error":"invalid_client"} for wrong app credentials. Time is the sandbox's clock.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sageConsentPage, sageRefusalPage } from './sage-consent.js';
import { sageUser } from './sage-seed.js';

type Grant = { scope: string; expiresAt: number };

export type SageAuthState = {
  readonly codes: Map<string, Grant & { redirectUri: string }>;
  readonly access: Map<string, Grant>;
  readonly refresh: Map<string, Grant>;
};

export const accessTtlSeconds = 300;
export const refreshTtlSeconds = 2_678_400;
const codeTtlMs = 60_000;

export const newSageAuth = (): SageAuthState => ({ codes: new Map(), access: new Map(), refresh: new Map() });

/** Codes live 60 s and are not kept; live access and refresh tokens are (expired ones are dropped). */
export type SavedSageAuth = { access: [string, Grant][]; refresh: [string, Grant][] };
export const saveSageAuth = (s: SageAuthState, now: number): SavedSageAuth => ({
  access: [...s.access].filter(([, g]) => g.expiresAt > now), refresh: [...s.refresh].filter(([, g]) => g.expiresAt > now),
});
export const loadSageAuth = (saved: SavedSageAuth | undefined): SageAuthState => {
  const s = newSageAuth();
  for (const [t, g] of saved?.access ?? []) s.access.set(t, g);
  for (const [t, g] of saved?.refresh ?? []) s.refresh.set(t, g);
  return s;
};

/** The scope a live bearer token carries, or null (the API answers 401). */
export const bearerGrant = (s: SageAuthState, header: string | undefined, now: number): Grant | null => {
  const found = s.access.get((header ?? '').replace(/^Bearer\s+/i, ''));
  return found && found.expiresAt > now ? found : null;
};

const token = () => randomBytes(32).toString('base64url');
type Params = Record<string, string | undefined>;
export type SageAuthOptions = { clientId: string; clientSecret: string; clock: () => Date; businessNames: () => string[]; save: () => void };

const countries = ['gb', 'ie'];

export function registerSageAuth(app: FastifyInstance, s: SageAuthState, o: SageAuthOptions): void {
  const now = () => o.clock().getTime();
  /** What makes Sage refuse to show its page at all: an app it does not know, or a malformed request. */
  const refusal = (p: Params): string | null => {
    if (p.client_id !== o.clientId) return 'This app is not registered with Sage (unknown client_id).';
    if (p.response_type !== 'code') return 'response_type must be code.';
    if (!URL.canParse(p.redirect_uri ?? '')) return 'redirect_uri is missing or not a URL.';
    return null;
  };
  const scopeOf = (p: Params) => p.scope ?? p.scopes ?? 'full_access';

  app.get<{ Querystring: Params }>('/oauth2/auth/central', async (req, reply) => {
    const refused = refusal(req.query);
    if (refused) return reply.code(400).type('text/html; charset=utf-8').send(sageRefusalPage(refused));
    return reply.type('text/html; charset=utf-8').send(sageConsentPage({ query: req.query, businesses: o.businessNames(), scope: scopeOf(req.query) }));
  });

  app.post<{ Body: Params }>('/oauth2/auth/central', async (req, reply) => {
    const p = req.body ?? {};
    const refused = refusal(p);
    if (refused) return reply.code(400).type('text/html; charset=utf-8').send(sageRefusalPage(refused));
    const back = new URL(p.redirect_uri!);
    const scope = scopeOf(p);
    if (p.decision !== 'allow' || !['full_access', 'readonly'].includes(scope)) {
      back.searchParams.set('error', p.decision === 'allow' ? 'invalid_scope' : 'access_denied');
    } else {
      const code = token();
      s.codes.set(code, { redirectUri: p.redirect_uri!, scope, expiresAt: now() + codeTtlMs });
      back.searchParams.set('code', code);
      back.searchParams.set('country', countries.includes(p.country?.toLowerCase() ?? '') ? p.country!.toLowerCase() : 'gb');
    }
    if (p.state !== undefined) back.searchParams.set('state', p.state);
    return reply.redirect(back.toString(), 302);
  });

  const issue = (reply: FastifyReply, scope: string, undoUse: () => void) => {
    const access_token = token(), refresh_token = token();
    s.access.set(access_token, { scope, expiresAt: now() + accessTtlSeconds * 1000 });
    s.refresh.set(refresh_token, { scope, expiresAt: now() + refreshTtlSeconds * 1000 });
    try {
      o.save();
    } catch (e) {
      s.access.delete(access_token); s.refresh.delete(refresh_token); undoUse();
      return reply.code(500).send({ error: 'server_error', error_description: `The Sage sandbox could not save its tokens: ${e instanceof Error ? e.message : String(e)}` });
    }
    return { access_token, scope, token_type: 'bearer', expires_in: accessTtlSeconds, refresh_token, refresh_token_expires_in: refreshTtlSeconds, requested_by_id: sageUser.id };
  };

  app.post<{ Body: Params }>('/token', async (req, reply) => {
    const b = req.body ?? {};
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [b.client_id, b.client_secret];
    if (id !== o.clientId || secret !== o.clientSecret) return reply.code(401).send({ error: 'invalid_client' });
    const invalidGrant = () => reply.code(400).send({ error: 'invalid_grant' });
    if (b.grant_type === 'authorization_code') {
      const code = s.codes.get(b.code ?? '');
      if (!code || code.expiresAt <= now() || code.redirectUri !== b.redirect_uri) return invalidGrant();
      s.codes.delete(b.code!);
      return issue(reply, code.scope, () => s.codes.set(b.code!, code));
    }
    if (b.grant_type === 'refresh_token') {
      const old = s.refresh.get(b.refresh_token ?? '');
      if (!old || old.expiresAt <= now()) return invalidGrant();
      s.refresh.delete(b.refresh_token!);
      return issue(reply, old.scope, () => s.refresh.set(b.refresh_token!, old));
    }
    return invalidGrant();
  });
}
