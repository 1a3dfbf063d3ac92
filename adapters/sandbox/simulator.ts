/**
 * A tiny framework for local simulators of the providers' APIs: each runs in-process on
 * 127.0.0.1 with an ephemeral port, counts the calls it serves, and has switches to inject the
 * failures the real APIs produce (429 + Retry-After, 5xx, slow answers).
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';

export type Faults = {
  /** The next `times` API calls answer 429 with this Retry-After (seconds). */
  rateLimit(times: number, retryAfterSeconds: number): void;
  /** The next `times` API calls answer with a 5xx. */
  serverError(times: number, status?: number): void;
  /** Every API call waits this long before answering (0 turns it off). */
  slow(ms: number): void;
  reset(): void;
};

export type CallCounts = { total: number; byRoute: Map<string, number>; reset(): void };

export type Simulator = {
  readonly name: string;
  readonly url: string;
  readonly faults: Faults;
  readonly calls: CallCounts;
  close(): Promise<void>;
};

/** Only these paths count as API calls and receive injected faults (not the authorize page). */
const isApi = (url: string) => url.startsWith('/v1/') || url.startsWith('/oauth/token');

export async function startSimulator(
  name: string,
  register: (app: FastifyInstance) => void,
  opts: { port?: number } = {},
): Promise<Simulator> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  await app.register(formbody);
  let limited = { times: 0, retryAfter: 1 };
  let failing = { times: 0, status: 503 };
  let delayMs = 0;
  const byRoute = new Map<string, number>();
  const calls: CallCounts = { total: 0, byRoute, reset() { this.total = 0; byRoute.clear(); } };

  app.addHook('onRequest', async (req, reply) => {
    if (!isApi(req.url)) return;
    calls.total++;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (limited.times > 0) {
      limited.times--;
      return reply.code(429).header('retry-after', String(limited.retryAfter)).send({ message: 'API rate limit exceeded' });
    }
    if (failing.times > 0) {
      failing.times--;
      return reply.code(failing.status).send({ message: 'simulated outage' });
    }
  });
  register(app);
  const address = await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });

  const faults: Faults = {
    rateLimit: (times, retryAfter) => { limited = { times, retryAfter }; },
    serverError: (times, status = 503) => { failing = { times, status }; },
    slow: (ms) => { delayMs = ms; },
    reset: () => { limited = { times: 0, retryAfter: 1 }; failing = { times: 0, status: 503 }; delayMs = 0; },
  };
  return { name, url: address, faults, calls, close: () => app.close() };
}
