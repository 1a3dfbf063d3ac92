/**
 * A tiny framework for local simulators of the apps' APIs. Each one is a fastify plugin mounted at
 * /sandbox/<app> on the bot's own HTTP server, so people and the bot reach it wherever they reach
 * the bot (PUBLIC_URL, Docker, a tunnel). It counts the API calls it serves and has switches to inject
 * the failures the real APIs produce (429 + Retry-After, 5xx, slow answers). Tests and the bench
 * can also serve simulators on a loopback server of their own.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';

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
  /** Where it is mounted on a server: /sandbox/<name>. */
  readonly prefix: string;
  readonly faults: Faults;
  readonly calls: CallCounts;
  /** Registers the simulator's routes under its prefix. */
  mount(app: FastifyInstance): Promise<void>;
};

export type SimulatorSpec = {
  /** Which paths (below the prefix) are API calls: only those are counted and receive injected faults. */
  readonly isApi: (path: string) => boolean;
  /** The app's own answer to a path it does not have. */
  readonly notFound: (reply: FastifyReply) => void;
  /**
   * Runs when the server starts closing, before it stops taking requests: a simulator that calls
   * its host (webhook deliveries) finishes those calls, so none lands on a closing server.
   */
  readonly beforeClose?: () => Promise<void>;
};

export const sandboxPrefix = (name: string): string => `/sandbox/${name}`;

export function createSimulator(name: string, register: (scope: FastifyInstance) => void, spec: SimulatorSpec): Simulator {
  const prefix = sandboxPrefix(name);
  let limited = { times: 0, retryAfter: 1 };
  let failing = { times: 0, status: 503 };
  let delayMs = 0;
  const byRoute = new Map<string, number>();
  const calls: CallCounts = { total: 0, byRoute, reset() { this.total = 0; byRoute.clear(); } };
  const faults: Faults = {
    rateLimit: (times, retryAfter) => { limited = { times, retryAfter }; },
    serverError: (times, status = 503) => { failing = { times, status }; },
    slow: (ms) => { delayMs = ms; },
    reset: () => { limited = { times: 0, retryAfter: 1 }; failing = { times: 0, status: 503 }; delayMs = 0; },
  };

  const mount = async (app: FastifyInstance) => {
    await app.register(async (scope) => {
      if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) await scope.register(formbody);
      scope.addHook('onRequest', async (req, reply) => {
        const path = req.url.slice(prefix.length).split('?')[0] ?? '';
        if (!spec.isApi(path)) return;
        calls.total++;
        const route = `${req.method} ${(req.routeOptions.url ?? path).replace(prefix, '')}`;
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
      scope.setNotFoundHandler((_req, reply) => spec.notFound(reply));
      const beforeClose = spec.beforeClose;
      if (beforeClose) scope.addHook('preClose', async () => { await beforeClose(); });
      register(scope);
    }, { prefix });
  };
  return { name, prefix, faults, calls, mount };
}

/** Serves simulators on a loopback server of their own (tests, the bench); `url` is the server's root. */
export async function serveSimulators(sims: readonly Simulator[], o: { port?: number } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  for (const sim of sims) await sim.mount(app);
  const url = await app.listen({ host: '127.0.0.1', port: o.port ?? 0 });
  return { url, close: () => app.close() };
}
