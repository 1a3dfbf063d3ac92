import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import { requestForLog } from './request-log.js';

/** A route module: each adapter (Slack, Teams, OAuth, the proposal page…) registers its own routes. */
export type RouteModule = (app: FastifyInstance) => Promise<void> | void;

export type HttpDeps = {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Each request runs in a fresh ORM context, so identity maps never leak between requests. */
  readonly inScope: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Reports what is not ready yet (the database, the scheduler); empty when all is well. */
  readonly notReady: () => Promise<string[]>;
  readonly routes: readonly RouteModule[];
  /** Trust X-Forwarded-For: only when a reverse proxy in front of us sets it. */
  readonly trustProxy?: boolean;
};

export async function createHttpServer(d: HttpDeps): Promise<FastifyInstance> {
  // Fastify lets the logger's own serializers win over its defaults: ours redacts secret URLs.
  const logger = d.logger.child({}, { serializers: { req: requestForLog } });
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, trustProxy: d.trustProxy ?? false, bodyLimit: 1_048_576 });

  app.addHook('onRequest', (_request, _reply, done) => { void d.inScope(async () => done()); });
  app.addHook('onResponse', async (request, reply) => {
    d.metrics.observeRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  // One place maps thrown errors: 4xx keep their reason, 5xx never echo internals.
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(status).send(status >= 500
      ? { error: 'internal_error', message: 'Something went wrong on our side. It has been logged.' }
      : { error: 'bad_request', message: error.message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `Nothing at ${request.method} ${request.url.split('?')[0]}` });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const waiting = await d.notReady();
    return waiting.length ? reply.status(503).send({ status: 'starting', waiting }) : { status: 'ready' };
  });
  app.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', d.metrics.registry.contentType);
    return d.metrics.registry.metrics();
  });

  for (const register of d.routes) await app.register(async (scope) => register(scope));
  return app;
}
