/**
 * What every XPM API call passes before its route, in Xero's order: injected faults (throttling,
 * outages), the bearer token (401, JSON), the Xero-Tenant-Id of a connected practice (403, JSON),
 * the token's scope for the endpoint (403, JSON), then the tenant's rate limits (429, empty body). An admitted call holds one of the tenant's
 * concurrent slots until its answer is sent; a slow-answer fault waits while holding it, which is
 * how a test fills the five slots.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bearerGrant, gatewayError, type XpmAuthState } from './xpm-auth.js';
import type { XpmLimiter, XpmLimits } from './xpm-limits.js';
import { scopeAllows } from './xpm-scopes.js';
import type { Faults } from './simulator.js';

export type XpmFaultState = { rateLimit: number; retryAfter: number | null; serverError: number; serverErrorStatus: number; slowMs: number };

export type XpmFaults = Omit<Faults, 'rateLimit'> & {
  /** The next `times` API calls answer 429 (X-Rate-Limit-Problem: minute), with Retry-After when given. */
  rateLimit(times: number, retryAfterSeconds?: number): void;
  /** Lowers the per-tenant limits (concurrent, per minute, per day) so a test reaches them quickly. */
  limits(next: Partial<XpmLimits>): void;
  state(): Readonly<XpmFaultState & { limits: XpmLimits }>;
};

const FaultRequest = z.strictObject({
  rateLimit: z.int().min(0).optional(), retryAfter: z.int().min(0).nullable().optional(), serverError: z.int().min(0).optional(),
  slowMs: z.int().min(0).max(60_000).optional(), concurrent: z.int().min(1).optional(), perMinute: z.int().min(1).optional(),
  perDay: z.int().min(1).optional(), reset: z.literal(true).optional(),
});

const calm = (): XpmFaultState => ({ rateLimit: 0, retryAfter: null, serverError: 0, serverErrorStatus: 503, slowMs: 0 });

export type XpmGatewayOptions = { auth: XpmAuthState; limiter: XpmLimiter; clock: () => Date; practiceTenantId: string; prefix: string; apiBase: string };

export function createXpmGateway(o: XpmGatewayOptions) {
  let s = calm();
  const admitted = new WeakMap<FastifyRequest, () => void>();
  const faults: XpmFaults = {
    rateLimit: (times, retryAfterSeconds) => { s.rateLimit = times; s.retryAfter = retryAfterSeconds ?? null; },
    serverError: (times, status = 503) => { s.serverError = times; s.serverErrorStatus = status; },
    slow: (ms) => { s.slowMs = ms; },
    limits: (next) => o.limiter.setLimits(next),
    reset: () => { s = calm(); o.limiter.reset(); },
    state: () => ({ ...s, limits: o.limiter.limits() }),
  };

  const apiPath = (req: FastifyRequest) => req.url.slice(o.prefix.length).split('?')[0] ?? '';
  const guard = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (s.rateLimit > 0) {
      s.rateLimit--;
      if (s.retryAfter !== null) void reply.header('retry-after', String(s.retryAfter));
      return reply.code(429).header('x-rate-limit-problem', 'minute').send();
    }
    if (s.serverError > 0) {
      s.serverError--;
      return reply.code(s.serverErrorStatus).type('text/plain').send('Service Unavailable');
    }
    const grant = bearerGrant(o.auth, req.headers.authorization, o.clock().getTime());
    if (!grant) return gatewayError(reply, 401, 'Unauthorized', 'AuthenticationUnsuccessful');
    const tenant = req.headers['xero-tenant-id'];
    const connected = typeof tenant === 'string' && tenant === o.practiceTenantId && o.auth.connections.some((c) => c.tenantId === tenant);
    if (!connected) return gatewayError(reply, 403, 'Forbidden', 'AuthenticationUnsuccessful');
    if (!scopeAllows(grant.scope, req.method, apiPath(req).slice(o.apiBase.length))) return gatewayError(reply, 403, 'Forbidden', 'The access token does not carry the scope this endpoint needs.');
    const admission = o.limiter.admit(tenant);
    if (!admission.ok) {
      if (admission.retryAfterSeconds !== null) void reply.header('retry-after', String(admission.retryAfterSeconds));
      return reply.code(429).header('x-rate-limit-problem', admission.problem).send();
    }
    admitted.set(req, admission.release);
    void reply.headers(admission.headers);
    if (s.slowMs) await new Promise((r) => setTimeout(r, s.slowMs));
    return undefined;
  };

  const register = (app: FastifyInstance) => {
    const isApi = (req: FastifyRequest) => apiPath(req).startsWith(`${o.apiBase}/`);
    app.addHook('onRequest', async (req, reply) => {
      if (!isApi(req)) return;
      const stopped = await guard(req, reply);
      if (stopped) return stopped;
    });
    // The same switches over HTTP (GET/POST /faults, JSON), for a demo driven from outside the bot's process.
    app.get('/faults', async () => faults.state());
    app.post('/faults', async (req, reply) => {
      const asked = FaultRequest.safeParse(req.body ?? {});
      if (!asked.success) return reply.code(400).send({ error: 'invalid_faults', detail: z.prettifyError(asked.error) });
      const { reset, rateLimit, retryAfter, serverError, slowMs, concurrent, perMinute, perDay } = asked.data;
      if (reset) faults.reset();
      if (rateLimit !== undefined) faults.rateLimit(rateLimit, retryAfter ?? undefined);
      if (serverError !== undefined) faults.serverError(serverError);
      if (slowMs !== undefined) faults.slow(slowMs);
      faults.limits({ ...(concurrent ? { concurrent } : {}), ...(perMinute ? { perMinute } : {}), ...(perDay ? { perDay } : {}) });
      return faults.state();
    });
    const release = async (req: FastifyRequest) => { admitted.get(req)?.(); };
    app.addHook('onResponse', release);
    app.addHook('onRequestAbort', release);
  };

  return { faults, register };
}
