/**
 * The Gusto simulator's OAuth side: authorize (auto-approves), token exchange and refresh with
 * strict rotation (a used refresh token is dead at once), and grant revocation for tests.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

type Grant = { companyUuid: string; revoked: boolean };

export type GustoAuthState = {
  /** Access token → grant and expiry. */
  readonly access: Map<string, { grant: Grant; expiresAt: number }>;
  readonly refresh: Map<string, { grant: Grant; used: boolean }>;
  readonly codes: Map<string, { companyUuid: string; redirectUri: string }>;
  readonly grants: Grant[];
  tokenCalls: { code: number; refresh: number; rejected: number };
  accessTtlSeconds: number;
  /** Called after every change to grants or tokens, so a sandbox can outlive a restart. */
  onChange?: () => void;
};

export const newAuthState = (): GustoAuthState => ({
  access: new Map(), refresh: new Map(), codes: new Map(), grants: [],
  tokenCalls: { code: 0, refresh: 0, rejected: 0 }, accessTtlSeconds: 7200,
});

const token = () => randomBytes(24).toString('base64url');

type SavedAuth = { grants: Grant[]; access: [string, number, number][]; refresh: [string, number, boolean][] };

/** The grants and live tokens as JSON (codes are short-lived and not kept). */
export const saveAuthState = (s: GustoAuthState): string => JSON.stringify({
  grants: s.grants,
  access: [...s.access].map(([t, a]) => [t, s.grants.indexOf(a.grant), a.expiresAt]),
  refresh: [...s.refresh].filter(([, r]) => !r.used).map(([t, r]) => [t, s.grants.indexOf(r.grant), r.used]),
} satisfies SavedAuth);

export const loadAuthState = (json: string): GustoAuthState => {
  const saved = JSON.parse(json) as SavedAuth;
  const s = newAuthState();
  s.grants.push(...saved.grants);
  for (const [t, g, expiresAt] of saved.access) if (s.grants[g]) s.access.set(t, { grant: s.grants[g]!, expiresAt });
  for (const [t, g, used] of saved.refresh) if (s.grants[g]) s.refresh.set(t, { grant: s.grants[g]!, used });
  return s;
};

/** Which company this bearer token may read, or null (401). */
export const companyForBearer = (s: GustoAuthState, header: string | undefined, now: number): string | null => {
  const found = s.access.get((header ?? '').replace(/^Bearer\s+/i, ''));
  return found && !found.grant.revoked && found.expiresAt > now ? found.grant.companyUuid : null;
};

const issue = (s: GustoAuthState, grant: Grant) => {
  const access_token = token(), refresh_token = token();
  s.access.set(access_token, { grant, expiresAt: Date.now() + s.accessTtlSeconds * 1000 });
  s.refresh.set(refresh_token, { grant, used: false });
  s.onChange?.();
  return { access_token, token_type: 'bearer', expires_in: s.accessTtlSeconds, refresh_token, scope: 'companies:read employees:read contractors:read', created_at: Math.floor(Date.now() / 1000) };
};

export function registerGustoAuth(
  app: FastifyInstance,
  s: GustoAuthState,
  o: { companies: () => { uuid: string; name: string }[]; clientId?: string; clientSecret?: string },
): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/oauth/authorize', async (req, reply) => {
    const { redirect_uri: redirect, state = '', company, client_id: clientId, choose } = req.query;
    if (!redirect || req.query.response_type !== 'code') return reply.code(400).send({ error: 'invalid_request' });
    if (o.clientId && clientId !== o.clientId) return reply.code(400).send({ error: 'invalid_client' });
    const companies = o.companies();
    if (choose && !company) {
      const links = companies.map((c) => `<li><a href="?${new URLSearchParams({ ...req.query, company: c.uuid } as Record<string, string>).toString()}">${c.name}</a></li>`);
      return reply.type('text/html').send(`<h1>Gusto sandbox: pick a company</h1><ul>${links.join('')}</ul>`);
    }
    // Auto-approve: the named company, else the first one this sandbox has not granted yet.
    const granted = new Set(s.grants.filter((g) => !g.revoked).map((g) => g.companyUuid));
    const target = company ?? companies.find((c) => !granted.has(c.uuid))?.uuid ?? companies[0]?.uuid;
    if (!target || !companies.some((c) => c.uuid === target)) return reply.code(404).send({ error: 'unknown company' });
    const code = token();
    s.codes.set(code, { companyUuid: target, redirectUri: redirect });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', state);
    return reply.redirect(back.toString(), 302);
  });

  app.post<{ Body: Record<string, string | undefined> }>('/oauth/token', async (req, reply) => {
    const b = req.body ?? {};
    if (o.clientSecret && (b.client_id !== o.clientId || b.client_secret !== o.clientSecret)) return reply.code(401).send({ error: 'invalid_client' });
    const reject = () => { s.tokenCalls.rejected++; return reply.code(400).send({ error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, revoked, or was issued to another client.' }); };
    if (b.grant_type === 'authorization_code') {
      s.tokenCalls.code++;
      const found = b.code ? s.codes.get(b.code) : undefined;
      if (!found || found.redirectUri !== b.redirect_uri) return reject();
      s.codes.delete(b.code!);
      const grant = { companyUuid: found.companyUuid, revoked: false };
      s.grants.push(grant);
      return issue(s, grant);
    }
    if (b.grant_type === 'refresh_token') {
      s.tokenCalls.refresh++;
      const found = b.refresh_token ? s.refresh.get(b.refresh_token) : undefined;
      if (!found || found.used || found.grant.revoked) return reject();
      found.used = true;
      return issue(s, found.grant);
    }
    return reply.code(400).send({ error: 'unsupported_grant_type' });
  });

  app.post<{ Body: Record<string, string | undefined> }>('/oauth/revoke', async (req) => {
    const t = req.body?.token ?? '';
    const grant = s.access.get(t)?.grant ?? s.refresh.get(t)?.grant;
    if (grant) grant.revoked = true;
    s.onChange?.();
    return {};
  });
}

/** Revokes grants as an admin disconnecting the app in Gusto would: all, or one company's. */
export const revokeGrants = (s: GustoAuthState, companyUuid?: string): void => {
  for (const g of s.grants) if (!companyUuid || g.companyUuid === companyUuid) g.revoked = true;
  s.onChange?.();
};

/** Expires every live access token now, forcing the next call to refresh. */
export const expireAccessTokens = (s: GustoAuthState): void => {
  for (const a of s.access.values()) a.expiresAt = 0;
};
