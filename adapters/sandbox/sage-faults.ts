/**
 * The failures the Sage sandbox can be told to produce, in code and over HTTP (GET/POST /faults):
 * throttling (429 with an empty body, Retry-After only when asked: Sage documents no rate-limit
 * headers), outages (503), slow answers, a locked period and a lapsed subscription. Also the
 * per-business rolling rate limit every API call passes through.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sageError } from './sage-errors.js';
import type { Faults } from './simulator.js';

export type SageFaultState = {
  /** API calls still to answer 429, and the Retry-After (seconds) they carry, if any. */
  rateLimit: number; retryAfter: number | null;
  /** API calls still to answer with a 5xx (503 unless told otherwise). */
  serverError: number; serverErrorStatus: number;
  slowMs: number;
  /** Invoices dated on or before the business's year end lockdown date are refused. */
  closedPeriod: boolean;
  /** Every API call answers 401 "No active subscription. (MSE)", as when a trial lapses. */
  subscriptionLapsed: boolean;
  /**
   * The per-business rolling limit. Sage has not published v3.1's limit (v3.0 documented 200 per
   * 60 s per business; 100/min is a third-party claim), so the sandbox holds the bot to the lower one.
   */
  callsPerMinute: number;
};

export type SageFaults = Omit<Faults, 'rateLimit'> & {
  /** The next `times` API calls answer 429, with Retry-After only when given (Sage documents none). */
  rateLimit(times: number, retryAfterSeconds?: number): void;
  closedPeriod(on: boolean): void;
  subscriptionLapsed(on: boolean): void;
  callsPerMinute(n: number): void;
  state(): Readonly<SageFaultState>;
};

const calm = (): SageFaultState => ({
  rateLimit: 0, retryAfter: null, serverError: 0, serverErrorStatus: 503, slowMs: 0, closedPeriod: false, subscriptionLapsed: false, callsPerMinute: 100,
});

const FaultRequest = z.strictObject({
  rateLimit: z.int().min(0).optional(), retryAfter: z.int().min(0).nullable().optional(),
  serverError: z.int().min(0).optional(), slowMs: z.int().min(0).max(60_000).optional(),
  closedPeriod: z.boolean().optional(), subscriptionLapsed: z.boolean().optional(),
  callsPerMinute: z.int().min(1).optional(), reset: z.literal(true).optional(),
});

export function createSageFaults(clock: () => Date) {
  let s = calm();
  const windows = new Map<string, number[]>();
  const faults: SageFaults = {
    rateLimit: (times, retryAfterSeconds) => { s.rateLimit = times; s.retryAfter = retryAfterSeconds ?? null; },
    serverError: (times, status = 503) => { s.serverError = times; s.serverErrorStatus = status; },
    slow: (ms) => { s.slowMs = ms; },
    closedPeriod: (on) => { s.closedPeriod = on; },
    subscriptionLapsed: (on) => { s.subscriptionLapsed = on; },
    callsPerMinute: (n) => { s.callsPerMinute = n; },
    reset: () => { s = calm(); windows.clear(); },
    state: () => ({ ...s }),
  };

  /** The gateway's answer before any auth: injected throttling and outages. */
  const gateway = async (reply: FastifyReply): Promise<boolean> => {
    if (s.slowMs) await new Promise((r) => setTimeout(r, s.slowMs));
    if (s.rateLimit > 0) {
      s.rateLimit--;
      if (s.retryAfter !== null) void reply.header('retry-after', String(s.retryAfter));
      void reply.code(429).send();
      return false;
    }
    if (s.serverError > 0) {
      s.serverError--;
      void reply.code(s.serverErrorStatus).send([sageError('ServiceUnavailable', 'One of our servers required to serve this request could not be reached. Please retry later.')]);
      return false;
    }
    return true;
  };

  /** Counts a call against its business's last 60 s; answers false (and 429) once the limit is spent. */
  const admit = (businessId: string, reply: FastifyReply): boolean => {
    const now = clock().getTime();
    const recent = (windows.get(businessId) ?? []).filter((t) => t > now - 60_000);
    windows.set(businessId, recent);
    if (recent.length >= s.callsPerMinute) {
      void reply.code(429).send();
      return false;
    }
    recent.push(now);
    return true;
  };

  const register = (app: FastifyInstance) => {
    app.get('/faults', async () => faults.state());
    app.post('/faults', async (req: FastifyRequest, reply) => {
      const asked = FaultRequest.safeParse(req.body ?? {});
      if (!asked.success) return reply.code(400).send({ error: 'invalid_faults', detail: z.prettifyError(asked.error) });
      const a = asked.data;
      if (a.reset) faults.reset();
      if (a.rateLimit !== undefined) faults.rateLimit(a.rateLimit, a.retryAfter ?? undefined);
      if (a.serverError !== undefined) faults.serverError(a.serverError);
      if (a.slowMs !== undefined) faults.slow(a.slowMs);
      if (a.closedPeriod !== undefined) faults.closedPeriod(a.closedPeriod);
      if (a.subscriptionLapsed !== undefined) faults.subscriptionLapsed(a.subscriptionLapsed);
      if (a.callsPerMinute !== undefined) faults.callsPerMinute(a.callsPerMinute);
      return faults.state();
    });
  };

  return { faults, gateway, admit, register, lapsed: () => s.subscriptionLapsed, periodClosed: () => s.closedPeriod };
}

export type SageFaultSide = ReturnType<typeof createSageFaults>;
